"""Actions of account security: the audit log's reader, and the chained
actions that write its lines (tokens, memberships, sysadmin rights) and
apply the password policy and the API token lifetime."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Action, Context, DataDict, Schema, Validator

from ..validation import count_value, one_value, text_value
from . import audit, passwords, tokens

AUDIT_LIMIT = 1000


def _date(data_dict: DataDict, field: str) -> dt.date | None:
    value = data_dict.get(field)
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise tk.ValidationError({field: [tk._("Use a date as YYYY-MM-DD")]}) from None


@tk.validator_args
def _audit_list_schema(ignore_missing: Validator) -> Schema:
    """Each filter one text value (its meaning is checked by the action)."""
    text = [ignore_missing, one_value, text_value]
    return {"since": text, "until": text, "event": text, "user": text, "limit": [ignore_missing, count_value]}


@tk.side_effect_free
@tk.validate_action_data(_audit_list_schema)
def laodata_audit_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The security audit log, newest first (sysadmins only).

    :param since: first day (YYYY-MM-DD, optional)
    :param until: last day (YYYY-MM-DD, optional)
    :param event: one event name (optional; see ``security/audit.py``)
    :param user: events by or about this user name (optional)
    :param limit: most events returned (default and most 1000)
    :returns: ``{"count": n, "events": [{time, event, actor, ip, ...}]}``
    """
    tk.check_access("laodata_audit_list", context, data_dict)
    event = str(data_dict.get("event") or "") or None
    if event and event not in audit.EVENTS:
        raise tk.ValidationError({"event": [tk._("Unknown event")]})
    try:
        limit = int(AUDIT_LIMIT if data_dict.get("limit") in (None, "") else data_dict["limit"])
    except (TypeError, ValueError):
        raise tk.ValidationError({"limit": [tk._("Must be a whole number")]}) from None
    if not 1 <= limit <= AUDIT_LIMIT:
        raise tk.ValidationError({"limit": [tk._("Must be between 1 and {n}").format(n=AUDIT_LIMIT)]})
    events = audit.read(
        _date(data_dict, "since"), _date(data_dict, "until"), event, str(data_dict.get("user") or "") or None
    )
    return {"count": len(events), "events": events[:limit]}


def _user_name(value: Any) -> str | None:
    user = model.User.get(str(value or ""))
    return user.name if user else (str(value) if value else None)


def _group_name(value: Any) -> str | None:
    group = model.Group.get(str(value or ""))
    return group.name if group else (str(value) if value else None)


@tk.chained_action
def api_token_create(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    tokens.check_lifetime(data_dict)
    result = up_func(context, data_dict)
    audit.record(
        audit.TOKEN_CREATED,
        user=_user_name(data_dict.get("user")),
        token_name=data_dict.get("name"),
        token_id=tokens.token_id(result.get("token") if isinstance(result, dict) else None),
        expires=tokens.expiry_of(result.get("token") if isinstance(result, dict) else None),
    )
    return result


@tk.chained_action
def api_token_revoke(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    token_id = data_dict.get("jti") or tokens.token_id(data_dict.get("token"))
    found = model.ApiToken.get(str(token_id)) if token_id else None
    owner = found.owner.name if found is not None and found.owner is not None else None
    result = up_func(context, data_dict)
    audit.record(audit.TOKEN_REVOKED, user=owner, token_id=token_id)
    return result


@tk.chained_action
def member_create(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    result = up_func(context, data_dict)
    if data_dict.get("object_type") == "user":
        audit.record(
            audit.MEMBERSHIP_ADDED,
            user=_user_name(data_dict.get("object")),
            unit=_group_name(data_dict.get("id")),
            capacity=data_dict.get("capacity"),
        )
    return result


@tk.chained_action
def member_delete(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    result = up_func(context, data_dict)
    if data_dict.get("object_type") == "user":
        audit.record(
            audit.MEMBERSHIP_REMOVED,
            user=_user_name(data_dict.get("object")),
            unit=_group_name(data_dict.get("id")),
        )
    return result


@tk.chained_action
def user_create(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    passwords.check_new(data_dict, None)
    result = up_func(context, data_dict)
    if isinstance(result, dict) and result.get("sysadmin"):
        audit.record(audit.SYSADMIN_CHANGED, user=result.get("name"), sysadmin=True)
    return result


@tk.chained_action
def user_update(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    user = model.User.get(str(data_dict.get("id") or data_dict.get("name") or ""))
    was_sysadmin = bool(user.sysadmin) if user else None
    old_hash = user.password if user else None
    if user is not None:
        passwords.check_new(data_dict, user)
    result = up_func(context, data_dict)
    user = model.User.get(str(data_dict.get("id") or data_dict.get("name") or "")) if user else None
    if user is not None:
        if user.password != old_hash:
            passwords.remember(user, old_hash)
            audit.record(audit.PASSWORD_CHANGED, user=user.name, reset=bool(context.get("reset_password")))
        if was_sysadmin is not None and bool(user.sysadmin) != was_sysadmin:
            audit.record(audit.SYSADMIN_CHANGED, user=user.name, sysadmin=bool(user.sysadmin))
    return result
