"""The second factor: a sysadmin (or reviewer) cannot log in without a TOTP
code; enrolment shows the key and ten recovery codes once; a code is good
once; a recovery code is good once; wrong codes lock like wrong passwords."""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any

import pyotp
import pytest

import ckan.model as model
from ckan.lib.redis import connect_to_redis
from ckan.tests import factories, helpers

from ckanext.laodata import config
from ckanext.laodata.cli import laodata
from ckanext.laodata.security import audit
from tests.factories import site_context

from .conftest import STRONG

pytestmark = [
    pytest.mark.usefixtures("with_plugins", "clean_db", "clear_counters"),
    pytest.mark.ckan_config(config.SECOND_FACTOR_ROLES, "sysadmin reviewer"),
]

STEP = "/user/login/second-factor"


@pytest.fixture
def clear_counters() -> Any:
    redis = connect_to_redis()
    for key in redis.scan_iter("laodata:*:login:*"):
        redis.delete(key)
    yield
    for key in redis.scan_iter("laodata:*:login:*"):
        redis.delete(key)


def _password(app: Any, name: str) -> Any:
    return app.post("/user/login", data={"login": name, "password": STRONG}, follow_redirects=False)


def _logged_in(app: Any) -> bool:
    return app.get("/dashboard/datasets", follow_redirects=False).status_code == 200


def _csrf(page: str) -> str:
    found = re.search(r'name="_csrf_token" value="([^"]+)"', page)
    assert found, "no CSRF token on the page"
    return found.group(1)


def _give(app: Any, code: str) -> Any:
    page = app.get(STEP).body
    return app.post(STEP, data={"code": code, "_csrf_token": _csrf(page)}, follow_redirects=False)


def _enrol(app: Any, name: str) -> tuple[str, list[str]]:
    assert STEP in _password(app, name).headers["Location"]
    page = app.get(STEP).body
    secret = re.search(r'class="laodata-totp-secret">([A-Z2-7]+)<', page).group(1)
    done = app.post(STEP, data={"code": pyotp.TOTP(secret).now(), "_csrf_token": _csrf(page)})
    codes = re.findall(r"<li><code>([0-9a-f]{6}-[0-9a-f]{6})</code></li>", done.body)
    return secret, codes


def test_a_sysadmin_cannot_log_in_without_the_second_factor(app: Any, events: Any) -> None:
    admin = factories.Sysadmin(password=STRONG)
    response = _password(app, admin["name"])
    assert response.status_code == 302 and STEP in response.headers["Location"]
    assert not _logged_in(app)  # the right password alone is not a log-in
    assert not events(audit.LOGIN_SUCCESS)
    # straight to a page: still not logged in
    assert app.get("/ckan-admin", follow_redirects=False).status_code in (302, 403)


def test_enrolment_shows_the_key_and_ten_recovery_codes_once(app: Any, events: Any) -> None:
    admin = factories.Sysadmin(password=STRONG)
    secret, codes = _enrol(app, admin["name"])
    assert len(codes) == 10 and len(set(codes)) == 10
    assert _logged_in(app)
    assert events(audit.SECOND_FACTOR_ENROLLED)[-1]["user"] == admin["name"]
    stored = (model.User.get(admin["id"]).plugin_extras or {})["laodata_security"]
    assert stored["totp_secret"] == secret
    assert not set(codes) & set(stored["recovery_codes"])  # stored hashed
    text = "".join(audit.lines())
    assert secret not in text and not any(c in text for c in codes)


def test_each_log_in_needs_a_fresh_code(app: Any, freezer: Any) -> None:
    admin = factories.Sysadmin(password=STRONG)
    secret, _ = _enrol(app, admin["name"])
    app.get("/user/_logout")
    freezer.tick(dt.timedelta(seconds=31))
    assert STEP in _password(app, admin["name"]).headers["Location"]
    assert "laodata-totp-secret" not in app.get(STEP).body  # enrolled: no key shown again
    code = pyotp.TOTP(secret).now()
    assert _give(app, code).status_code == 302
    assert _logged_in(app)
    app.get("/user/_logout")
    # the same code again, within its 30 seconds: refused (no replay)
    _password(app, admin["name"])
    assert _give(app, code).status_code == 200
    assert not _logged_in(app)
    assert _give(app, "000000" if code != "000000" else "111111").status_code == 200
    assert not _logged_in(app)


