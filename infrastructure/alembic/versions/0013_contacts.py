"""Issue 17 part B: the counterparts directory, honorary consuls, memberships; data keys.

`counterparts`, `contacts`, `honorary_consuls` and `memberships` are read models (rebuilt from
the log; persons only sealed). `personal_data_keys` is a service table: the per-person data keys
of crypto-shredding (infrastructure.keyvault), never in the event log, never rebuilt.

Revision ID: 0013_contacts
Revises: 0012_accounts
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_contacts"
down_revision: str | Sequence[str] | None = "0012_accounts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TZ = sa.DateTime(timezone=True)


def _tail() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("illustrative", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("search", sa.Text(), nullable=False),
        sa.Column("created_position", sa.BigInteger(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
    ]


def upgrade() -> None:
    """Create the five tables."""
    op.create_table(
        "personal_data_keys",
        sa.Column("key_id", sa.Uuid(), primary_key=True),
        sa.Column("data_key", sa.LargeBinary(32), nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("destroyed_at", TZ, nullable=True),
    )
    op.create_table(
        "counterparts",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("reference", sa.String(40), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("city", sa.Text(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        *_tail(),
    )
    op.create_index("ix_counterparts_created", "counterparts", ["created_position"])
    op.create_index("ix_counterparts_kind", "counterparts", ["kind", "created_position"])
    op.create_index("ix_counterparts_country", "counterparts", ["country", "created_position"])
    op.create_table(
        "contacts",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("reference", sa.String(40), nullable=False),
        sa.Column("counterpart_id", sa.Uuid(), nullable=True),
        sa.Column("partner_id", sa.Uuid(), nullable=True),
        sa.Column("key_id", sa.Uuid(), nullable=False),
        sa.Column("sealed", sa.Text(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("erased_on", sa.Date(), nullable=True),
        *_tail(),
    )
    op.create_index("ix_contacts_created", "contacts", ["created_position"])
    op.create_index("ix_contacts_counterpart", "contacts", ["counterpart_id", "created_position"])
    op.create_index("ix_contacts_partner", "contacts", ["partner_id", "created_position"])
    op.create_table(
        "honorary_consuls",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("reference", sa.String(40), nullable=False),
        sa.Column("represents", sa.String(2), nullable=False),
        sa.Column("seat_country", sa.String(2), nullable=False),
        sa.Column("seat_city", sa.Text(), nullable=False),
        sa.Column("district", sa.Text(), nullable=False),
        sa.Column("of_ukraine", sa.Boolean(), nullable=False),
        sa.Column("appointed_on", sa.Date(), nullable=False),
        sa.Column("term_ends_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("key_id", sa.Uuid(), nullable=False),
        sa.Column("sealed", sa.Text(), nullable=True),
        sa.Column("erased_on", sa.Date(), nullable=True),
        *_tail(),
    )
    op.create_index("ix_honorary_consuls_created", "honorary_consuls", ["created_position"])
    op.create_index(
        "ix_honorary_consuls_represents", "honorary_consuls", ["represents", "created_position"]
    )
    op.create_index("ix_honorary_consuls_term", "honorary_consuls", ["status", "term_ends_on"])
    op.create_table(
        "memberships",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("reference", sa.String(40), nullable=False),
        sa.Column("association", sa.Text(), nullable=False),
        sa.Column("country", sa.String(2), nullable=True),
        sa.Column("joined_on", sa.Date(), nullable=False),
        sa.Column("renewal_due_on", sa.Date(), nullable=True),
        sa.Column("renewed_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        *_tail(),
    )
    op.create_index("ix_memberships_created", "memberships", ["created_position"])
    op.create_index("ix_memberships_renewal", "memberships", ["status", "renewal_due_on"])


def downgrade() -> None:
    """Drop the five tables."""
    for table in ("memberships", "honorary_consuls", "contacts", "counterparts"):
        op.drop_table(table)
    op.drop_table("personal_data_keys")
