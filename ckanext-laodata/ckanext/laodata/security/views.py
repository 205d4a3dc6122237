"""Pages of account security: the audit log for sysadmins, the log-in's second step."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, request, session

import ckan.plugins.toolkit as tk

from ..downloads import attachment
from ..forms import check_csrf_token
from . import audit, lockout, login, second_factor
from .clients import client_address

security = Blueprint("laodata_security", __name__)

PAGE_LIMIT = 200


def _context() -> Any:
    return {"user": tk.current_user.name, "auth_user_obj": tk.current_user}


@security.route("/ckan-admin/audit")
def audit_page() -> Any:
    args = {k: request.args.get(k, "") for k in ("since", "until", "event", "user")}
    errors: dict[str, Any] = {}
    result: dict[str, Any] = {"count": 0, "events": []}
    try:
        result = tk.get_action("laodata_audit_list")(_context(), {**args, "limit": PAGE_LIMIT})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only sysadmins may read the security audit log"))
    except tk.ValidationError as exc:
        errors = exc.error_dict
    return tk.render(
        "laodata/audit.html",
        {"result": result, "args": args, "errors": errors, "events": audit.EVENTS, "limit": PAGE_LIMIT},
    )


@security.route("/ckan-admin/audit/export.jsonl")
def audit_export() -> Response | Any:
    try:
        tk.check_access("laodata_audit_list", _context(), {})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only sysadmins may read the security audit log"))
    days = {}
    for field in ("since", "until"):
        value = request.args.get(field) or ""
        try:
            days[field] = audit.dt.date.fromisoformat(value) if value else None
        except ValueError:
            return tk.abort(400, tk._("Use a date as YYYY-MM-DD"))
    audit.record(audit.AUDIT_EXPORTED, since=request.args.get("since"), until=request.args.get("until"))
    body = "".join(line + "\n" for line in audit.lines(days["since"], days["until"]))
    return attachment(body.encode("utf-8"), "laodata-audit.jsonl", "application/x-ndjson")


@security.route("/user/login/second-factor", methods=["GET", "POST"])
def second_factor_page() -> Any:
    """The log-in's second step: enrol (key, first code, recovery codes) or give a code."""
    check_csrf_token(anonymous_too=True)
    waiting = second_factor.pending(session)
    if waiting is None:
        session.pop(second_factor.PENDING, None)
        tk.h.flash_error(tk._("Log in again: the second step waits at most five minutes."))
        return tk.redirect_to("user.login")
    user, found = waiting
    enrolling = not second_factor.enrolled(user)
    if enrolling and not found.get("secret"):
        found["secret"] = second_factor.new_secret()
        session[second_factor.PENDING] = found
    if request.method == "POST":
        done = _check_code(user, found, enrolling)
        if done is not None:
            return done
    extra = {"user_name": user.name, "enrolling": enrolling, "codes": None}
    if enrolling:
        extra.update(secret=found["secret"], uri=second_factor.provisioning_uri(found["secret"], user))
    return tk.render("laodata/second_factor.html", extra)


def _check_code(user: Any, found: dict[str, Any], enrolling: bool) -> Any:
    """A response when the code settles the log-in (accepted, or locked out);
    None to show the form again with an error."""
    code = str(request.form.get("code") or "")[:64]
    key = lockout.account_key(user.id, user.name)
    ip = client_address()
    if lockout.address_blocked(ip) or lockout.locked(key):
        session.pop(second_factor.PENDING, None)
        tk.h.flash_error(login.generic_failure())
        return tk.redirect_to("user.login")
    if enrolling and second_factor.verify_totp(user, found["secret"], code):
        codes = second_factor.enrol(user, found["secret"])
        audit.record(audit.SECOND_FACTOR_ENROLLED, user=user.name)
        return _finish(user, found, codes)
    if not enrolling:
        if second_factor.verify_totp(user, second_factor.secret_of(user), code):
            return _finish(user, found, None)
        if second_factor.use_recovery_code(user, code):
            audit.record(
                audit.RECOVERY_CODE_USED, user=user.name, left=second_factor.recovery_codes_left(user)
            )
            return _finish(user, found, None)
    audit.record(audit.SECOND_FACTOR_FAILED, user=user.name)
    if lockout.failure(key, ip):
        audit.record(audit.ACCOUNT_LOCKED, user=user.name)
    tk.h.flash_error(tk._("Wrong code. Type the six digits your app shows now, or a recovery code."))
    return None


def _finish(user: Any, found: dict[str, Any], codes: list[str] | None) -> Any:
    session.pop(second_factor.PENDING, None)
    lockout.success(lockout.account_key(user.id, user.name))
    login.start_session(user)
    if codes:
        # shown once, on the page right after enrolment
        return tk.render(
            "laodata/second_factor.html",
            {"user_name": user.name, "enrolling": False, "codes": codes, "next": found.get("next") or ""},
        )
    return login.go_on(found.get("next"))
