"""The audit trail's Ukrainian description (filled by the audit_trail projection's rebuild).

Revision ID: 0011_description_uk
Revises: 0010_illustrative
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_description_uk"
down_revision: str | Sequence[str] | None = "0010_illustrative"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add audit_events.description_uk; projection version 2 rebuilds the rows to fill it."""
    op.add_column("audit_events", sa.Column("description_uk", sa.Text(), nullable=True))


def downgrade() -> None:
    """Drop the Ukrainian description (the log rebuilds it)."""
    op.drop_column("audit_events", "description_uk")
