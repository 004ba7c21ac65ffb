"""Shipments flag illustrative (made-up demo) records: `shipments.illustrative`.

Revision ID: 0010_illustrative
Revises: 0009_text_columns
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_illustrative"
down_revision: str | Sequence[str] | None = "0009_text_columns"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the column (false for existing rows; the projection's version 2 rebuilds them)."""
    op.add_column(
        "shipments",
        sa.Column("illustrative", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    """Drop the column."""
    with op.batch_alter_table("shipments") as batch:
        batch.drop_column("illustrative")
