"""Accounts disabled for inactivity, and their re-enabling by a sysadmin.

A disabled account keeps its memberships and datasets; it cannot log in and
its API tokens and sessions are refused (``sessions.py``) until a sysadmin
runs ``ckan laodata account enable``. Activity is CKAN's ``last_active``
(set at most every ``ckan.user.last_active_interval`` seconds on any
request), or the account's creation when it never was active."""

from __future__ import annotations

import datetime as dt

import ckan.model as model
import ckan.plugins.toolkit as tk

from .. import config
from . import audit, state


def disabled(user: model.User) -> bool:
    return bool(state.get(user).get("disabled_at"))


def _last_seen(user: model.User) -> dt.datetime | None:
    return getattr(user, "last_active", None) or user.created


def disable_inactive(now: dt.datetime | None = None) -> list[str]:
    """Disable the active accounts idle longer than ``inactive_days``; their names."""
    days = config.inactive_days()
    if days <= 0:
        return []
    cutoff = (now or dt.datetime.utcnow()) - dt.timedelta(days=days)
    site_user = model.User.get(_site_user_name())
    names = []
    for user in model.Session.query(model.User).filter(model.User.state == "active"):
        if site_user is not None and user.id == site_user.id:
            continue
        seen = _last_seen(user)
        if seen is not None and seen < cutoff and not disabled(user):
            state.put(user, disabled_at=(now or dt.datetime.utcnow()).isoformat(timespec="seconds"))
            audit.record(
                audit.ACCOUNT_DISABLED, user=user.name, last_active=seen.isoformat(timespec="seconds")
            )
            names.append(user.name)
    return names


def enable(user: model.User) -> bool:
    """Re-enable a disabled account (its activity clock restarts); whether it was disabled."""
    was = disabled(user)
    if was:
        user.last_active = dt.datetime.utcnow()
        state.put(user, disabled_at=None)
        audit.record(audit.ACCOUNT_ENABLED, user=user.name)
    return was


def _site_user_name() -> str:
    return str(tk.config.get("ckan.site_id") or "")
