"""Sessions at Level 3: an idle session ends after idle_minutes; session
cookies are HTTP-only and same-site (and secure when the portal is served over
https); no "remember me" cookie outlives the idle timeout."""

from __future__ import annotations

import configparser
import datetime as dt
import os
import pathlib
import subprocess
import sys
from typing import Any

import jwt
import pytest

from ckan.tests import factories

from ckanext.laodata import config
from ckanext.laodata.security import audit

from .conftest import STRONG

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _log_in(app: Any, name: str) -> Any:
    return app.post(
        "/user/login",
        data={"login": name, "password": STRONG, "remember": "63072000000"},
        follow_redirects=False,
    )


def _logged_in(app: Any) -> bool:
    return app.get("/dashboard/datasets", follow_redirects=False).status_code == 200


def test_an_idle_session_ends_after_fifteen_minutes(app: Any, freezer: Any, events: Any) -> None:
    user = factories.User(password=STRONG)
    freezer.move_to("2026-12-07 10:00:00")
    assert _log_in(app, user["name"]).status_code == 302
    assert _logged_in(app)
    freezer.tick(dt.timedelta(minutes=14, seconds=50))  # active again just in time: the clock restarts
    assert _logged_in(app)
    freezer.tick(dt.timedelta(minutes=14, seconds=50))
    assert _logged_in(app)
    freezer.tick(dt.timedelta(minutes=15, seconds=10))
    assert not _logged_in(app)
    assert [e["user"] for e in events(audit.SESSION_EXPIRED)] == [user["name"]]
    # logged out for good, not only for that request
    assert not _logged_in(app)


@pytest.mark.ckan_config(config.IDLE_MINUTES, 30)
def test_the_idle_time_is_configured(app: Any, freezer: Any) -> None:
    user = factories.User(password=STRONG)
    freezer.move_to("2026-12-07 10:00:00")
    _log_in(app, user["name"])
    freezer.tick(dt.timedelta(minutes=29))
    assert _logged_in(app)
    freezer.tick(dt.timedelta(minutes=31))
    assert not _logged_in(app)


def test_an_api_token_is_not_a_session(app: Any, freezer: Any) -> None:
    user = factories.User(password=STRONG)
    token = factories.APIToken(user=user["name"])["token"]
    # the frozen clock just after the token's issue time (the database's clock)
    issued = jwt.decode(token, options={"verify_signature": False})["iat"]
    freezer.move_to(dt.datetime.fromtimestamp(issued + 1, dt.timezone.utc))
    app.get("/api/3/action/dashboard_activity_list", headers={"Authorization": token}, status=200)
    freezer.tick(dt.timedelta(hours=2))
    app.get("/api/3/action/dashboard_activity_list", headers={"Authorization": token}, status=200)


def test_the_session_cookie_is_http_only_and_same_site_and_no_remember_me(app: Any) -> None:
    user = factories.User(password=STRONG)
    response = _log_in(app, user["name"])
    cookies = response.headers.getlist("Set-Cookie")
    session = [c for c in cookies if c.startswith("ckan=")]
    assert session and "HttpOnly" in session[-1] and "SameSite=Lax" in session[-1]
    assert not [c for c in cookies if c.startswith("remember_token=")]


@pytest.mark.ckan_config("SESSION_COOKIE_SECURE", True)
def test_over_https_the_session_cookie_is_secure(app: Any) -> None:
    user = factories.User(password=STRONG)
    cookies = _log_in(app, user["name"]).headers.getlist("Set-Cookie")
    assert "Secure" in [c for c in cookies if c.startswith("ckan=")][-1]


@pytest.mark.parametrize(
    ("site_url", "secure"), [("https://data.example.gov.la", "true"), ("http://127.0.0.1:5000", "false")]
)
def test_the_portal_s_ini_marks_cookies_secure_exactly_over_https(
    tmp_path: pathlib.Path, site_url: str, secure: str
) -> None:
    ini = tmp_path / "ckan.ini"
    env = {
        **os.environ,
        "LAODATA_SITE_URL": site_url,
        "LAODATA_DATABASE_URL": "postgresql://u:p@h/d",
        "LAODATA_STORAGE_PATH": str(tmp_path),
    }
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "write_config.py"),
            str(ROOT / "config" / "ckan.ini.template"),
            str(ini),
        ],
        env=env,
        check=True,
    )
    parser = configparser.RawConfigParser(strict=False)
    parser.read(ini)
    main = dict(parser.items("app:main"))
    assert main["session_cookie_secure"] == secure == main["remember_cookie_secure"]
    assert main["session_cookie_httponly"] == "true" and main["session_cookie_samesite"] == "Lax"
    assert main["ckanext.laodata.accounts.idle_minutes"] == "15"
    assert main["ckanext.laodata.accounts.trusted_proxies"] == "0"
