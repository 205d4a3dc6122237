"""Who may clear a dataset's personal-data flag: its reviewers (as for a review decision)."""

from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ..access.roles import may_review


def laodata_personal_data_clear(context: Context, data_dict: DataDict) -> AuthResult:
    package = model.Package.get(str(data_dict.get("id") or ""))
    if package is None:
        return {"success": False, "msg": tk._("Dataset not found")}
    if not may_review(context.get("user"), package.owner_org):
        return {
            "success": False,
            "msg": tk._("Only a reviewer of this dataset may clear the personal-data flag"),
        }
    return {"success": True}
