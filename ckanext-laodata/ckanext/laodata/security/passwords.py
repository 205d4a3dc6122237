"""The password policy: length, kinds of characters, no reuse of recent ones.

Applied by the chained ``user_create`` and ``user_update`` (so on the
registration, profile and password-reset forms, the API and ``ckan user
add``). CKAN's ``ckan user setpass`` writes the hash directly and is the
sysadmin's way around it."""

from __future__ import annotations

from typing import Any

from passlib.hash import pbkdf2_sha512

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import DataDict

from .. import config
from . import state


def _kinds(password: str) -> int:
    kinds = set()
    for char in password:
        if char.isdigit():
            kinds.add("digit")
        elif char.islower():
            kinds.add("lower")
        elif char.isupper():
            kinds.add("upper")
        else:
            kinds.add("other")
    return len(kinds)


def _matches(password: str, hashed: str) -> bool:
    try:
        return bool(pbkdf2_sha512.identify(hashed) and pbkdf2_sha512.verify(password, hashed))
    except (ValueError, TypeError):
        return False


def problems(password: str, name: str | None, user: model.User | None) -> list[str]:
    """What is wrong with ``password`` as the new password of the account
    ``name`` (``user``, None for a new one); none: it may be used."""
    found = []
    minimum = config.password_min_length()
    if len(password) < minimum:
        found.append(tk._("Must be at least {n} characters long").format(n=minimum))
    kinds = config.password_min_classes()
    if _kinds(password) < kinds:
        found.append(
            tk._(
                "Must mix at least {n} of: lower-case letters, upper-case letters, digits, other characters"
            ).format(n=kinds)
        )
    if name and len(name) >= 3 and name.lower() in password.lower():
        found.append(tk._("Must not contain the user name"))
    if user is not None and _reused(password, user):
        found.append(tk._("Must not be one of your last {n} passwords").format(n=config.password_history()))
    return found


def _reused(password: str, user: model.User) -> bool:
    keep = config.password_history()
    if keep <= 0:
        return False
    if user.password and user.validate_password(password):
        return True
    return any(_matches(password, h) for h in state.get(user).get("password_history", [])[: keep - 1])


def _new_password(data_dict: DataDict) -> tuple[str, str] | None:
    """(field, value) of the new password a user write carries, if any."""
    for field in ("password1", "password"):
        value = data_dict.get(field)
        if isinstance(value, str) and value:
            return field, value
    return None


def check_new(data_dict: DataDict, user: model.User | None) -> None:
    """Refuse a write whose new password breaks the policy, naming its field."""
    new = _new_password(data_dict)
    if new is None:
        return
    found = problems(new[1], user.name if user is not None else str(data_dict.get("name") or ""), user)
    if found:
        raise tk.ValidationError({new[0]: found})


def remember(user: model.User, old_hash: Any) -> None:
    """After a change: keep the previous hash for the reuse check."""
    keep = config.password_history()
    if not old_hash or keep <= 1:
        return
    history = [str(old_hash), *state.get(user).get("password_history", [])][: keep - 1]
    state.put(user, password_history=history)


_DUMMY: list[str] = []


def spend_as_a_check(password: str) -> None:
    """Take the time a password check takes, for a name with no account, so
    the answer's delay does not tell which accounts exist."""
    if not _DUMMY:
        _DUMMY.append(pbkdf2_sha512.hash("laodata-no-such-account"))
    _matches(password, _DUMMY[0])
