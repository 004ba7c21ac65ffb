"""Read models of issue 17: engagements, projects and the links between cases.

Revision ID: 0016_engagements
Revises: 0015_deadline_owner_order
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_engagements"
down_revision: str | Sequence[str] | None = "0015_deadline_owner_order"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEARCHED = ("engagements", "projects")


def upgrade() -> None:
    """Create the tables (the projection engine fills them from position 0)."""
    op.create_table(
        "engagements",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("format", sa.String(length=20), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("counterpart_type", sa.String(length=30), nullable=False),
        sa.Column("counterpart_name", sa.Text(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("decisions", sa.Integer(), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=False),
        sa.Column("follow_ups", sa.Integer(), nullable=False),
        sa.Column("follow_ups_open", sa.Integer(), nullable=False),
        sa.Column("officer", sa.Text(), nullable=True),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("search", sa.Text(), nullable=False),
        sa.Column("created_position", sa.BigInteger(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_engagements_country", "engagements", ["country", "day"])
    op.create_index("ix_engagements_day", "engagements", ["day", "created_position"])
    op.create_index("ix_engagements_status", "engagements", ["status", "day"])
    op.create_table(
        "projects",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("funder_name", sa.Text(), nullable=True),
        sa.Column("funder_type", sa.String(length=30), nullable=True),
        sa.Column("funder_country", sa.String(length=2), nullable=True),
        sa.Column("amount", sa.Numeric(precision=18, scale=4), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("milestones", sa.Integer(), nullable=False),
        sa.Column("milestones_open", sa.Integer(), nullable=False),
        sa.Column("officer", sa.Text(), nullable=True),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("search", sa.Text(), nullable=False),
        sa.Column("created_position", sa.BigInteger(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_projects_starts", "projects", ["starts_on", "created_position"])
    op.create_index("ix_projects_status", "projects", ["status", "starts_on"])
    op.create_table(
        "case_links",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("linked_id", sa.Uuid(), nullable=False),
        sa.Column("case_type", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("case_id", "field", "linked_id"),
    )
    op.create_index("ix_case_links_linked", "case_links", ["linked_id", "case_type"])
    _search_indexes()


def _search_indexes() -> None:
    """`ix_<table>_search` as in 0007_search_indexes (trigram GIN on PostgreSQL)."""
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        for table in SEARCHED:
            op.create_index(f"ix_{table}_search", table, ["search"], sqlite_where=sa.false())
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema = bind.execute(
        sa.text(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'pg_trgm'"
        )
    ).scalar_one()
    quote = bind.dialect.identifier_preparer.quote
    for table in SEARCHED:
        op.execute(
            f"CREATE INDEX ix_{table}_search ON {quote(table)} "
            f"USING gin (search {quote(schema)}.gin_trgm_ops)"
        )


def downgrade() -> None:
    """Drop the tables."""
    for table in ("case_links", "projects", "engagements"):
        op.drop_table(table)
