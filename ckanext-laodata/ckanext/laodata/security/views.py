"""Pages of account security: the audit log for sysadmins."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, request

import ckan.plugins.toolkit as tk

from ..downloads import attachment
from . import audit

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
