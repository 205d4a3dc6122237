"""The workflow's audit trail: one append-only row per status change.

The table (migration 002) has its own SQLAlchemy metadata, not CKAN's: CKAN's
test and maintenance helpers empty every table in CKAN's metadata with DELETE,
and this table refuses DELETE, UPDATE and TRUNCATE through triggers. No code
path here updates or deletes an event; a purged dataset keeps its events.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

import ckan.model as model

metadata = sa.MetaData()

workflow_event = sa.Table(
    "laodata_workflow_event",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("package_id", sa.Text, nullable=False),
    sa.Column("from_status", sa.Text),
    sa.Column("to_status", sa.Text, nullable=False),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("actor", sa.Text),
    sa.Column("comment", sa.Text, nullable=False, server_default=""),
    sa.Column("created", sa.DateTime, nullable=False),
)


def actor_id(context: Mapping[str, Any]) -> str | None:
    """The id of the user acting in ``context`` (None for an anonymous or unknown one)."""
    user = model.User.get(context.get("user") or "")
    return user.id if user else None


def record(
    package_id: str,
    from_status: str | None,
    to_status: str,
    action: str,
    actor: str | None,
    comment: str = "",
) -> int:
    """Add an event in the current transaction (committed with the status change); its id."""
    return model.Session.execute(
        workflow_event.insert()
        .values(
            package_id=package_id,
            from_status=from_status,
            to_status=to_status,
            action=action,
            actor=actor,
            comment=comment,
            created=datetime.datetime.utcnow(),
        )
        .returning(workflow_event.c.id)
    ).scalar_one()


# What a citizen is told of a dataset's review: when it was published or withdrawn.
PUBLIC_ACTIONS = ("publish", "unpublish")


def history(package_id: str, staff: bool) -> list[dict[str, Any]]:
    """The dataset's events, oldest first. For ``staff`` (its unit and the
    reviewers) every event with the actor's user name and the comment; for
    anyone else only the publications and withdrawals, with no actor and no
    comment (DESIGN §5: staff names and internal comments are for staff)."""
    user = model.user_table
    query = (
        sa.select(workflow_event, user.c.name.label("actor_name"), user.c.fullname.label("actor_fullname"))
        .select_from(workflow_event.outerjoin(user, user.c.id == workflow_event.c.actor))
        .where(workflow_event.c.package_id == package_id)
        .order_by(workflow_event.c.id)
    )
    if not staff:
        query = query.where(workflow_event.c.action.in_(PUBLIC_ACTIONS))
    return [
        {
            "id": row["id"],
            "package_id": row["package_id"],
            "from_status": row["from_status"],
            "to_status": row["to_status"],
            "action": row["action"],
            "actor": row["actor_name"] if staff else None,
            "actor_fullname": (row["actor_fullname"] or row["actor_name"]) if staff else None,
            "comment": row["comment"] if staff else "",
            "created": row["created"].isoformat(),
        }
        for row in model.Session.execute(query).mappings()
    ]


def recently_published(limit: int) -> list[tuple[str, datetime.datetime]]:
    """``(package_id, when)`` of the datasets most recently published, newest
    first (each once, at its latest publication). Whether a dataset is still
    published and may be seen is for the caller to check (with a search)."""
    latest = sa.func.max(workflow_event.c.created).label("published")
    query = (
        sa.select(workflow_event.c.package_id, latest)
        .where(workflow_event.c.action == "publish")
        .group_by(workflow_event.c.package_id)
        .order_by(latest.desc())
        .limit(limit)
    )
    return [(row.package_id, row.published) for row in model.Session.execute(query)]
