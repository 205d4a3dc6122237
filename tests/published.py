"""Test helpers for datasets in a given review status.

Only the review workflow moves a dataset's status, and every move writes its
event: a dataset is created as a draft and taken to the status a test needs
with the workflow actions, by the site user (a sysadmin, so both the unit's
editor and a reviewer). A published dataset is public and must pass the
publication gate, so it gets open classes.
"""

from __future__ import annotations

from typing import Any

from ckan.tests import factories, helpers

from tests.factories import site_context

__all__ = ["PUBLISHABLE", "dataset_in", "draft", "move", "move_to", "published_dataset", "site_context"]

PUBLISHABLE = {
    "access_level": "open",
    "security_level": "1",
    "importance": "other",
    "personal_data": "none",
    "state_secret": "false",
}

# The workflow moves from a draft to each status.
PATHS: dict[str, tuple[str, ...]] = {
    "draft": (),
    "submitted": ("submit",),
    "returned": ("submit", "return"),
    "approved": ("submit", "approve"),
    "published": ("submit", "approve", "publish"),
}


def move(dataset_id: str, step: str, comment: str = "") -> dict[str, Any]:
    """One workflow move by the site user: submit, approve, return, publish or unpublish."""
    if step == "submit":
        return helpers.call_action("laodata_dataset_submit", context=site_context(), id=dataset_id)
    if step in ("approve", "return"):
        return helpers.call_action(
            "laodata_dataset_review",
            context=site_context(),
            id=dataset_id,
            decision=step,
            comment=comment or ("Fix it" if step == "return" else ""),
        )
    if step == "unpublish":
        return helpers.call_action(
            "laodata_dataset_unpublish", context=site_context(), id=dataset_id, comment=comment or "Withdrawn"
        )
    return helpers.call_action("laodata_dataset_publish", context=site_context(), id=dataset_id)


def move_to(dataset_id: str, status: str) -> dict[str, Any]:
    """Take a draft (or a dataset sent back to 'submitted') to ``status`` with the workflow's moves."""
    current = helpers.call_action("package_show", context=site_context(), id=dataset_id)
    path = PATHS[status]
    done = PATHS.get(current["workflow_status"], ())
    if path[: len(done)] != done:
        raise AssertionError(f"{current['name']} is {current['workflow_status']}: cannot reach {status}")
    for step in path[len(done) :]:
        current = move(dataset_id, step)
    return current


def draft(status: str = "draft", **fields: Any) -> dict[str, Any]:
    """A new draft, with open classes if it is meant to be published."""
    if status == "published":
        fields = {**PUBLISHABLE, **fields}
    return factories.Dataset(context=site_context(), **fields)


def dataset_in(status: str, **fields: Any) -> dict[str, Any]:
    """A dataset taken by the workflow to ``status`` (published: public, open classes)."""
    fields.pop("private", None)  # the workflow decides: public exactly when published
    created = draft(status, **fields)
    return move_to(created["id"], status) if status != "draft" else created


def published_dataset(**fields: Any) -> dict[str, Any]:
    return dataset_in("published", **fields)
