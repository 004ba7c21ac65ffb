"""Read models: FOI requests, aid shipments and their lines, agreement milestones, and the
working-day overrides seen by the FOI and deadlines projections.

Revision ID: 0004_case_lists
Revises: 0003_audit
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_case_lists"
down_revision: str | Sequence[str] | None = "0003_audit"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the tables (the projection engine fills them from position 0)."""
    op.create_table(
        "foi_requests",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("refusal_grounds", sa.JSON(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("answer_channel", sa.String(length=20), nullable=True),
        sa.Column("requester_name", sa.String(length=200), nullable=False),
        sa.Column("requester_kind", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("officer", sa.String(length=200), nullable=True),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("urgent_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("urgent_due_on", sa.Date(), nullable=True),
        sa.Column("extended", sa.Boolean(), nullable=False),
        sa.Column("deferred_to", sa.Date(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("extension_notice_due_on", sa.Date(), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("late", sa.Boolean(), nullable=True),
        sa.Column("working_days_late", sa.Integer(), nullable=True),
        sa.Column("working_days_taken", sa.Integer(), nullable=True),
        sa.Column("outgoing_number", sa.String(length=100), nullable=True),
        sa.Column("clarifications", sa.Integer(), nullable=False),
        sa.Column("transferred_on", sa.Date(), nullable=True),
        sa.Column("to_holder", sa.String(length=300), nullable=True),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.Column("calendar_until", sa.Date(), nullable=False),
        sa.Column("search", sa.Text(), nullable=False),
        sa.Column("created_position", sa.BigInteger(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_foi_requests_calendar", "foi_requests", ["calendar_until", "received_on"])
    op.create_index("ix_foi_requests_due", "foi_requests", ["open", "due_on"])
    op.create_index(
        "ix_foi_requests_officer", "foi_requests", ["officer", "received_on", "created_position"]
    )
    op.create_index("ix_foi_requests_received", "foi_requests", ["received_on", "created_position"])
    op.create_index(
        "ix_foi_requests_status", "foi_requests", ["status", "received_on", "created_position"]
    )
    op.create_table(
        "foi_calendar",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("working", sa.Boolean(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("day"),
    )
    op.create_table(
        "shipments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("donor_name", sa.String(length=200), nullable=False),
        sa.Column("donor_country", sa.String(length=2), nullable=False),
        sa.Column("partner_id", sa.Uuid(), nullable=True),
        sa.Column("recipient", sa.String(length=200), nullable=False),
        sa.Column("expected_on", sa.Date(), nullable=False),
        sa.Column("announced_on", sa.Date(), nullable=False),
        sa.Column("declared_on", sa.Date(), nullable=True),
        sa.Column("dispatched_on", sa.Date(), nullable=True),
        sa.Column("cleared_on", sa.Date(), nullable=True),
        sa.Column("report_due_on", sa.Date(), nullable=True),
        sa.Column("report_pending", sa.Boolean(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("reported_on", sa.Date(), nullable=True),
        sa.Column("late", sa.Boolean(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("cancelled_on", sa.Date(), nullable=True),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("line_nos", sa.JSON(), nullable=False),
        sa.Column("search", sa.Text(), nullable=False),
        sa.Column("created_position", sa.BigInteger(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_shipments_country", "shipments", ["donor_country", "created_position"])
    op.create_index("ix_shipments_created", "shipments", ["created_position"])
    op.create_index("ix_shipments_partner", "shipments", ["partner_id", "created_position"])
    op.create_index("ix_shipments_received", "shipments", ["received_on"])
    op.create_index("ix_shipments_report", "shipments", ["report_pending", "report_due_on"])
    op.create_index("ix_shipments_status", "shipments", ["status", "created_position"])
    op.create_table(
        "shipment_lines",
        sa.Column("shipment_id", sa.Uuid(), nullable=False),
        sa.Column("line_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("category", sa.String(length=30), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("quantity", sa.String(length=40), nullable=False),
        sa.Column("weight_kg", sa.String(length=40), nullable=True),
        sa.Column("value_amount", sa.String(length=40), nullable=True),
        sa.Column("value_currency", sa.String(length=3), nullable=True),
        sa.Column("lot", sa.String(length=100), nullable=True),
        sa.Column("expiry_on", sa.Date(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("received", sa.String(length=40), nullable=True),
        sa.Column("damaged", sa.String(length=40), nullable=True),
        sa.Column("missing", sa.String(length=40), nullable=True),
        sa.Column("distributed", sa.String(length=40), nullable=False),
        sa.Column("written_off", sa.String(length=40), nullable=False),
        sa.Column("on_hand", sa.String(length=40), nullable=True),
        sa.Column("in_stock", sa.Boolean(), nullable=False),
        sa.Column("stock_sort", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("shipment_id", "line_no"),
    )
    op.create_index("ix_shipment_lines_category", "shipment_lines", ["category", "shipment_id"])
    op.create_index("ix_shipment_lines_stock", "shipment_lines", ["in_stock", "stock_sort"])
    op.create_table(
        "milestone_partners",
        sa.Column("partner_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_uk", sa.String(length=200), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.PrimaryKeyConstraint("partner_id"),
    )
    op.create_table(
        "milestone_agreements",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("partners", sa.JSON(), nullable=False),
        sa.Column("countries", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "agreement_milestones",
        sa.Column("agreement_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("what", sa.String(length=20), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("agreement_id", "version"),
    )
    op.create_index("ix_agreement_milestones_on", "agreement_milestones", ["happened_on", "what"])
    op.create_table(
        "deadline_calendar",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("working", sa.Boolean(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("day"),
    )


def downgrade() -> None:
    """Drop them."""
    for table in (
        "deadline_calendar",
        "agreement_milestones",
        "milestone_agreements",
        "milestone_partners",
        "shipment_lines",
        "shipments",
        "foi_calendar",
        "foi_requests",
    ):
        op.drop_table(table)
