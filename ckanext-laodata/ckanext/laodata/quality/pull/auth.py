"""Who may set up, read and run scheduled pulls.

Setting or removing a resource's source: whoever may edit the resource
(CKAN's ``resource_update``: the unit's editors and admins, sysadmins).
Reading it (the URL of a unit's system, how the last pulls went): the
dataset's staff (its unit and the reviewers). Running the due pulls: sysadmins.
"""

from __future__ import annotations

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ...access.roles import is_staff_for


def _resource(data_dict: DataDict) -> model.Resource | None:
    return model.Resource.get(str(data_dict.get("id") or ""))


def laodata_pull_source_set(context: Context, data_dict: DataDict) -> AuthResult:
    resource = _resource(data_dict)
    if resource is None:
        return {"success": False, "msg": tk._("Resource not found")}
    allowed = authz.is_authorized("resource_update", context.copy(), {"id": resource.id})
    if not allowed.get("success"):
        return {"success": False, "msg": tk._("Only the unit's editors may set up a scheduled pull")}
    return {"success": True}


def laodata_pull_source_delete(context: Context, data_dict: DataDict) -> AuthResult:
    return laodata_pull_source_set(context, data_dict)


def laodata_pull_source_show(context: Context, data_dict: DataDict) -> AuthResult:
    resource = _resource(data_dict)
    package = model.Package.get(resource.package_id) if resource is not None and resource.package_id else None
    if package is None or not is_staff_for(context.get("user"), package):
        return {"success": False, "msg": tk._("Only the unit and the reviewers see a dataset's pull source")}
    return {"success": True}


def laodata_pull_run(context: Context, data_dict: DataDict) -> AuthResult:
    return {"success": False, "msg": tk._("Only sysadmins run the scheduled pulls")}
