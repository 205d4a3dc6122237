"""The only way a dataset's ``workflow_status`` changes: a move that wrote its event.

A write may store a new status only when its context carries a ``Grant``, and
a grant is made only by ``record_move``, which first writes the move's
workflow event in the open transaction. The dataset schema's guard
(``validators.laodata_workflow_status``) accepts a grant only for the dataset
being written and only if its event is there, with the status granted; any
other value under the context key (a plain status string, a grant for another
dataset) counts as no grant at all. So every status a dataset holds was
reached by a move that wrote its event (DESIGN §5): the demo and the tests
move datasets with the workflow actions like everyone else.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

import ckan.model as model
from ckan.types import Context

from ..security import audit
from . import events

CONTEXT_KEY = "laodata_workflow_status"


class Grant:
    """Leave to store ``status`` on one dataset, backed by the event ``event_id``."""

    __slots__ = ("package_id", "status", "event_id")

    def __init__(self, package_id: str, status: str, event_id: int) -> None:
        self.package_id, self.status, self.event_id = package_id, status, event_id

    def __repr__(self) -> str:
        return f"Grant({self.package_id!r}, {self.status!r}, event {self.event_id})"


def record_move(
    context: Context,
    package_id: str,
    from_status: str | None,
    to_status: str,
    action: str,
    comment: str = "",
) -> int:
    """Write the move's event (in the open transaction, committed with the
    status change) and grant the new status to writes made with ``context``;
    returns the event's id."""
    event_id = events.record(package_id, from_status, to_status, action, events.actor_id(context), comment)
    audit.record(
        audit.WORKFLOW_DECISION,
        actor=context.get("user") or None,
        dataset=package_id,
        action=action,
        from_status=from_status,
        to_status=to_status,
        workflow_event=event_id,
    )
    context[CONTEXT_KEY] = Grant(package_id, to_status, event_id)  # type: ignore[literal-required]
    return event_id


def granted_status(context: Context, package_id: str | None) -> str | None:
    """The status granted to this write of ``package_id``, if a move wrote its event; else None."""
    grant: Any = context.get(CONTEXT_KEY)
    if not isinstance(grant, Grant) or not package_id or grant.package_id != package_id:
        return None
    table = events.workflow_event
    recorded = model.Session.execute(
        sa.select(table.c.to_status).where(table.c.id == grant.event_id, table.c.package_id == package_id)
    ).scalar_one_or_none()
    return grant.status if recorded == grant.status else None


def revoke(context: Context) -> None:
    """The grant served its write: later writes with this context get none."""
    context.pop(CONTEXT_KEY, None)  # type: ignore[misc]
