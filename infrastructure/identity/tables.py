"""The tables of secrets kept outside the event log, and how a random secret is stored.

The argon2id hash of each password, the SHA-256 of each session id, CSRF token and API key (256
random bits each, so a plain hash is enough), and the throttle of failed sign-ins.
"""

import hashlib
from datetime import UTC, datetime

from sqlalchemy import Boolean, Column, DateTime, Index, Integer, String, Table, Uuid

from infrastructure.readdb import metadata

credentials = Table(
    "account_credentials",
    metadata,
    Column("account_id", Uuid, primary_key=True),
    Column("password_hash", String(255), nullable=False),
    Column("must_change", Boolean, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
sessions = Table(
    "account_sessions",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("session_hash", String(64), nullable=False),
    Column("csrf_hash", String(64), nullable=False),
    Column("account_id", Uuid, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Index("ix_account_sessions_hash", "session_hash", unique=True),
    Index("ix_account_sessions_account", "account_id", "created_at"),
)
api_keys = Table(
    "api_keys",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("account_id", Uuid, nullable=False),
    Column("name", String(100), nullable=False),
    Column("role", String(20), nullable=False),
    Column("key_hash", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Column("last_used_at", DateTime(timezone=True), nullable=True),
    Index("ix_api_keys_hash", "key_hash", unique=True),
    Index("ix_api_keys_account", "account_id", "created_at"),
)
throttle = Table(
    "sign_in_throttle",
    metadata,
    Column("key", String(80), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("window_start", DateTime(timezone=True), nullable=False),
    Column("locked_until", DateTime(timezone=True), nullable=True),
)


def digest(secret: str) -> str:
    """The stored form of a random secret."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def utc(moment: datetime | None) -> datetime | None:
    """A stored moment as an aware UTC datetime (SQLite gives them back naive)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
