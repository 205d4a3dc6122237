"""Who may move a dataset through the workflow (sysadmins pass every check first).

Units' editors and admins submit their unit's datasets; reviewers
(``workflow/reviewers.py``) approve, return, publish and unpublish, except for
a unit in which they hold an editing role; anyone who may read a dataset may
read its history.
"""

from __future__ import annotations

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ..access.roles import is_reviewer, may_review


def laodata_dataset_submit(context: Context, data_dict: DataDict) -> AuthResult:
    """Those who may edit the dataset in its unit (editors and admins)."""
    result = authz.is_authorized("package_update", context, {"id": data_dict.get("id")})
    if not result.get("success"):
        return {"success": False, "msg": tk._("Only the unit's editors may submit this dataset")}
    return {"success": True}


def reviewer_only(context: Context, data_dict: DataDict, refusal: str | None = None) -> AuthResult:
    """Reviewers of the dataset named by ``id`` (``access/roles.may_review``) only;
    ``refusal`` says what the others may not do."""
    package = model.Package.get(str(data_dict.get("id") or ""))
    if package is None:
        return {"success": False, "msg": tk._("Dataset not found")}
    if not may_review(context.get("user"), package.owner_org):
        return {
            "success": False,
            "msg": refusal
            or tk._("Only reviewers of the data office may do this, and not for a unit they edit in"),
        }
    return {"success": True}


def laodata_dataset_review(context: Context, data_dict: DataDict) -> AuthResult:
    return reviewer_only(context, data_dict)


def laodata_dataset_publish(context: Context, data_dict: DataDict) -> AuthResult:
    return reviewer_only(context, data_dict)


def laodata_dataset_unpublish(context: Context, data_dict: DataDict) -> AuthResult:
    return reviewer_only(context, data_dict)


@tk.auth_allow_anonymous_access
def laodata_workflow_history(context: Context, data_dict: DataDict) -> AuthResult:
    return authz.is_authorized("package_show", context, {"id": data_dict.get("id")})


def laodata_review_queue(context: Context, data_dict: DataDict) -> AuthResult:
    if not is_reviewer(context.get("user")):
        return {"success": False, "msg": tk._("Only reviewers of the data office see the review queue")}
    return {"success": True}
