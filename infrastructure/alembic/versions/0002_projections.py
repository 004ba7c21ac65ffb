"""Projection positions and the read models partners, agreements and deadlines.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the tables (the projection engine fills them from position 0)."""
    op.create_table(
        "projection_positions",
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("error_position", sa.BigInteger(), nullable=True),
        sa.Column("error_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rebuild_token", sa.String(36), nullable=True),
        sa.Column("rebuild_position", sa.BigInteger(), nullable=True),
        sa.Column("rebuild_heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "partners",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_uk", sa.String(200), nullable=True),
        sa.Column("sort_key", sa.String(200), nullable=False),
        sa.Column("search", sa.Text(), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("relationship", sa.String(20), nullable=False),
        sa.Column("since", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("agreements", sa.Integer(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decision_ref", sa.String(100), nullable=True),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_partners_sort", "partners", ["sort_key", "id"])
    op.create_index("ix_partners_country", "partners", ["country", "sort_key", "id"])
    op.create_index("ix_partners_status", "partners", ["status", "sort_key", "id"])
    op.create_index("ix_partners_relationship", "partners", ["relationship", "sort_key", "id"])
    op.create_table(
        "agreements",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("reference", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("status_before_suspension", sa.String(20), nullable=True),
        sa.Column("in_force", sa.Boolean(), nullable=False),
        sa.Column("owner", sa.String(200), nullable=True),
        sa.Column("auto_renew", sa.Boolean(), nullable=False),
        sa.Column("notice_period_days", sa.Integer(), nullable=True),
        sa.Column("reminder_windows_days", sa.JSON(), nullable=False),
        sa.Column("partner_ids", sa.JSON(), nullable=False),
        sa.Column("countries", sa.JSON(), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("effective_from", sa.Date(), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("notice_deadline_on", sa.Date(), nullable=True),
        sa.Column("renewals", sa.Integer(), nullable=False),
        sa.Column("renewed_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("superseded_by", sa.Uuid(), nullable=True),
        sa.Column("search", sa.Text(), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_position", sa.BigInteger(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_agreements_created", "agreements", ["created_position"])
    op.create_index("ix_agreements_status", "agreements", ["status", "created_position"])
    op.create_index("ix_agreements_kind", "agreements", ["kind", "created_position"])
    op.create_index("ix_agreements_expiry", "agreements", ["in_force", "expires_on", "id"])
    op.create_table(
        "agreement_partners",
        sa.Column("agreement_id", sa.Uuid(), nullable=False),
        sa.Column("partner_id", sa.Uuid(), nullable=False),
        sa.Column("country", sa.String(2), nullable=True),
        sa.PrimaryKeyConstraint("agreement_id", "partner_id"),
    )
    op.create_index(
        "ix_agreement_partners_partner", "agreement_partners", ["partner_id", "agreement_id"]
    )
    op.create_index(
        "ix_agreement_partners_country", "agreement_partners", ["country", "agreement_id"]
    )
    op.create_table(
        "agreement_partner_names",
        sa.Column("partner_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_uk", sa.String(200), nullable=True),
        sa.Column("country", sa.String(2), nullable=False),
        sa.PrimaryKeyConstraint("partner_id"),
    )
    op.create_table(
        "deadlines",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("case_type", sa.String(20), nullable=False),
        sa.Column("reference", sa.String(40), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("owner", sa.String(200), nullable=True),
        sa.Column("case_status", sa.String(30), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("resolution", sa.String(30), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("case_id", "kind"),
    )
    op.create_index("ix_deadlines_open_due", "deadlines", ["open", "due_on", "case_id", "kind"])
    op.create_index("ix_deadlines_kind_due", "deadlines", ["kind", "open", "due_on"])
    op.create_index("ix_deadlines_owner_due", "deadlines", ["owner", "open", "due_on"])
    op.create_table(
        "deadline_cases",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("case_type", sa.String(20), nullable=False),
        sa.Column("reference", sa.String(40), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("owner", sa.String(200), nullable=True),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("kinds", sa.JSON(), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("case_id"),
    )


def downgrade() -> None:
    """Drop the read models and the positions."""
    for table in (
        "deadline_cases",
        "deadlines",
        "agreement_partner_names",
        "agreement_partners",
        "agreements",
        "partners",
        "projection_positions",
    ):
        op.drop_table(table)
