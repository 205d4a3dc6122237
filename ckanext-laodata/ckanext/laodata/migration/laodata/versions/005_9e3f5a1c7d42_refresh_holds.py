"""Held resources: a published dataset's new file waiting for its check (issue 13 item 4).

Revision ID: 9e3f5a1c7d42
Revises: e3a9c5f17b42
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "9e3f5a1c7d42"
down_revision = "e3a9c5f17b42"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "laodata_refresh_hold",
        sa.Column("resource_id", sa.Text, primary_key=True),
        sa.Column("package_id", sa.Text, nullable=False),
        sa.Column("columns", sa.JSON, nullable=False),
        sa.Column("actor", sa.Text),
        sa.Column("created", sa.DateTime, nullable=False),
    )
    op.create_index("laodata_refresh_hold_package_idx", "laodata_refresh_hold", ["package_id"])


def downgrade() -> None:
    op.drop_index("laodata_refresh_hold_package_idx", table_name="laodata_refresh_hold")
    op.drop_table("laodata_refresh_hold")
