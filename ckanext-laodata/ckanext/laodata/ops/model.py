"""The SHA-256 of each uploaded file (migration 004): one row per resource whose
data is an upload, written when the upload is stored and checked again by
``files.verify`` (the scheduled job and every restore)."""

from __future__ import annotations

import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

import ckan.plugins.toolkit as tk

# state of a file at its last check: as uploaded, changed since, or gone from the storage
STATES = ("ok", "changed", "missing")


class FileChecksum(tk.BaseModel):
    __tablename__ = "laodata_file_checksum"

    resource_id: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    sha256: Mapped[str] = mapped_column(sa.Text, nullable=False)
    size: Mapped[int] = mapped_column(sa.BigInteger, nullable=False)
    recorded: Mapped[datetime.datetime] = mapped_column(sa.DateTime, nullable=False)
    verified: Mapped[datetime.datetime | None] = mapped_column(sa.DateTime, nullable=True)
    state: Mapped[str] = mapped_column(sa.Text, nullable=False, server_default="ok")