def test_a_recovery_code_works_once(app: Any, events: Any) -> None:
    admin = factories.Sysadmin(password=STRONG)
    _, codes = _enrol(app, admin["name"])
    app.get("/user/_logout")
    _password(app, admin["name"])
    assert _give(app, codes[3].upper()).status_code == 302
    assert _logged_in(app)
    assert events(audit.RECOVERY_CODE_USED)[-1]["left"] == 9
    app.get("/user/_logout")
    _password(app, admin["name"])
    assert _give(app, codes[3]).status_code == 200
    assert not _logged_in(app)


def test_wrong_codes_lock_the_account_like_wrong_passwords(app: Any, cli: Any, events: Any) -> None:
    admin = factories.Sysadmin(password=STRONG)
    secret, _ = _enrol(app, admin["name"])
    app.get("/user/_logout")
    _password(app, admin["name"])
    for _ in range(4):
        _give(app, "123456")
    # a right password again does not clear the count while the code is wanted
    _password(app, admin["name"])
    _give(app, "654321")
    assert events(audit.ACCOUNT_LOCKED)[-1]["user"] == admin["name"]
    # locked: the right code is refused too, and so is the password
    _password(app, admin["name"])
    assert not _logged_in(app)
    assert "laodata-second-factor" not in app.get(STEP, follow_redirects=True).body
    assert cli.invoke(laodata, ["account", "unlock", admin["name"]]).exit_code == 0
    _password(app, admin["name"])
    assert _give(app, pyotp.TOTP(secret).at(time.time() + 30)).status_code == 302


def test_reviewers_need_it_and_other_users_do_not(app: Any) -> None:
    reviewers = factories.Organization(name="data-office")
    reviewer = factories.User(password=STRONG)
    helpers.call_action(
        "organization_member_create",
        context=site_context(),
        id=reviewers["id"],
        username=reviewer["name"],
        role="member",
    )
    editor = factories.User(password=STRONG)
    with pytest.MonkeyPatch.context() as mp:
        from ckan.plugins import toolkit as tk

        mp.setitem(tk.config, config.REVIEWERS_ORGANIZATION, "data-office")
        assert STEP in _password(app, reviewer["name"]).headers["Location"]
        app.get("/user/_logout")
        response = _password(app, editor["name"])
        assert STEP not in response.headers["Location"]
        assert _logged_in(app)


def test_the_step_waits_five_minutes(app: Any, freezer: Any) -> None:
    admin = factories.Sysadmin(password=STRONG)
    freezer.move_to(dt.datetime.utcnow())
    _password(app, admin["name"])
    freezer.tick(dt.timedelta(minutes=5, seconds=1))
    response = app.get(STEP, follow_redirects=False)
    assert response.status_code == 302 and "/user/login" in response.headers["Location"]


def test_the_step_refuses_a_post_without_csrf_token_and_without_a_pending_log_in(app: Any) -> None:
    admin = factories.Sysadmin(password=STRONG)
    assert app.get(STEP, follow_redirects=False).status_code == 302  # nothing pending
    _password(app, admin["name"])
    assert app.post(STEP, data={"code": "123456"}, status=400)


def test_a_sysadmin_resets_a_lost_device(app: Any, cli: Any) -> None:
    admin = factories.Sysadmin(password=STRONG)
    _enrol(app, admin["name"])
    app.get("/user/_logout")
    result = cli.invoke(laodata, ["account", "reset-second-factor", admin["name"]])
    assert "second factor reset" in result.output
    _password(app, admin["name"])
    assert "laodata-totp-secret" in app.get(STEP).body  # enrols again
