"""Tables of the target catalog (created by migration 001)."""

from __future__ import annotations

import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

import ckan.plugins.toolkit as tk

from .fields import ENTRY_FIELDS  # the fields, their kinds and limits (one table)


class CatalogEntry(tk.BaseModel):
    """One dataset that a unit must provide."""

    __tablename__ = "laodata_catalog_entry"

    code: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    title: Mapped[str] = mapped_column(sa.Text, nullable=False)
    title_lo: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    title_vi: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    title_en: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    unit: Mapped[str] = mapped_column(sa.Text, nullable=False)
    sector: Mapped[str] = mapped_column(sa.Text, nullable=False)
    update_frequency: Mapped[str] = mapped_column(sa.Text, nullable=False)
    access_level: Mapped[str] = mapped_column(sa.Text, nullable=False)
    security_level: Mapped[str] = mapped_column(sa.Text, nullable=False)
    importance: Mapped[str] = mapped_column(sa.Text, nullable=False, default="other")
    personal_data: Mapped[str] = mapped_column(sa.Text, nullable=False, default="none")
    state_secret: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    source_system: Mapped[str] = mapped_column(sa.Text, nullable=False, default="local")
    connection_status: Mapped[str] = mapped_column(sa.Text, nullable=False, default="not_requested")
    connection_requested: Mapped[datetime.date | None] = mapped_column(sa.Date)
    connection_legal_basis: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    required_fields: Mapped[list[Any]] = mapped_column(JSONB, nullable=False, default=list)
    legal_basis: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    notes: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    due_date: Mapped[datetime.date | None] = mapped_column(sa.Date)
    delay_reason: Mapped[str | None] = mapped_column(sa.Text)
    delay_note: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    created: Mapped[datetime.datetime] = mapped_column(
        sa.DateTime, nullable=False, default=datetime.datetime.utcnow
    )
    modified: Mapped[datetime.datetime] = mapped_column(
        sa.DateTime, nullable=False, default=datetime.datetime.utcnow
    )

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in ENTRY_FIELDS + ("created", "modified"):
            value = getattr(self, name)
            out[name] = value.isoformat() if isinstance(value, (datetime.date, datetime.datetime)) else value
        return out


class CatalogChange(tk.BaseModel):
    """What an import or an edit changed in an entry (append-only)."""

    __tablename__ = "laodata_catalog_change"

    id: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    code: Mapped[str] = mapped_column(sa.Text, nullable=False)
    batch: Mapped[str] = mapped_column(sa.Text, nullable=False)
    action: Mapped[str] = mapped_column(sa.Text, nullable=False)
    actor: Mapped[str | None] = mapped_column(sa.Text)
    changes: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, default=dict)
    created: Mapped[datetime.datetime] = mapped_column(
        sa.DateTime, nullable=False, default=datetime.datetime.utcnow
    )

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "batch": self.batch,
            "action": self.action,
            "actor": self.actor,
            "changes": self.changes,
            "created": self.created.isoformat(),
        }


class ProgressSnapshot(tk.BaseModel):
    """Delivery counts of one unit on one day."""

    __tablename__ = "laodata_progress_snapshot"

    day: Mapped[datetime.date] = mapped_column(sa.Date, primary_key=True)
    unit: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    target: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    delivered: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    approved: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    published: Mapped[int] = mapped_column(sa.Integer, nullable=False)


class FreshnessNotice(tk.BaseModel):
    """One late item told to one audience by the freshness check (migration 005),
    so that a digest never repeats the same lateness: an item is late from
    ``since`` (a stale dataset's due date, an overdue entry's due date); a new
    lateness (refreshed, then stale again) has another ``since``."""

    __tablename__ = "laodata_freshness_notice"

    audience: Mapped[str] = mapped_column(sa.Text, primary_key=True)  # unit, office, escalation
    code: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    kind: Mapped[str] = mapped_column(sa.Text, primary_key=True)  # stale, overdue
    since: Mapped[datetime.date] = mapped_column(sa.Date, primary_key=True)
    unit: Mapped[str] = mapped_column(sa.Text, nullable=False)
    sent: Mapped[datetime.datetime] = mapped_column(
        sa.DateTime, nullable=False, default=datetime.datetime.utcnow
    )
