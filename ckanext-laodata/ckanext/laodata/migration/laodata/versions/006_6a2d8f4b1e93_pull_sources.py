"""Pull sources: a resource's data fetched on a schedule from elsewhere (issue 13 item 5).

Revision ID: 6a2d8f4b1e93
Revises: 9e3f5a1c7d42
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "6a2d8f4b1e93"
down_revision = "9e3f5a1c7d42"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "laodata_pull_source",
        sa.Column("resource_id", sa.Text, primary_key=True),
        sa.Column("package_id", sa.Text, nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("schedule", sa.Text, nullable=False),
        sa.Column("user_id", sa.Text, nullable=False),
        sa.Column("next_run", sa.DateTime, nullable=False),
        sa.Column("last_run", sa.DateTime),
        sa.Column("last_status", sa.Text),
        sa.Column("last_error", sa.JSON),
        sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
        sa.Column("sha256", sa.Text),
    )
    op.create_index("laodata_pull_source_package_idx", "laodata_pull_source", ["package_id"])
    op.create_index("laodata_pull_source_next_run_idx", "laodata_pull_source", ["next_run"])


def downgrade() -> None:
    op.drop_index("laodata_pull_source_next_run_idx", table_name="laodata_pull_source")
    op.drop_index("laodata_pull_source_package_idx", table_name="laodata_pull_source")
    op.drop_table("laodata_pull_source")
