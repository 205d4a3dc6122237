"""The second factor: TOTP (RFC 6238, pyotp) with one-time recovery codes.

Who must use it: ``ckanext.laodata.accounts.second_factor_roles``
(sysadmins and reviewers by default). After the right password such a
user is not logged in yet: the session holds a pending log-in (for
``PENDING_SECONDS``) until a code is given on ``/user/login/second-factor``;
a user who has not enrolled enrols there first (the key, shown once, goes
into an authenticator app; a code confirms it) and gets ten recovery codes,
each usable once. A code is accepted once (a replayed code is refused);
wrong codes count as failed log-ins (``lockout.py``).

Stored in ``user.plugin_extras`` (``state.py``): the TOTP key, the last time
step used, and the recovery codes as SHA-256 hashes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from typing import Any

import pyotp

import ckan.model as model
import ckan.plugins.toolkit as tk

from .. import config
from ..access import roles
from . import state

PENDING = "laodata_second_factor"
PENDING_SECONDS = 300
RECOVERY_CODES = 10


def required(user: model.User) -> bool:
    wanted = config.second_factor_roles()
    return (
        "everyone" in wanted
        or ("sysadmin" in wanted and bool(user.sysadmin))
        or ("reviewer" in wanted and roles.is_reviewer(user.name))
    )


def enrolled(user: model.User) -> bool:
    return bool(state.get(user).get("totp_secret"))


def secret_of(user: model.User) -> str:
    return str(state.get(user).get("totp_secret") or "")


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, user: model.User) -> str:
    issuer = str(tk.config.get("ckan.site_title") or "laodata")
    return pyotp.TOTP(secret).provisioning_uri(name=user.name, issuer_name=issuer)


def _digits(code: str) -> str:
    return "".join(c for c in str(code) if c.isdigit())


def verify_totp(user: model.User, secret: str, code: str) -> bool:
    """A current code (one 30-second step either side), never one already used."""
    code = _digits(code)
    if len(code) != 6:
        return False
    totp = pyotp.TOTP(secret)
    now = time.time()
    last = int(state.get(user).get("totp_step") or 0)
    for offset in (0, -1, 1):
        moment = now + offset * totp.interval
        step = int(moment // totp.interval)
        if step > last and hmac.compare_digest(totp.at(moment), code):
            state.put(user, totp_step=step)
            return True
    return False


def _hash(code: str) -> str:
    normal = "".join(c for c in str(code).lower() if c.isalnum())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def use_recovery_code(user: model.User, code: str) -> bool:
    """Accept a recovery code once; whether it was one."""
    hashed = _hash(code)
    codes = list(state.get(user).get("recovery_codes") or [])
    for stored in codes:
        if hmac.compare_digest(stored, hashed):
            codes.remove(stored)
            state.put(user, recovery_codes=codes)
            return True
    return False


def recovery_codes_left(user: model.User) -> int:
    return len(state.get(user).get("recovery_codes") or [])


def enrol(user: model.User, secret: str) -> list[str]:
    """Keep the confirmed key; the new recovery codes (shown once, stored hashed)."""
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    state.put(user, totp_secret=secret, totp_step=0, recovery_codes=[_hash(c) for c in codes])
    return codes


def reset(user: model.User) -> bool:
    """Forget the key and the codes (a lost device); whether there were any."""
    was = enrolled(user)
    state.put(user, totp_secret=None, totp_step=None, recovery_codes=None)
    return was


def pending(session: Any) -> tuple[model.User, dict[str, Any]] | None:
    """The user whose log-in waits for a code in this session, if still in time."""
    found = session.get(PENDING)
    if not isinstance(found, dict) or time.time() - float(found.get("at") or 0) > PENDING_SECONDS:
        return None
    user = model.User.get(str(found.get("user") or ""))
    if user is None or user.state != "active":
        return None
    return user, found
