"""DataStore reads obey the dataset's read policy (issue 12).

A resource's table in CKAN's DataStore is readable exactly when its dataset
is (``access/read.py``'s ``may_read``, i.e. the permission labels of
``access/labels.py``). To anyone else the table does not exist:
``datastore_search`` and ``datastore_info`` answer 404 with the very message
CKAN gives for a table that is not there, so an id tells nothing (CKAN's own
refusal is a 403 naming the resource). CKAN lets anyone search the tables
listed in ``ckan.datastore.public_table_search`` (``_table_metadata``: the
names, i.e. the resource ids, of every table, private ones included) without
an auth check; laodata keeps such internal tables for sysadmins.

The previews go through the same doors: the DataTables view's data calls
``datastore_search`` and first ``resource_view_show``, which is answered
"not found" too when the caller may not read the dataset.
``datastore_search_sql`` stays off (``ckan.datastore.sqlsearch.enabled``).
"""

from __future__ import annotations

from typing import Any

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Action, Context, DataDict

from .read import unreadable_is_not_found


def _is_sysadmin(context: Context) -> bool:
    return bool(context.get("ignore_auth")) or authz.is_sysadmin(context.get("user"))


def table_hidden(context: Context, resource_id: str) -> bool:
    """Whether the caller must be told the DataStore table ``resource_id`` does not exist."""
    if _is_sysadmin(context):
        return False
    resource = model.Resource.get(resource_id) if resource_id else None
    if resource is None:
        # not a resource: an alias (CKAN checks the resource it stands for) or an
        # internal table such as _table_metadata, for sysadmins only
        return resource_id.startswith("_")
    return resource.state != "active" or not _may_read(context, str(resource.package_id))


def _may_read(context: Context, package_id: str) -> bool:
    # check_access, unlike read.may_read, also works before the action's own check
    # (a template helper calls with an empty context)
    try:
        tk.check_access("package_show", {"user": context.get("user") or ""}, {"id": package_id})
    except tk.NotAuthorized:
        return False
    return True


def _guarded(up_func: Action, context: Context, data_dict: DataDict, message: str) -> Any:
    resource_id = str(data_dict.get("resource_id") or data_dict.get("id") or "")
    not_found = tk.ObjectNotFound(message.format(resource_id))
    if table_hidden(context, resource_id):
        raise not_found
    try:
        return up_func(context, data_dict)
    except tk.NotAuthorized:
        raise not_found from None


@tk.chained_action
@tk.side_effect_free
def datastore_search(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    # CKAN's words for a table that is not there (untranslated, as CKAN's)
    return _guarded(up_func, context, data_dict, 'Resource "{0}" was not found.')


@tk.chained_action
@tk.side_effect_free
def datastore_info(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    return _guarded(up_func, context, data_dict, 'Resource/Alias "{0}" was not found.')


def _dataset_of_view(data_dict: DataDict) -> str | None:
    view = model.ResourceView.get(str(data_dict.get("id") or ""))
    resource = model.Resource.get(view.resource_id) if view is not None else None
    return resource.package_id if resource is not None else None


@tk.chained_action
@tk.side_effect_free
@unreadable_is_not_found(_dataset_of_view)
def resource_view_show(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    return up_func(context, data_dict)


@tk.chained_action
@tk.side_effect_free
@unreadable_is_not_found(
    lambda d: (r.package_id if (r := model.Resource.get(str(d.get("id") or ""))) else None)
)
def resource_view_list(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    return up_func(context, data_dict)
