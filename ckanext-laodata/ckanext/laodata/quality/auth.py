"""Who may clear a dataset's personal-data flag (its reviewers, as for a review
decision) and read its quality score (whoever may read the dataset)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ..access.read import may_read
from ..workflow.auth import reviewer_only


def laodata_personal_data_clear(context: Context, data_dict: DataDict) -> AuthResult:
    return reviewer_only(
        context, data_dict, tk._("Only a reviewer of this dataset may clear the personal-data flag")
    )


@tk.auth_allow_anonymous_access
def laodata_quality_show(context: Context, data_dict: DataDict) -> AuthResult:
    if may_read(context, str(data_dict.get("id") or "")):
        return {"success": True}
    return {"success": False, "msg": tk._("Dataset not found")}
