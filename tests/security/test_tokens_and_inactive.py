"""API tokens expire (at most api_token_max_days) and accounts inactive for
inactive_days are disabled by a scheduled command until a sysadmin enables them."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import jwt
import pytest

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib import api_token
from ckan.tests import factories, helpers

from ckanext.laodata import config
from ckanext.laodata.cli import laodata
from ckanext.laodata.security import audit

from .conftest import STRONG

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")

DAY = 86400


def _create(user: dict[str, Any], **data: Any) -> dict[str, Any]:
    return helpers.call_action(
        "api_token_create",
        context={"user": user["name"], "ignore_auth": False},
        user=user["name"],
        name="t",
        **data,
    )


def _days_left(token: str) -> float:
    return (api_token.decode_token(token)["exp"] - time.time()) / DAY


def test_a_token_lives_what_its_owner_asked_at_most_ninety_days() -> None:
    user = factories.User()
    assert 29.9 < _days_left(_create(user)["token"]) <= 30  # the default
    assert 6.9 < _days_left(_create(user, expires_in=7, unit=DAY)["token"]) <= 7
    assert 89.9 < _days_left(_create(user, expires_in=90, unit=DAY)["token"]) <= 90
    with pytest.raises(tk.ValidationError) as err:
        _create(user, expires_in=91, unit=DAY)
    assert "at most 90 days" in err.value.error_dict["expires_in"][0]
    with pytest.raises(tk.ValidationError) as err:
        _create(user, expires_in=2, unit=365 * DAY)
    assert "expires_in" in err.value.error_dict


@pytest.mark.parametrize("bad", ["abc", -5, 0, "1e9"])
def test_a_bad_lifetime_names_the_field(bad: Any) -> None:
    user = factories.User()
    with pytest.raises(tk.ValidationError) as err:
        _create(user, expires_in=bad, unit=DAY)
    assert "expires_in" in err.value.error_dict


@pytest.mark.ckan_config("expire_api_token.default_lifetime", 10 * 365 * DAY)
@pytest.mark.ckan_config(config.API_TOKEN_MAX_DAYS, 5)
def test_a_longer_default_is_held_to_the_maximum() -> None:
    assert 4.9 < _days_left(_create(factories.User())["token"]) <= 5


def test_an_expired_token_is_refused(app: Any, freezer: Any) -> None:
    user = factories.User()
    token = _create(user, expires_in=1, unit=DAY)["token"]
    _after_issue(freezer, token)
    headers = {"Authorization": token}
    app.get("/api/3/action/dashboard_activity_list", headers=headers, status=200)
    freezer.tick(dt.timedelta(days=1, minutes=1))
    app.get("/api/3/action/dashboard_activity_list", headers=headers, status=403)


def _after_issue(freezer: Any, token: str) -> None:
    """Stand the frozen clock just after the token's issue time (the
    database's clock, which runs on while the test's stands still)."""
    issued = jwt.decode(token, options={"verify_signature": False})["iat"]
    freezer.move_to(dt.datetime.fromtimestamp(issued + 1, dt.timezone.utc))


def _last_active(user: dict[str, Any], days_ago: int) -> None:
    obj = model.User.get(user["id"])
    obj.last_active = dt.datetime.utcnow() - dt.timedelta(days=days_ago)
    model.Session.commit()


def test_inactive_accounts_are_disabled_until_a_sysadmin_enables_them(
    app: Any, cli: Any, events: Any
) -> None:
    idle = factories.User(password=STRONG)
    idle_admin = factories.Sysadmin(password=STRONG)
    busy = factories.User(password=STRONG)
    token = factories.APIToken(user=idle["name"])["token"]
    _last_active(idle, 91)
    _last_active(idle_admin, 200)
    _last_active(busy, 89)
    result = cli.invoke(laodata, ["account", "disable-inactive"])
    assert result.exit_code == 0, result.output
    assert sorted(result.output.split()) == sorted(["disabled", idle["name"], "disabled", idle_admin["name"]])
    assert sorted(e["user"] for e in events(audit.ACCOUNT_DISABLED)) == sorted(
        [idle["name"], idle_admin["name"]]
    )
    # again: nothing more to do
    assert cli.invoke(laodata, ["account", "disable-inactive"]).output == ""
    login = {"login": idle["name"], "password": STRONG}
    refused = app.post("/user/login", data=login, follow_redirects=False)
    assert refused.status_code == 200 and "Login failed" in refused.body
    app.get("/api/3/action/dashboard_activity_list", headers={"Authorization": token}, status=403)
    assert (
        app.post(
            "/user/login", data={"login": busy["name"], "password": STRONG}, follow_redirects=False
        ).status_code
        == 302
    )
    app.get("/user/_logout")
    result = cli.invoke(laodata, ["account", "enable", idle["name"]])
    assert "enabled" in result.output
    assert app.post("/user/login", data=login, follow_redirects=False).status_code == 302
    app.get("/api/3/action/dashboard_activity_list", headers={"Authorization": token}, status=200)
    # the site user is never disabled
    site_user = model.User.get(helpers.call_action("get_site_user")["name"])
    assert not (site_user.plugin_extras or {}).get("laodata_security", {}).get("disabled_at")


@pytest.mark.ckan_config(config.INACTIVE_DAYS, 0)
def test_no_disabling_when_turned_off(cli: Any) -> None:
    user = factories.User()
    _last_active(user, 1000)
    assert cli.invoke(laodata, ["account", "disable-inactive"]).output == ""


def test_unknown_names_for_the_account_commands(cli: Any) -> None:
    for command in ("unlock", "enable"):
        result = cli.invoke(laodata, ["account", command, "nobody"])
        assert result.exit_code != 0
        assert "no account named 'nobody'" in result.output
