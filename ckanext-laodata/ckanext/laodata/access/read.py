"""Reading one dataset: what those who may not read it are told.

Who may read is decided by the permission labels (``access/labels.py``),
which CKAN's ``package_show`` auth and search both use. To anyone else a
non-public dataset does not exist: ``package_show`` and ``resource_show``
answer 404 "not found" instead of CKAN's 403, whose message carries the id;
``member_list`` leaves out the datasets the caller may not read.
"""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Action, Context, DataDict

from .labels import LABELS


@tk.chained_action
@tk.side_effect_free
def package_show(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    try:
        return up_func(context, data_dict)
    except tk.NotAuthorized:
        raise tk.ObjectNotFound(tk._("Dataset not found"))


@tk.chained_action
@tk.side_effect_free
def resource_show(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    try:
        return up_func(context, data_dict)
    except tk.NotAuthorized:
        raise tk.ObjectNotFound(tk._("Resource not found"))


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
