"""Reading one dataset: what those who may not read it are told.

Who may read is decided by the permission labels (``access/labels.py``),
which CKAN's ``package_show`` auth and search both use. To anyone else a
non-public dataset does not exist: ``package_show`` and ``resource_show``
answer 404 "not found" instead of CKAN's 403, whose message carries the id;
so do the other actions that name a dataset (its activity list, and the
writes: update, patch, delete, the resource actions) when the caller may not
even read it; ``member_list`` leaves out the datasets the caller may not read.
A resource held while its new file is checked (``held.py``) is "not found"
to anyone but the dataset's staff, on ``resource_show`` and so on the
download and preview paths, which ask it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Action, Context, DataDict

from ..security import audit
from .held import may_read_held
from .labels import LABELS


@tk.chained_action
@tk.side_effect_free
def package_show(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    try:
        return up_func(context, data_dict)
    except tk.NotAuthorized:
        audit.record(audit.READ_DENIED, dataset=data_dict.get("id") or data_dict.get("name_or_id"))
        raise tk.ObjectNotFound(tk._("Dataset not found")) from None


@tk.chained_action
@tk.side_effect_free
def resource_show(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    try:
        resource = up_func(context, data_dict)
    except tk.NotAuthorized:
        audit.record(audit.READ_DENIED, resource=data_dict.get("id"))
        raise tk.ObjectNotFound(tk._("Resource not found")) from None
    if isinstance(resource, dict) and not may_read_held(context, resource.get("id")):
        raise tk.ObjectNotFound(tk._("Resource not found"))
    return resource


def may_read(context: Context, package_id: str) -> bool:
    """Whether the caller may read the dataset (by CKAN's ``package_show`` auth)."""
    return bool(authz.is_authorized("package_show", context.copy(), {"id": package_id}).get("success"))


def _dataset_of_resource(data_dict: DataDict) -> str | None:
    resource = model.Resource.get(str(data_dict.get("id") or ""))
    return resource.package_id if resource is not None else None


def unreadable_is_not_found(dataset_id: Callable[[DataDict], str | None]) -> Callable[[Any], Any]:
    """For a chained action: a refusal (NotAuthorized) to someone who may not
    even read the dataset becomes 404 "not found", saying nothing of it.
    ``dataset_id`` finds the dataset the request names (None: none exists)."""

    def decorate(action: Any) -> Any:
        @functools.wraps(action)
        def wrapper(up_func: Action, context: Context, data_dict: DataDict) -> Any:
            try:
                return action(up_func, context, data_dict)
            except tk.NotAuthorized:
                name = dataset_id(data_dict) if isinstance(data_dict, dict) else None
                package = model.Package.get(str(name)) if name else None
                if package is None or not may_read(context, package.id):
                    raise tk.ObjectNotFound(tk._("Dataset not found")) from None
                raise

        return wrapper

    return decorate


by_id = unreadable_is_not_found(lambda d: d.get("id"))
by_package_id = unreadable_is_not_found(lambda d: d.get("package_id"))
by_resource = unreadable_is_not_found(_dataset_of_resource)


@tk.chained_action
@by_id
def package_patch(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    return up_func(context, data_dict)


@tk.chained_action
@by_id
def package_delete(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    return up_func(context, data_dict)


@tk.chained_action
@by_resource
def resource_patch(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    return up_func(context, data_dict)


@tk.chained_action
@tk.side_effect_free
@by_id
def package_activity_list(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    return up_func(context, data_dict)


def readable_package_ids(context: Context, package_ids: list[str]) -> set[str]:
    """Those of ``package_ids`` the caller may read (by permission labels)."""
    user = model.User.get(context.get("user") or "") if context.get("user") else None
    packages = model.Session.query(model.Package).filter(model.Package.id.in_(package_ids)).all()
    if user is not None and user.sysadmin:
        return {p.id for p in packages}
    user_labels = set(LABELS.get_user_dataset_labels(user))  # type: ignore[arg-type]
    return {p.id for p in packages if user_labels & set(LABELS.get_dataset_labels(p))}


@tk.chained_action
@tk.side_effect_free
def member_list(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    """An organization's members without the datasets the caller may not read
    (CKAN lists every dataset id to anyone)."""
    members = up_func(context, data_dict)
    package_ids = [m[0] for m in members if m[1] == "package"]
    if not package_ids:
        return members
    readable = readable_package_ids(context, package_ids)
    return [m for m in members if m[1] != "package" or m[0] in readable]
