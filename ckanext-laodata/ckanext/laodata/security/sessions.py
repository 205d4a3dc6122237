"""Who may go on being identified, on every request (IAuthenticator.identify):

- a browser session idle longer than ``idle_minutes`` is logged out (its last
  request's time is kept in the session);
- a locked or disabled account's session is logged out and its API tokens
  are refused (403), so neither is a way around the lock.
"""

from __future__ import annotations

import json
import time
from typing import Any

from flask import Response, session

import ckan.plugins.toolkit as tk

from .. import config
from . import accounts, audit, lockout

SEEN = "laodata_seen"


def touch() -> None:
    session[SEEN] = int(time.time())


def _barred(user: Any) -> bool:
    return lockout.locked(lockout.account_key(user.id, user.name)) or accounts.disabled(user)


def identify() -> Response | None:
    user: Any = tk.current_user
    if not getattr(user, "is_authenticated", False):
        return None
    if tk.g.get("login_via_auth_header"):
        if _barred(user):
            audit.record(audit.TOKEN_REFUSED, user=user.name)
            return _refused()
        return None
    seen = session.get(SEEN)
    idle = time.time() - seen if isinstance(seen, (int, float)) else 0
    barred = _barred(user)  # a Redis read and the account's state: once a request
    if barred or idle > config.idle_minutes() * 60:
        if not barred:
            audit.record(audit.SESSION_EXPIRED, user=user.name, actor=user.name, idle_seconds=int(idle))
            tk.h.flash_notice(
                tk._("You were logged out after {minutes} minutes without activity.").format(
                    minutes=config.idle_minutes()
                )
            )
        session.pop(SEEN, None)
        tk.logout_user()
        tk.g.user, tk.g.userobj = "", None  # CKAN set them before asking
        return None
    touch()
    return None


def _refused() -> Response:
    message = tk._("This account is locked or disabled.")
    body = {"success": False, "error": {"__type": "Authorization Error", "message": message}}
    return Response(json.dumps(body), status=403, mimetype="application/json")
