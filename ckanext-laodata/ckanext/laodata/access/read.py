"""Reading one dataset: what those who may not read it are told.

Who may read is decided by the permission labels (``access/labels.py``),
which CKAN's ``package_show`` auth and search both use. To anyone else a
non-public dataset does not exist: ``package_show`` and ``resource_show``
answer 404 "not found" instead of CKAN's 403, whose message carries the id.
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Action, Context, DataDict


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
