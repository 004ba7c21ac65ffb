"""Calendar feed tokens: per-user, revocable secrets that open GET /deadlines.ics.

A calendar application cannot send a bearer header, so the feed URL carries its own secret.
Only its SHA-256 is stored (the secret is 256 random bits, so a plain hash is enough); it is
shown once, when created. It is not a JWT: revoking it takes effect at the next fetch.
A token expires FEED_TOKEN_TTL after it was made (like the longest bearer token), and a user
has at most MAX_ACTIVE_PER_USER active ones.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Index,
    String,
    Table,
    Uuid,
    func,
    insert,
    select,
    update,
)

from infrastructure.readdb import metadata

PREFIX = "pft_"
FEED_TOKEN_TTL = timedelta(days=90)
MAX_ACTIVE_PER_USER = 5
MAX_LISTED = 100
TOUCH_EVERY = timedelta(minutes=5)  # last_used_at is a hint, not a log: spare the writes

feed_tokens = Table(
    "feed_tokens",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("subject", String(200), nullable=False),
    Column("role", String(20), nullable=False),
    Column("label", String(200), nullable=True),
    Column("token_hash", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Column("last_used_at", DateTime(timezone=True), nullable=True),
    Index("ix_feed_tokens_hash", "token_hash", unique=True),
    Index("ix_feed_tokens_subject", "subject", "created_at"),
)
T = feed_tokens.c


@dataclass(frozen=True)
class FeedToken:
    """A feed token's record (never its secret)."""

    id: UUID
    subject: str
    role: str
    label: str | None
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None

    @property
    def expires_at(self) -> datetime:
        """When the token stops opening the feed."""
        return self.created_at + FEED_TOKEN_TTL

    @property
    def active(self) -> bool:
        """Not revoked and not expired."""
        return self.revoked_at is None and datetime.now(UTC) < self.expires_at


class FeedTokenLimit(Exception):
    """The user already has as many active feed tokens as allowed (API: 422)."""


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _token(row: Any) -> FeedToken:
    return FeedToken(
        id=row.id,
        subject=row.subject,
        role=row.role,
        label=row.label,
        created_at=_utc(row.created_at) or row.created_at,
        revoked_at=_utc(row.revoked_at),
        last_used_at=_utc(row.last_used_at),
    )


def digest(secret: str) -> str:
    """The stored form of a secret."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class FeedTokens:
    """Creates, lists, revokes and checks feed tokens in the read database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def create(self, subject: str, role: str, label: str | None = None) -> tuple[FeedToken, str]:
        """A new token for a user; returns its record and its secret (shown only now)."""
        secret = PREFIX + secrets.token_urlsafe(32)
        row = {
            "id": uuid4(),
            "subject": subject,
            "role": role,
            "label": label,
            "token_hash": digest(secret),
            "created_at": datetime.now(UTC),
        }
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # One creation per user at a time, so two at once cannot pass the count.
                conn.execute(select(func.pg_advisory_xact_lock(func.hashtext(subject))))
            active = conn.execute(
                select(func.count())
                .select_from(feed_tokens)
                .where(
                    T.subject == subject,
                    T.revoked_at.is_(None),
                    T.created_at > row["created_at"] - FEED_TOKEN_TTL,
                )
            ).scalar_one()
            if active >= MAX_ACTIVE_PER_USER:
                raise FeedTokenLimit(
                    f"you have {active} active feed tokens (at most {MAX_ACTIVE_PER_USER}): "
                    "revoke one first"
                )
            conn.execute(insert(feed_tokens).values(**row))
        token = FeedToken(row["id"], subject, role, label, row["created_at"], None, None)
        return token, secret

    def of(self, subject: str) -> list[FeedToken]:
        """A user's tokens, newest first (the newest MAX_LISTED)."""
        query = (
            select(feed_tokens)
            .where(T.subject == subject)
            .order_by(T.created_at.desc())
            .limit(MAX_LISTED)
        )
        with self.engine.connect() as conn:
            return [_token(r) for r in conn.execute(query)]

    def revoke(self, token_id: UUID, subject: str | None) -> FeedToken | None:
        """Revoke a token (a user's own; any, when subject is None); None if there is none."""
        where = [T.id == token_id]
        if subject is not None:
            where.append(T.subject == subject)
        with self.engine.begin() as conn:
            conn.execute(
                update(feed_tokens)
                .where(*where, T.revoked_at.is_(None))
                .values(revoked_at=datetime.now(UTC))
            )
            row = conn.execute(select(feed_tokens).where(*where)).first()
        return _token(row) if row is not None else None

    def verify(self, secret: str) -> FeedToken | None:
        """The active token with this secret, or None (and note when it was last used)."""
        if not secret.startswith(PREFIX) or len(secret) > 200:
            return None
        query = select(feed_tokens).where(T.token_hash == digest(secret))
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None or row.revoked_at is not None:
            return None
        token = _token(row)
        if not token.active:
            return None  # expired
        now = datetime.now(UTC)
        if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
            with self.engine.begin() as conn:
                conn.execute(update(feed_tokens).where(T.id == token.id).values(last_used_at=now))
        return token
