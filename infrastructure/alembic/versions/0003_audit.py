"""The audit chain's seals (adopted if an older version created them) and the audit trail.

Revision ID: 0003_audit
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_audit"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create audit_chain unless the old self-creating code already did; create audit_events."""
    if not sa.inspect(op.get_bind()).has_table("audit_chain"):
        op.create_table(
            "audit_chain",
            sa.Column("position", sa.BigInteger(), autoincrement=False, nullable=False),
            sa.Column("originator_id", sa.LargeBinary(16), nullable=False),
            sa.Column("originator_version", sa.BigInteger(), nullable=False),
            sa.Column("event_hash", sa.LargeBinary(32), nullable=False),
            sa.Column("digest", sa.LargeBinary(32), nullable=False),
            sa.Column("count", sa.BigInteger(), nullable=False),
            sa.PrimaryKeyConstraint("position"),
        )
    op.create_table(
        "audit_events",
        sa.Column("position", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("case_type", sa.String(40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(60), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("correlation_id", sa.Text(), nullable=True),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("redacted", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("position"),
    )
    op.create_index("ix_audit_events_actor", "audit_events", ["actor", "position"])
    op.create_index("ix_audit_events_case", "audit_events", ["case_id", "position"])
    op.create_index("ix_audit_events_case_type", "audit_events", ["case_type", "position"])
    op.create_index("ix_audit_events_type", "audit_events", ["type", "position"])
    op.create_index("ix_audit_events_at", "audit_events", ["at", "position"])


def downgrade() -> None:
    """Drop the audit trail (the log rebuilds it); keep the seals (the log cannot remake them)."""
    op.drop_table("audit_events")
