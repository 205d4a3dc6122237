"""What the freshness check has told each audience (a digest never repeats a lateness).

Revision ID: 6f2d8b4e1a93
Revises: 6a2d8f4b1e93
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "6f2d8b4e1a93"
down_revision = "6a2d8f4b1e93"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "laodata_freshness_notice",
        sa.Column("audience", sa.Text, primary_key=True),
        sa.Column("code", sa.Text, primary_key=True),
        sa.Column("kind", sa.Text, primary_key=True),
        sa.Column("since", sa.Date, primary_key=True),
        sa.Column("unit", sa.Text, nullable=False),
        sa.Column("sent", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("laodata_freshness_notice")
