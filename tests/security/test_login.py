"""Log-in at Level 3: six bad passwords lock the account (also for its API
tokens) until a sysadmin unlocks it or the lock runs out; a flood from one
address is throttled before it can lock a whole unit; the answers never tell
which accounts exist (log-in and password reset)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ckan.lib.redis import connect_to_redis
from ckan.tests import factories, helpers

from ckanext.laodata import config
from ckanext.laodata.cli import laodata
from ckanext.laodata.security import audit
from tests.factories import site_context

from .conftest import STRONG

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clear_counters")

WRONG = "Wrong-password-99"


@pytest.fixture
def clear_counters() -> Iterator[None]:
    redis = connect_to_redis()
    for key in redis.scan_iter("laodata:*:login:*"):
        redis.delete(key)
    yield
    for key in redis.scan_iter("laodata:*:login:*"):
        redis.delete(key)


def _post(app: Any, name: str, password: str, ip: str = "192.0.2.10", **kwargs: Any) -> Any:
    return app.post(
        "/user/login",
        data={"login": name, "password": password},
        environ_base={"REMOTE_ADDR": ip},
        follow_redirects=False,
        **kwargs,
    )


def _logged_in(response: Any) -> bool:
    return response.status_code == 302 and "/user/login" not in response.headers.get("Location", "")


def _message(response: Any) -> str:
    body = response.body
    start = body.find('class="alert')
    return body[start : body.find("</div>", start)] if start >= 0 else ""


def test_six_bad_passwords_lock_the_account_until_a_sysadmin_unlocks_it(
    app: Any, cli: Any, events: Any
) -> None:
    user = factories.User(password=STRONG)
    for _ in range(5):
        assert not _logged_in(_post(app, user["name"], WRONG))
    # the sixth try, with the right password: refused, the account is locked
    refused = _post(app, user["name"], STRONG)
    assert not _logged_in(refused)
    assert "Login failed" in _message(refused)
    assert [e["user"] for e in events(audit.ACCOUNT_LOCKED)] == [user["name"]]
    assert events(audit.LOGIN_REFUSED)[-1]["reason"] == "locked"
    # by e-mail too: the same account
    assert not _logged_in(_post(app, user["email"], STRONG))
    result = cli.invoke(laodata, ["account", "unlock", user["name"]])
    assert result.exit_code == 0, result.output
    assert "unlocked" in result.output
    assert _logged_in(_post(app, user["name"], STRONG))
    assert events(audit.ACCOUNT_UNLOCKED)[-1]["user"] == user["name"]


def test_four_bad_passwords_then_the_right_one_log_in_and_reset_the_count(app: Any, events: Any) -> None:
    user = factories.User(password=STRONG)
    for _ in range(4):
        _post(app, user["name"], WRONG)
    assert _logged_in(_post(app, user["name"], STRONG))
    app.get("/user/_logout")
    for _ in range(4):
        _post(app, user["name"], WRONG)
    assert _logged_in(_post(app, user["name"], STRONG))


@pytest.mark.ckan_config(config.LOCKOUT_MINUTES, 7)
def test_the_lock_lasts_lockout_minutes_after_the_last_failure(app: Any) -> None:
    user = factories.User(password=STRONG)
    for _ in range(5):
        _post(app, user["name"], WRONG)
    redis = connect_to_redis()
    (key,) = redis.keys(f"laodata:*:login:account:{user['id']}")
    assert 7 * 60 - 5 <= redis.ttl(key) <= 7 * 60
    assert not _logged_in(_post(app, user["name"], STRONG))
    redis.delete(key)  # what Redis does when the seven minutes are over
    assert _logged_in(_post(app, user["name"], STRONG))


def test_the_answers_never_say_which_accounts_exist(app: Any) -> None:
    user = factories.User(password=STRONG)
    unknown = _message(_post(app, "nobody-here", WRONG))
    wrong = _message(_post(app, user["name"], WRONG))
    for _ in range(5):
        _post(app, "nobody-here", WRONG, ip="192.0.2.11")
        _post(app, user["name"], WRONG, ip="192.0.2.12")
    locked_unknown = _message(_post(app, "nobody-here", STRONG, ip="192.0.2.13"))
    locked = _message(_post(app, user["name"], STRONG, ip="192.0.2.13"))
    assert unknown and unknown == wrong == locked == locked_unknown


def test_a_flood_from_one_address_is_throttled_before_it_locks_the_unit(app: Any, events: Any) -> None:
    org = factories.Organization()
    members = [factories.User(password=STRONG) for _ in range(5)]
    for member in members:
        helpers.call_action(
            "organization_member_create",
            context=site_context(),
            id=org["id"],
            username=member["name"],
            role="editor",
        )
    statuses = []
    for member in members:
        for _ in range(5):
            statuses.append(_post(app, member["name"], WRONG, ip="203.0.113.66").status_code)
    # 10 failures (the address's limit) lock two accounts; then the address is refused
    assert statuses.count(429) == 15
    assert len(events(audit.ACCOUNT_LOCKED)) == 2
    assert events(audit.LOGIN_REFUSED)[-1]["reason"] == "address_throttled"
    # the rest of the unit logs in from its own addresses
    for member in members[2:]:
        assert _logged_in(_post(app, member["name"], STRONG, ip="198.51.100.7"))
        app.get("/user/_logout")
    # and the throttled address may not even try a right password
    assert _post(app, members[4]["name"], STRONG, ip="203.0.113.66").status_code == 429


@pytest.mark.ckan_config(config.TRUSTED_PROXIES, 1)
def test_behind_a_proxy_a_forged_forwarded_address_does_not_escape_the_throttle(app: Any) -> None:
    user = factories.User(password=STRONG)
    codes = []
    for n in range(12):
        response = _post(
            app,
            user["name"] if n < 5 else f"guess-{n}",
            WRONG,
            ip="10.0.0.2",  # the proxy
            headers={"X-Forwarded-For": f"10.9.9.{n}, 203.0.113.5"},
        )
        codes.append(response.status_code)
    assert codes[-1] == 429 and codes.count(429) == 2


def test_a_locked_account_s_api_tokens_are_refused_until_unlocked(app: Any, cli: Any, events: Any) -> None:
    user = factories.User(password=STRONG)
    token = factories.APIToken(user=user["name"])["token"]
    headers = {"Authorization": token}
    assert app.get("/api/3/action/dashboard_activity_list", headers=headers).status_code == 200
    for _ in range(5):
        _post(app, user["name"], WRONG)
    refused = app.get("/api/3/action/dashboard_activity_list", headers=headers, status=403)
    assert refused.json["success"] is False
    assert events(audit.TOKEN_REFUSED)[-1]["user"] == user["name"]
    cli.invoke(laodata, ["account", "unlock", user["name"]])
    assert app.get("/api/3/action/dashboard_activity_list", headers=headers).status_code == 200


def test_a_password_reset_request_says_the_same_for_every_name(app: Any) -> None:
    user = factories.User(password=STRONG, email="someone@example.invalid")
    answers = []
    for typed in (user["name"], "someone@example.invalid", "nobody-at-all", "nobody@example.invalid"):
        response = app.post("/user/reset", data={"user": typed}, follow_redirects=True)
        assert response.status_code == 200
        answers.append(_message(response))
    assert answers[0] and len(set(answers)) == 1


def test_hostile_log_in_forms_get_the_form_back(app: Any) -> None:
    for data in (
        {},
        {"login": "x" * 10000, "password": "y"},
        {"login": "' OR 1=1 --", "password": "' OR 1=1 --"},
        {"login": "\x00admin", "password": "\x00"},
        {"login": "ຜູ້ໃຊ້", "password": "ລະຫັດ"},
    ):
        response = app.post(
            "/user/login", data=data, environ_base={"REMOTE_ADDR": "192.0.2.99"}, follow_redirects=False
        )
        assert response.status_code == 200
        assert "Login failed" in _message(response)
