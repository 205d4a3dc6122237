"""Workflow actions: submit, review (approve | return), publish, unpublish, history.

Each move locks the dataset's row (``SELECT … FOR UPDATE``), reads the status
stored there, checks the move against the state machine (``statuses.MOVES``),
records one workflow event and writes the new status through
``package_patch`` (so every rule on dataset writes, the search index and
CKAN's activity see it), all in one transaction. (``defer_commit`` cannot be
used: CKAN 2.12's ``package_update`` then rolls its savepoint back.) Two reviewers acting at once: the
second waits for the first, finds the status moved on and gets a conflict
(ValidationError, HTTP 409); one event is recorded.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict, Schema, Validator

from .. import statuses
from ..access.classes import publication_failures
from ..access.read import may_read
from ..access.roles import is_staff_for
from ..labels import laodata_status_label
from ..validation import max_length, no_nul
from . import events, grant, notify

COMMENT_MAX = 4000


@tk.validator_args
def _id_schema(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"id": [not_empty, unicode_safe, no_nul]}


def _comment_validators(ignore_missing: Validator, unicode_safe: Validator) -> list[Validator]:
    return [ignore_missing, unicode_safe, no_nul, max_length(COMMENT_MAX)]


@tk.validator_args
def _review_schema(
    not_empty: Validator, unicode_safe: Validator, ignore_missing: Validator, one_of: Any
) -> Schema:
    return {
        "id": [not_empty, unicode_safe, no_nul],
        "decision": [not_empty, unicode_safe, one_of(["approve", "return"])],
        "comment": _comment_validators(ignore_missing, unicode_safe),
    }


@tk.validator_args
def _comment_schema(not_empty: Validator, unicode_safe: Validator, ignore_missing: Validator) -> Schema:
    return {
        "id": [not_empty, unicode_safe, no_nul],
        "comment": _comment_validators(ignore_missing, unicode_safe),
    }


def _package_id(id_or_name: str) -> str:
    package = model.Package.get(id_or_name)
    if package is None or package.state == "deleted" or package.type != "dataset":
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    return package.id


def _action_labels() -> dict[str, str]:
    return {
        "submit": tk._("submit"),
        "approve": tk._("approve"),
        "return": tk._("return"),
        "publish": tk._("publish"),
        "unpublish": tk._("unpublish"),
    }


def _authorize(action: str, context: Context, package_id: str) -> None:
    """``check_access``, answering as if the dataset did not exist to those who may not read it."""
    try:
        tk.check_access(action, context, {"id": package_id})
    except tk.NotAuthorized:
        if not may_read(context, package_id):
            raise tk.ObjectNotFound(tk._("Dataset not found")) from None
        raise


def _locked_status(package_id: str) -> tuple[str, str]:
    """Lock the dataset's row for this transaction; its stored status and state."""
    row = model.Session.execute(
        sa.select(model.package_table.c.extras, model.package_table.c.state)
        .where(model.package_table.c.id == package_id)
        .with_for_update()
    ).one()
    return statuses.status_of(row.extras or {}), row.state


def _move(
    context: Context, package_id: str, action: str, comment: str = "", private: bool | None = None
) -> dict[str, Any]:
    move = statuses.MOVES[action]
    current, package_state = _locked_status(package_id)
    if package_state != "active":
        model.Session.rollback()
        raise tk.ValidationError(
            {"state": [tk._("Finish the dataset (add its data) first: it is still a draft")]}
        )
    if current not in move.sources:
        model.Session.rollback()
        label = laodata_status_label
        raise tk.ValidationError(
            {
                "workflow_status": [
                    tk._("Cannot {action} a dataset that is '{status}'; it must be: {allowed}").format(
                        action=_action_labels()[action],
                        status=label(current),
                        allowed=", ".join(label(s) for s in move.sources),
                    )
                ]
            }
        )
    patch: dict[str, Any] = {"id": package_id, "workflow_status": move.target}
    if private is not None:
        patch["private"] = private
    write_context: Context = {**context, "ignore_auth": True}
    try:
        # the event joins the open transaction; package_update commits both (and releases the lock)
        event_id = grant.record_move(write_context, package_id, current, move.target, action, comment)
        result = tk.get_action("package_patch")(write_context, patch)
    except Exception:
        model.Session.rollback()
        raise
    notify.queue_mail(event_id)
    return result


@tk.validate_action_data(_id_schema)
def laodata_dataset_submit(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Submit a dataset for review (its unit's editors and admins).

    :param id: the dataset's id or name
    :returns: the dataset
    """
    package_id = _package_id(data_dict["id"])
    _authorize("laodata_dataset_submit", context, package_id)
    return _move(context, package_id, "submit")


@tk.validate_action_data(_review_schema)
def laodata_dataset_review(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Approve a submitted dataset, or return it to its unit with a reason (reviewers).

    :param id: the dataset's id or name
    :param decision: ``approve`` or ``return``
    :param comment: the reason (mandatory when returning); shown to the unit
    :returns: the dataset
    """
    package_id = _package_id(data_dict["id"])
    _authorize("laodata_dataset_review", context, package_id)
    comment = (data_dict.get("comment") or "").strip()
    if data_dict["decision"] == "return" and not comment:
        raise tk.ValidationError(
            {"comment": [tk._("Say why the dataset is returned: the unit sees this reason")]}
        )
    return _move(context, package_id, data_dict["decision"], comment)


@tk.validate_action_data(_id_schema)
def laodata_dataset_publish(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Publish an approved dataset to the open portal (reviewers), if the publication gate holds.

    :param id: the dataset's id or name
    :returns: the dataset
    """
    package_id = _package_id(data_dict["id"])
    _authorize("laodata_dataset_publish", context, package_id)
    package = tk.get_action("package_show")({**context, "ignore_auth": True}, {"id": package_id})
    failures = publication_failures(package, tk._)
    if failures:
        raise tk.ValidationError(
            {field: [tk._("Cannot publish: {}").format(message)] for field, message in failures.items()}
        )
    return _move(context, package_id, "publish", private=False)


@tk.validate_action_data(_comment_schema)
def laodata_dataset_unpublish(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Withdraw a published dataset from the open portal (reviewers); it stays approved.

    :param id: the dataset's id or name
    :param comment: why (mandatory)
    :returns: the dataset
    """
    package_id = _package_id(data_dict["id"])
    _authorize("laodata_dataset_unpublish", context, package_id)
    comment = (data_dict.get("comment") or "").strip()
    if not comment:
        raise tk.ValidationError({"comment": [tk._("Say why the dataset is withdrawn")]})
    return _move(context, package_id, "unpublish", comment, private=True)


@tk.side_effect_free
@tk.validate_action_data(_id_schema)
def laodata_workflow_history(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """A dataset's workflow events, oldest first (those who may read the dataset).

    The dataset's unit and the reviewers get every event with the actor and
    the comment; anyone else (anonymous visitors, other units) only when it
    was published or withdrawn, with ``actor``, ``actor_fullname`` None and
    ``comment`` empty. (Server code calling with ``ignore_auth`` gets every event.)

    :param id: the dataset's id or name
    :returns: ``[{id, from_status, to_status, action, actor, actor_fullname, comment, created}]``
    """
    package_id = _package_id(data_dict["id"])
    _authorize("laodata_workflow_history", context, package_id)
    package = model.Package.get(package_id)
    assert package is not None
    staff = bool(context.get("ignore_auth")) or is_staff_for(context.get("user"), package)  # server code: all
    return events.history(package_id, staff=staff)
