"""Trigram indexes for the lists' text search (PostgreSQL: pg_trgm; SQLite: declared empty).

Revision ID: 0007_search_indexes
Revises: 0006_reminder_delivery
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_search_indexes"
down_revision: str | Sequence[str] | None = "0006_reminder_delivery"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("agreements", "partners", "foi_requests", "shipments")


def upgrade() -> None:
    """Create pg_trgm (a trusted extension) and `ix_<table>_search` on each searched list."""
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        for table in TABLES:
            op.create_index(f"ix_{table}_search", table, ["search"], sqlite_where=sa.false())
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # The operator class lives where the extension was installed (maybe another schema).
    schema = bind.execute(
        sa.text(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'pg_trgm'"
        )
    ).scalar_one()
    quote = bind.dialect.identifier_preparer.quote
    for table in TABLES:
        op.execute(
            f"CREATE INDEX ix_{table}_search ON {quote(table)} "
            f"USING gin (search {quote(schema)}.gin_trgm_ops)"
        )


def downgrade() -> None:
    """Drop the indexes (the extension stays: others may use it)."""
    for table in TABLES:
        op.drop_index(f"ix_{table}_search", table_name=table)
