"""Indexes for the filters of GET /reminders (case_type, what, delivery state).

Revision ID: 0008_read_indexes
Revises: 0007_search_indexes
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008_read_indexes"
down_revision: str | Sequence[str] | None = "0007_search_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("ix_reminders_case_type", "reminders", ["case_type", "position"]),
    ("ix_reminders_what", "reminders", ["what", "position"]),
    ("ix_reminder_deliveries_status", "reminder_deliveries", ["status", "message_id"]),
)


def upgrade() -> None:
    """Create the indexes (as declared on the tables)."""
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    """Drop them."""
    for name, table, _ in INDEXES:
        op.drop_index(name, table_name=table)
