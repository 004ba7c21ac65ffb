"""Staff accounts (issue 13): credentials, sessions, API keys, sign-in throttle; read models.

`accounts` and `account_intervals` are the accounts projection's read models (rebuilt from the
log); the other four are service tables holding secrets' hashes, never in the event log.

Revision ID: 0012_accounts
Revises: 0011_description_uk
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_accounts"
down_revision: str | Sequence[str] | None = "0011_description_uk"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create the six tables."""
    op.create_table(
        "account_credentials",
        sa.Column("account_id", sa.Uuid(), primary_key=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("must_change", sa.Boolean(), nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
    )
    op.create_table(
        "account_sessions",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("session_hash", sa.String(64), nullable=False),
        sa.Column("csrf_hash", sa.String(64), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("last_seen_at", TZ, nullable=False),
        sa.Column("revoked_at", TZ, nullable=True),
    )
    op.create_index("ix_account_sessions_hash", "account_sessions", ["session_hash"], unique=True)
    op.create_index("ix_account_sessions_account", "account_sessions", ["account_id", "created_at"])
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
        sa.Column("revoked_at", TZ, nullable=True),
        sa.Column("last_used_at", TZ, nullable=True),
    )
    op.create_index("ix_api_keys_hash", "api_keys", ["key_hash"], unique=True)
    op.create_index("ix_api_keys_account", "api_keys", ["account_id", "created_at"])
    op.create_table(
        "sign_in_throttle",
        sa.Column("key", sa.String(80), primary_key=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_start", TZ, nullable=False),
        sa.Column("locked_until", TZ, nullable=True),
    )
    op.create_table(
        "accounts",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("login", sa.String(63), nullable=False),
        sa.Column("full_name", sa.Text(), nullable=False),
        sa.Column("email", sa.Text(), nullable=False),
        sa.Column("roles", sa.Text(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("open_intervals", sa.Text(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
    )
    op.create_index("ix_accounts_login", "accounts", ["login"], unique=True)
    op.create_table(
        "account_intervals",
        sa.Column("account_id", sa.Uuid(), primary_key=True),
        sa.Column("kind", sa.String(20), primary_key=True),
        sa.Column("since_version", sa.Integer(), primary_key=True),
        sa.Column("login", sa.String(63), nullable=False),
        sa.Column("began_at", TZ, nullable=False),
        sa.Column("ended_at", TZ, nullable=True),
    )
    op.create_index("ix_account_intervals_kind", "account_intervals", ["kind", "began_at"])


def downgrade() -> None:
    """Drop the six tables."""
    for table in (
        "account_intervals",
        "accounts",
        "sign_in_throttle",
        "api_keys",
        "account_sessions",
        "account_credentials",
    ):
        op.drop_table(table)
