"""The deadlines of one person, soonest first, from an index (Today's "mine" in the console).

`ix_deadlines_owner_due` also carries the rest of the list's order (case_id, kind), so SQLite
takes it for `owner = ? AND open ORDER BY due_on, case_id, kind` instead of walking every open
deadline in `ix_deadlines_open_due` (175 ms p50 at 100,000 cases; benchmarks/bench_console.py).

Revision ID: 0015_deadline_owner_order
Revises: 0014_documents
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0015_deadline_owner_order"
down_revision: str | Sequence[str] | None = "0014_documents"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Widen the owner index to the list's whole order."""
    op.drop_index("ix_deadlines_owner_due", table_name="deadlines")
    op.create_index(
        "ix_deadlines_owner_due", "deadlines", ["owner", "open", "due_on", "case_id", "kind"]
    )


def downgrade() -> None:
    """The owner index as it was."""
    op.drop_index("ix_deadlines_owner_due", table_name="deadlines")
    op.create_index("ix_deadlines_owner_due", "deadlines", ["owner", "open", "due_on"])
