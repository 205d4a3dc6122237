"""Masked samples of the personal data found in a resource's data (staff only).

Revision ID: 4b7e1c9d2a60
Revises: 8d4e2b7c9a31
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "4b7e1c9d2a60"
down_revision = "8d4e2b7c9a31"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "laodata_personal_data_sample",
        sa.Column("resource_id", sa.Text, primary_key=True),
        sa.Column("column", sa.Text, primary_key=True),
        sa.Column("kind", sa.Text, primary_key=True),
        sa.Column("package_id", sa.Text, nullable=False),
        sa.Column("sample", sa.Text, nullable=False),
    )
    op.create_index(
        "laodata_personal_data_sample_package_idx", "laodata_personal_data_sample", ["package_id"]
    )


def downgrade() -> None:
    op.drop_index("laodata_personal_data_sample_package_idx", table_name="laodata_personal_data_sample")
    op.drop_table("laodata_personal_data_sample")
