"""Documents and correspondence (issue 18): the correspondence register's read model `letters`.

(Attached files themselves live in the events' database: `document_files` and
`document_chunks` on PostgreSQL, created by `pobratym db upgrade`; a directory on SQLite.)

Revision ID: 0014_documents
Revises: 0013_contacts
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_documents"
down_revision: str | Sequence[str] | None = "0013_contacts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the register."""
    op.create_table(
        "letters",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("direction", sa.Text(), nullable=False),
        sa.Column("number", sa.Text(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("correspondent", sa.Text(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("sender_number", sa.Text(), nullable=True),
        sa.Column("sender_dated_on", sa.Date(), nullable=True),
        sa.Column("case_type", sa.Text(), nullable=True),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("case_reference", sa.Text(), nullable=True),
        sa.Column("document_id", sa.Uuid(), nullable=True),
        sa.Column("search", sa.Text(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
    )
    op.create_index("ix_letters_year", "letters", ["year", "direction", "seq"])
    op.create_index("ix_letters_case", "letters", ["case_id"])


def downgrade() -> None:
    """Drop the register."""
    op.drop_index("ix_letters_case", table_name="letters")
    op.drop_index("ix_letters_year", table_name="letters")
    op.drop_table("letters")
