"""Actions of data quality: clearing the personal-data flag (issue 13 item 3)
and a dataset's quality score (item 7)."""

from __future__ import annotations

import datetime
from typing import Any, cast

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict, Schema, Validator

from .. import statuses
from ..access.read import may_read
from ..access.roles import is_staff_for
from ..labels import field_labels
from ..validation import max_length, no_nul
from ..workflow import events
from . import score, store

COMMENT_MAX = 4000
# The workflow event of a clear: the status does not change (from = to).
CLEAR_ACTION = "personal_data_clear"


@tk.validator_args
def _clear_schema(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {
        "id": [not_empty, unicode_safe, no_nul],
        "comment": [not_empty, unicode_safe, no_nul, max_length(COMMENT_MAX)],
    }


@tk.validate_action_data(_clear_schema)
def laodata_personal_data_clear(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Clear a dataset's ``personal_data_flag`` after checking what the data check found (reviewers).

    The flag becomes ``cleared`` (publication is no longer blocked by it) and a
    workflow event records who cleared it and why (action
    ``personal_data_clear``; the dataset's status does not change). A new
    file with personal data sets the flag to ``found`` again.

    :param id: the dataset's id or name
    :param comment: why the findings are not personal data, or may be published (mandatory)
    :returns: ``{id, personal_data_flag}``
    """
    package = model.Package.get(data_dict["id"])
    if package is None or package.state == "deleted" or package.type != "dataset":
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    try:
        tk.check_access("laodata_personal_data_clear", context, {"id": package.id})
    except tk.NotAuthorized:
        if not may_read(context, package.id):
            raise tk.ObjectNotFound(tk._("Dataset not found")) from None
        raise
    comment = data_dict["comment"].strip()
    if not comment:
        raise tk.ValidationError({"comment": [tk._("Say why the personal-data flag is cleared")]})
    extras = model.Session.execute(
        sa.select(model.package_table.c.extras)
        .where(model.package_table.c.id == package.id)
        .with_for_update()
    ).scalar_one()
    if (extras or {}).get(store.FLAG) != "found":
        model.Session.rollback()
        raise tk.ValidationError(
            {store.FLAG: [tk._("The data check found no personal data to clear in this dataset")]}
        )
    status = statuses.status_of(extras or {})
    events.record(package.id, status, status, CLEAR_ACTION, events.actor_id(context), comment)
    model.Session.refresh(package)
    store.write_flag(package.id, "cleared")
    store.commit_and_reindex(package.id)
    return {"id": package.id, store.FLAG: "cleared"}


@tk.validator_args
def _quality_show_schema(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe, no_nul, max_length(100)]}


@tk.side_effect_free
@tk.validate_action_data(_quality_show_schema)
def laodata_quality_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The quality score of a dataset, its parts and what to fix (DESIGN §6 "Quality").

    Anyone who may read the dataset sees its score and parts (a published
    dataset: everyone); what to fix is for its staff (its unit and the
    reviewers). A dataset the caller may not read is "not found".

    :param id: the dataset's id or name
    :returns: ``{id, name, score, parts, fixes}``: ``score`` 0-100 (the mean of
        the parts that apply; null when none does); ``parts`` maps ``metadata``,
        ``fill_rate``, ``validation``, ``freshness`` and ``openness`` to
        ``{score, applies, ...details}`` (``score`` null when the part does not
        apply); ``fixes`` lists ``{part, code, message, ...}`` (``message`` in
        the caller's language) for the dataset's staff, null for others
    """
    package = model.Package.get(data_dict["id"])
    if package is None or package.state == "deleted" or package.type != "dataset":
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    try:
        tk.check_access("laodata_quality_show", context, {"id": package.id})
    except tk.NotAuthorized:
        raise tk.ObjectNotFound(tk._("Dataset not found")) from None
    shown = tk.get_action("package_show")(cast(Context, {"user": context.get("user")}), {"id": package.id})
    labels = dict(field_labels(), notes=tk._("Description"), title=tk._("Title"))
    result = score.score(score.package_facts(shown), datetime.datetime.utcnow(), tk._, labels)
    staff = is_staff_for(context.get("user"), package)
    return {"id": package.id, "name": package.name, **result, "fixes": result["fixes"] if staff else None}
