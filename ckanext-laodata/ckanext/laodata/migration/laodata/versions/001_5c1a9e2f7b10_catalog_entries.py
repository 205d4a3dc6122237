"""Catalog entries, their change history, and daily progress snapshots.

Revision ID: 5c1a9e2f7b10
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "5c1a9e2f7b10"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "laodata_catalog_entry",
        sa.Column("code", sa.Text, primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("title_lo", sa.Text, nullable=False, server_default=""),
        sa.Column("title_vi", sa.Text, nullable=False, server_default=""),
        sa.Column("title_en", sa.Text, nullable=False, server_default=""),
        sa.Column("unit", sa.Text, nullable=False),
        sa.Column("sector", sa.Text, nullable=False),
        sa.Column("update_frequency", sa.Text, nullable=False),
        sa.Column("access_level", sa.Text, nullable=False),
        sa.Column("security_level", sa.Text, nullable=False),
        sa.Column("importance", sa.Text, nullable=False, server_default="other"),
        sa.Column("personal_data", sa.Text, nullable=False, server_default="none"),
        sa.Column("state_secret", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("source_system", sa.Text, nullable=False, server_default="local"),
        sa.Column("connection_status", sa.Text, nullable=False, server_default="not_requested"),
        sa.Column("connection_requested", sa.Date, nullable=True),
        sa.Column("connection_legal_basis", sa.Text, nullable=False, server_default=""),
        sa.Column("required_fields", postgresql.JSONB, nullable=False, server_default="[]"),
        sa.Column("legal_basis", sa.Text, nullable=False, server_default=""),
        sa.Column("notes", sa.Text, nullable=False, server_default=""),
        sa.Column("due_date", sa.Date, nullable=True),
        sa.Column("delay_reason", sa.Text, nullable=True),
        sa.Column("delay_note", sa.Text, nullable=False, server_default=""),
        sa.Column("created", sa.DateTime, nullable=False, server_default=sa.func.now()),
        sa.Column("modified", sa.DateTime, nullable=False, server_default=sa.func.now()),
    )
    op.create_index("laodata_catalog_entry_unit_idx", "laodata_catalog_entry", ["unit"])
    op.create_index("laodata_catalog_entry_sector_idx", "laodata_catalog_entry", ["sector"])

    op.create_table(
        "laodata_catalog_change",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("code", sa.Text, nullable=False),
        sa.Column("batch", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("actor", sa.Text, nullable=True),
        sa.Column("changes", postgresql.JSONB, nullable=False, server_default="{}"),
        sa.Column("created", sa.DateTime, nullable=False, server_default=sa.func.now()),
    )
    op.create_index("laodata_catalog_change_code_idx", "laodata_catalog_change", ["code", "created"])

    # datasets link to their entry through the `catalog_code` extra
    op.create_index("laodata_package_catalog_code_idx", "package", [sa.text("(extras->>'catalog_code')")])

    op.create_table(
        "laodata_progress_snapshot",
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("unit", sa.Text, primary_key=True),
        sa.Column("target", sa.Integer, nullable=False),
        sa.Column("delivered", sa.Integer, nullable=False),
        sa.Column("approved", sa.Integer, nullable=False),
        sa.Column("published", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("laodata_progress_snapshot")
    op.drop_index("laodata_package_catalog_code_idx", table_name="package")
    op.drop_index("laodata_catalog_change_code_idx", table_name="laodata_catalog_change")
    op.drop_table("laodata_catalog_change")
    op.drop_index("laodata_catalog_entry_sector_idx", table_name="laodata_catalog_entry")
    op.drop_index("laodata_catalog_entry_unit_idx", table_name="laodata_catalog_entry")
    op.drop_table("laodata_catalog_entry")
