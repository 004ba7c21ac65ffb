"""Service tables: reminder deliveries (the outbox's state) and calendar feed tokens.

Kept apart from the `reminders` read model, so rebuilding it never resets what was sent.

Revision ID: 0006_reminder_delivery
Revises: 0005_reminders
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_reminder_delivery"
down_revision: str | Sequence[str] | None = "0005_reminders"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create `reminder_deliveries` and `feed_tokens`."""
    op.create_table(
        "reminder_deliveries",
        sa.Column("message_id", sa.Uuid(), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claim_token", sa.String(32), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("message_id", "channel"),
    )
    op.create_index(
        "ix_reminder_deliveries_due",
        "reminder_deliveries",
        ["channel", "status", "next_attempt_at"],
    )
    op.create_table(
        "feed_tokens",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("label", sa.String(200), nullable=True),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_feed_tokens_hash", "feed_tokens", ["token_hash"], unique=True)
    op.create_index("ix_feed_tokens_subject", "feed_tokens", ["subject", "created_at"])


def downgrade() -> None:
    """Drop `feed_tokens` and `reminder_deliveries`."""
    op.drop_table("feed_tokens")
    op.drop_table("reminder_deliveries")
