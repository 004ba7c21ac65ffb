"""Read model: reminders issued on every case (the outbox's messages).

Revision ID: 0005_reminders
Revises: 0004_case_lists
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_reminders"
down_revision: str | Sequence[str] | None = "0004_case_lists"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create `reminders` (the projection engine fills it from position 0)."""
    op.create_table(
        "reminders",
        sa.Column("message_id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("case_type", sa.String(20), nullable=False),
        sa.Column("reference", sa.String(40), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("key", sa.String(80), nullable=False),
        sa.Column("what", sa.String(40), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("remind_on", sa.Date(), nullable=False),
        sa.Column("window_days", sa.Integer(), nullable=True),
        sa.Column("responsible", sa.String(200), nullable=True),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("message_id"),
    )
    op.create_index("ix_reminders_position", "reminders", ["position"])
    op.create_index("ix_reminders_case", "reminders", ["case_id", "key"])
    op.create_index("ix_reminders_issued", "reminders", ["issued_on", "position"])


def downgrade() -> None:
    """Drop `reminders`."""
    op.drop_table("reminders")
