"""Dataset collaborators: CKAN's auth functions assume a logged-in caller and an
existing dataset (``assert pkg and user_obj``), so an anonymous request or an
unknown id is a 500. These chained auth functions refuse such a request first;
the rest is CKAN's (collaborators stay off unless
``ckan.auth.allow_dataset_collaborators`` is set, and a collaborator's edits
go through the same publication gate as any edit).
"""

from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import AuthFunction, AuthResult, Context, DataDict


def _refuse_early(context: Context, data_dict: DataDict | None) -> AuthResult | None:
    user_name = context.get("user")
    if not user_name or model.User.get(user_name) is None:
        return {"success": False, "msg": tk._("Log in to manage a dataset's collaborators")}
    if model.Package.get(str((data_dict or {}).get("id") or "")) is None:
        return {"success": False, "msg": tk._("Dataset not found")}
    return None


def _guarded(next_auth: AuthFunction, context: Context, data_dict: DataDict | None) -> AuthResult:
    return _refuse_early(context, data_dict) or next_auth(context, data_dict or {})


@tk.chained_auth_function
def package_collaborator_create(
    next_auth: AuthFunction, context: Context, data_dict: DataDict | None
) -> AuthResult:
    return _guarded(next_auth, context, data_dict)


@tk.chained_auth_function
def package_collaborator_delete(
    next_auth: AuthFunction, context: Context, data_dict: DataDict | None
) -> AuthResult:
    return _guarded(next_auth, context, data_dict)


@tk.chained_auth_function
def package_collaborator_list(
    next_auth: AuthFunction, context: Context, data_dict: DataDict | None
) -> AuthResult:
    return _guarded(next_auth, context, data_dict)
