"""The SHA-256 of every uploaded file, computed at upload and re-verified later.

Revision ID: e3a9c5f17b42
Revises: 4b7e1c9d2a60
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "e3a9c5f17b42"
down_revision = "4b7e1c9d2a60"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "laodata_file_checksum",
        sa.Column("resource_id", sa.Text, primary_key=True),
        sa.Column("sha256", sa.Text, nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("recorded", sa.DateTime, nullable=False),
        sa.Column("verified", sa.DateTime),
        sa.Column("state", sa.Text, nullable=False, server_default="ok"),
    )


def downgrade() -> None:
    op.drop_table("laodata_file_checksum")
