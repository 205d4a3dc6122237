"""What laodata keeps about an account, in CKAN's ``user.plugin_extras``
(under ``laodata_security``): earlier password hashes, when it was disabled.
Only sysadmins see ``plugin_extras`` through the API; the hashes are never
shown anywhere."""

from __future__ import annotations

from typing import Any

import ckan.model as model

KEY = "laodata_security"


def get(user: model.User) -> dict[str, Any]:
    extras = user.plugin_extras or {}
    value = extras.get(KEY)
    return dict(value) if isinstance(value, dict) else {}


def put(user: model.User, **changes: Any) -> None:
    """Store ``changes`` (None removes a field) and commit."""
    current = get(user)
    for name, value in changes.items():
        if value is None:
            current.pop(name, None)
        else:
            current[name] = value
    extras = dict(user.plugin_extras or {})
    extras[KEY] = current
    user.plugin_extras = extras  # a new dict: the JSON column sees the change
    model.Session.add(user)
    model.Session.commit()
