"""Pull sources: where a resource's data is fetched from, how often, and how the last pull went (migration 005)."""

from __future__ import annotations

import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

import ckan.plugins.toolkit as tk

# How often a source is pulled: the schedule's key and its interval.
SCHEDULES = {
    "hourly": datetime.timedelta(hours=1),
    "daily": datetime.timedelta(days=1),
    "weekly": datetime.timedelta(days=7),
    "monthly": datetime.timedelta(days=30),
}
STATUSES = ("ok", "unchanged", "failed")


class PullSource(tk.BaseModel):
    __tablename__ = "laodata_pull_source"

    resource_id: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    package_id: Mapped[str] = mapped_column(sa.Text, nullable=False, index=True)
    url: Mapped[str] = mapped_column(sa.Text, nullable=False)
    schedule: Mapped[str] = mapped_column(sa.Text, nullable=False)
    user_id: Mapped[str] = mapped_column(sa.Text, nullable=False)  # who set it: pulls act as them
    next_run: Mapped[datetime.datetime] = mapped_column(sa.DateTime, nullable=False)
    last_run: Mapped[datetime.datetime | None] = mapped_column(sa.DateTime)
    last_status: Mapped[str | None] = mapped_column(sa.Text)
    last_error: Mapped[Any] = mapped_column(sa.JSON)
    failures: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    sha256: Mapped[str | None] = mapped_column(sa.Text)  # of the last file delivered

    def as_dict(self) -> dict[str, Any]:
        return {
            "resource_id": self.resource_id,
            "package_id": self.package_id,
            "url": self.url,
            "schedule": self.schedule,
            "next_run": self.next_run.isoformat(),
            "last_run": self.last_run.isoformat() if self.last_run else None,
            "last_status": self.last_status,
            "last_error": self.last_error,
            "failures": self.failures,
        }
