"""Who may move a dataset through the workflow."""
from __future__ import annotations

import ckan.authz as authz
import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict


def laodata_dataset_submit(context: Context, data_dict: DataDict) -> AuthResult:
    """Those who may edit the dataset in its unit (editors and admins)."""
    result = authz.is_authorized("package_update", context, {"id": data_dict.get("id")})
    if not result.get("success"):
        return {"success": False, "msg": tk._("Only the unit's editors may submit this dataset")}
    return {"success": True}
