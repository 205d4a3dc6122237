"""Held resources: a new file of a published dataset, served to no reader until its check passes.

When a unit replaces the file of a published dataset and the refresh policy
keeps the dataset published while the file is checked (``workflow/refresh.py``),
the resource is *held* (one row of ``laodata_refresh_hold``, migration 004,
written in the same transaction as the new file). While it is held, only the
dataset's staff (its unit and the reviewers, ``roles.is_staff_for``) and
server code may read the resource: to anyone else ``resource_show`` (and so
the download and preview paths, which ask it) answers "not found" and the
dataset's other resources stay as they were. The refresh policy releases
the hold once the check has settled the file (kept published, or sent back
to review: then the whole dataset is private).
"""

from __future__ import annotations

import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context

from .roles import is_staff_for


class RefreshHold(tk.BaseModel):
    __tablename__ = "laodata_refresh_hold"

    resource_id: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    package_id: Mapped[str] = mapped_column(sa.Text, nullable=False, index=True)
    # the columns of the last file that passed the check (the new one must have the same)
    columns: Mapped[Any] = mapped_column(sa.JSON, nullable=False)
    actor: Mapped[str | None] = mapped_column(sa.Text)  # the user who uploaded the new file
    created: Mapped[datetime.datetime] = mapped_column(sa.DateTime, nullable=False)


def hold_of(resource_id: str | None) -> RefreshHold | None:
    return model.Session.get(RefreshHold, resource_id) if resource_id else None


def is_held(resource_id: str | None) -> bool:
    return hold_of(resource_id) is not None


def hold(resource_id: str, package_id: str, columns: list[str], actor: str | None) -> None:
    """Hold the resource (in the open transaction; committed with the write of its new file).
    Held again while held: the first baseline stays, the latest uploader is recorded."""
    row = hold_of(resource_id)
    if row is None:
        model.Session.add(
            RefreshHold(
                resource_id=resource_id,
                package_id=package_id,
                columns=list(columns),
                actor=actor,
                created=datetime.datetime.utcnow(),
            )
        )
    else:
        row.actor = actor


def release(resource_id: str) -> None:
    """Remove the resource's hold, if any (in the open transaction)."""
    row = hold_of(resource_id)
    if row is not None:
        model.Session.delete(row)


def take(resource_id: str) -> RefreshHold | None:
    """Lock and remove the resource's hold (not committed); the hold, or None if it was not held.
    Two checks settling the same file: the second waits and finds nothing to settle."""
    row = model.Session.execute(
        sa.select(RefreshHold).where(RefreshHold.resource_id == resource_id).with_for_update()
    ).scalar_one_or_none()
    if row is not None:
        model.Session.delete(row)
    return row


def may_read_held(context: Context, resource_id: str | None) -> bool:
    """Whether the caller may read the resource as it is now (a held one: its staff and server code)."""
    row = hold_of(resource_id)
    if row is None or context.get("ignore_auth"):
        return True
    package = model.Package.get(row.package_id)
    return package is not None and is_staff_for(context.get("user"), package)
