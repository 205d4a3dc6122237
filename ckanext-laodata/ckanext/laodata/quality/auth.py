"""Who may clear a dataset's personal-data flag: its reviewers (as for a review decision)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ..workflow.auth import reviewer_only


def laodata_personal_data_clear(context: Context, data_dict: DataDict) -> AuthResult:
    return reviewer_only(
        context, data_dict, tk._("Only a reviewer of this dataset may clear the personal-data flag")
    )
