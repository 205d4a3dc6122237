"""The log-in form's POST (IAuthenticator.login): CKAN's own password check,
wrapped in the address throttle and the account lock (``lockout.py``).

Every refusal that concerns an account says the same thing, whether the
name exists, the password was wrong, the account is locked or disabled: the
form never tells which accounts exist. Only a throttled address is told so
(it says nothing about any account). A successful log-in starts a session
without CKAN's "remember me" cookie, which would outlive the idle timeout.
"""

from __future__ import annotations

import time
from typing import Any

from flask import Response, current_app, request, session

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib import authenticator

from .. import config
from . import accounts, audit, lockout, passwords, second_factor, sessions
from .clients import client_address


def _usable(login: str) -> bool:
    """A name that can be looked up (no control characters: PostgreSQL refuses NUL)."""
    return bool(login) and all(ord(c) >= 32 for c in login)


def _find(login: str) -> model.User | None:
    return model.User.by_name(login) or model.User.by_email(login) if _usable(login) else None


def generic_failure() -> str:
    return tk._(
        "Login failed. Bad username or password, or the account is locked after "
        "repeated failures (it unlocks after {minutes} minutes, or ask a sysadmin)."
    ).format(minutes=config.lockout_minutes())


def _refuse(message: str, status: int = 200) -> Response:
    tk.h.flash_error(message)
    return Response(tk.render("user/login.html", {}), status=status)


def login() -> Response | None:
    """Answer the form's POST; None leaves the GET (the form) to CKAN."""
    if request.method != "POST" or tk.current_user.is_authenticated:
        return None
    session.pop(second_factor.PENDING, None)  # a new attempt starts from the password
    name = str(request.form.get("login") or "").strip()[:200]
    password = str(request.form.get("password") or "")
    ip = client_address()
    if lockout.address_blocked(ip):
        audit.record(audit.LOGIN_REFUSED, login=name, reason="address_throttled")
        return _refuse(
            tk._("Too many failed log-ins from your address. Try again in {minutes} minutes.").format(
                minutes=config.ip_window_minutes()
            ),
            429,
        )
    user = _find(name)
    key = lockout.account_key(user.id if user else None, name)
    if lockout.locked(key) or (user is not None and accounts.disabled(user)):
        lockout.refused(ip)
        audit.record(audit.LOGIN_REFUSED, login=name, reason="locked" if lockout.locked(key) else "disabled")
        return _refuse(generic_failure())
    found: Any = None
    if _usable(name):
        found = authenticator.ckan_authenticator({"login": name, "password": password})
        if user is None:
            passwords.spend_as_a_check(password)
    else:
        audit.record(audit.LOGIN_FAILURE, login=name)
    if not found:  # (CKAN's failed_login signal wrote the audit line)
        if lockout.failure(key, ip):
            audit.record(audit.ACCOUNT_LOCKED, user=user.name if user else None, login=name)
        return _refuse(generic_failure())
    target = request.args.get("next", request.args.get("came_from")) or ""
    if second_factor.required(found) or second_factor.enrolled(found):
        # not logged in yet; the failures are cleared only once the code is right too
        session[second_factor.PENDING] = {"user": found.id, "at": time.time(), "next": target}
        return tk.redirect_to("laodata_security.second_factor_page")
    lockout.success(key)
    start_session(found)
    return go_on(target)


def start_session(user: model.User) -> None:
    """Log ``user`` in: a new session, a new CSRF token, the idle clock started."""
    regenerate = getattr(current_app.session_interface, "regenerate", None)
    if regenerate is not None:
        regenerate(session)
    tk.login_user(user)
    _rotate_csrf_token()
    sessions.touch()


def go_on(target: str | None) -> Response:
    """Where the log-in form came from (a local page), else CKAN's page after log-in."""
    if target and tk.h.url_is_local(target):
        return tk.redirect_to(target)
    return tk.redirect_to(tk.config.get("ckan.auth.route_after_login") or "dashboard.datasets")


def _rotate_csrf_token() -> None:
    """A new CSRF token for the new session, as CKAN's own log-in does."""
    from flask_wtf.csrf import generate_csrf

    session.pop(tk.config.get("WTF_CSRF_FIELD_NAME") or "_csrf_token", None)
    generate_csrf()
