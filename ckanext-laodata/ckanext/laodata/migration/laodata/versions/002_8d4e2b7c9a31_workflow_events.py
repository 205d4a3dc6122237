"""The workflow's append-only audit trail.

Revision ID: 8d4e2b7c9a31
Revises: 5c1a9e2f7b10
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "8d4e2b7c9a31"
down_revision = "5c1a9e2f7b10"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "laodata_workflow_event",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("package_id", sa.Text, nullable=False),
        sa.Column("from_status", sa.Text),
        sa.Column("to_status", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("actor", sa.Text),
        sa.Column("comment", sa.Text, nullable=False, server_default=""),
        sa.Column("created", sa.DateTime, nullable=False),
    )
    op.create_index("laodata_workflow_event_package_idx", "laodata_workflow_event", ["package_id", "id"])
    op.execute("""
        CREATE OR REPLACE FUNCTION laodata_workflow_event_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'laodata_workflow_event is append-only: % refused', TG_OP;
        END $$
    """)
    op.execute("""
        CREATE TRIGGER laodata_workflow_event_no_change BEFORE UPDATE OR DELETE ON laodata_workflow_event
        FOR EACH ROW EXECUTE FUNCTION laodata_workflow_event_refuse()
    """)
    op.execute("""
        CREATE TRIGGER laodata_workflow_event_no_truncate BEFORE TRUNCATE ON laodata_workflow_event
        FOR EACH STATEMENT EXECUTE FUNCTION laodata_workflow_event_refuse()
    """)


def downgrade() -> None:
    op.drop_table("laodata_workflow_event")
    op.execute("DROP FUNCTION IF EXISTS laodata_workflow_event_refuse()")
