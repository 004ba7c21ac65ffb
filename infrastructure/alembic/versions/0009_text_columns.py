"""Free-text read-model columns become TEXT: a value the API accepts always fits its row.

A `varchar(n)` shorter than the API's limit (`to_holder` was 300, the API allows 500) made one
valid request stop a projection for good. Names, owners, officers, references typed by people
and the like are now unbounded; the API's limits guard them (tests/projections/
test_column_sizes.py checks that every bounded column left is fed by code, not by people).

Revision ID: 0009_text_columns
Revises: 0008_read_indexes
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_text_columns"
down_revision: str | Sequence[str] | None = "0008_read_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> (column, old varchar length, nullable)
COLUMNS: dict[str, list[tuple[str, int, bool]]] = {
    "agreements": [("owner", 200, True)],
    "agreement_partner_names": [("name", 200, False), ("name_uk", 200, True)],
    "partners": [
        ("name", 200, False),
        ("name_uk", 200, True),
        ("sort_key", 200, False),
        ("decision_ref", 100, True),
    ],
    "foi_requests": [
        ("requester_name", 200, False),
        ("officer", 200, True),
        ("outgoing_number", 100, True),
        ("to_holder", 300, True),
    ],
    "shipments": [("donor_name", 200, False), ("recipient", 200, False)],
    "shipment_lines": [("lot", 100, True)],
    "milestone_partners": [("name", 200, False), ("name_uk", 200, True)],
    "reminders": [("responsible", 200, True), ("actor", 200, False)],
    "deadlines": [("owner", 200, True)],
    "deadline_cases": [("owner", 200, True)],
}


def upgrade() -> None:
    """varchar(n) -> TEXT (PostgreSQL: in place; SQLite: the table is copied, indexes kept).

    Stored projection errors written before this revision may quote row data (the failing
    INSERT's parameters): only their class is kept.
    """
    positions = sa.table("projection_positions", sa.column("name"), sa.column("last_error"))
    bind = op.get_bind()
    stored = bind.execute(
        sa.select(positions.c.name, positions.c.last_error).where(
            positions.c.last_error.is_not(None)
        )
    ).all()
    for name, message in stored:  # one row per projection at most
        kept = str(message).split(":", 1)[0].split(" ", 1)[0][:100]
        bind.execute(
            positions.update()
            .where(positions.c.name == name)
            .values(last_error=f"{kept} (message dropped by the 0009 upgrade)")
        )
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for column, length, nullable in columns:
                batch.alter_column(
                    column,
                    existing_type=sa.String(length),
                    type_=sa.Text(),
                    existing_nullable=nullable,
                )


def downgrade() -> None:
    """TEXT -> varchar(n); fails if a longer value is stored (as it should: it would not fit)."""
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for column, length, nullable in columns:
                batch.alter_column(
                    column,
                    existing_type=sa.Text(),
                    type_=sa.String(length),
                    existing_nullable=nullable,
                )
