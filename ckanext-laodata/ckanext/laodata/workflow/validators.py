"""The dataset schema's guard on ``workflow_status``.

The status moves only through the workflow's moves (``grant.record_move``:
the workflow actions, and the gate sending an edited dataset back for
review), which write their event and grant the new status to the write (and
send it as the field's value too, so that CKAN sees a change). Any other
write keeps the stored status (``draft`` for a new dataset) and a caller who
sends a different one gets an error naming the field.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import missing
from ckan.types import Context, FlattenDataDict, FlattenErrorDict, FlattenKey

from ..statuses import STATUSES, status_of
from .grant import granted_status


def _stored_status(context: Context) -> str:
    package = context.get("package")
    return status_of(package.extras or {}) if package is not None else "draft"


def laodata_workflow_status(
    key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
) -> Any:
    package = context.get("package")
    granted = granted_status(context, package.id if package is not None else None)
    if granted:
        if granted not in STATUSES:
            raise ValueError(f"unknown workflow status {granted!r}")  # a programming error
        data[key] = granted
        return
    stored = _stored_status(context)
    sent = data.get(key)
    if sent not in (None, "", missing) and str(sent) != stored:
        errors[key].append(
            tk._(
                "The review status is changed only by the review workflow (submit, review, publish); "
                "it is '{}'"
            ).format(stored)
        )
        return
    data[key] = stored
