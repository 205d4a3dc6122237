"""Workflow actions."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict, Schema, Validator

from ..catalog.schema import no_nul
from . import state
from .validators import CONTEXT_KEY


@tk.validator_args
def _submit_schema(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe, no_nul]}


@tk.validate_action_data(_submit_schema)
def laodata_dataset_submit(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Submit a dataset for review (its unit's editors and admins).

    :param id: the dataset's id or name
    :returns: the dataset
    """
    tk.check_access("laodata_dataset_submit", context, data_dict)
    package = tk.get_action("package_show")(dict(context), {"id": data_dict["id"]})
    current = state.status_of(package)
    if package.get("state") != "active":
        raise tk.ValidationError({"state": [tk._("Finish the dataset (add its data) before submitting it")]})
    if current not in state.SUBMITTABLE:
        raise tk.ValidationError({"workflow_status": [
            tk._("Only a draft or returned dataset can be submitted; this one is '{}'").format(current)]})
    return tk.get_action("package_patch")(
        {**context, CONTEXT_KEY: "submitted"}, {"id": package["id"], "workflow_status": "submitted"}
    )
