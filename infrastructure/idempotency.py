"""Stored answers to POSTs sent with an Idempotency-Key, so a retry changes nothing."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Integer,
    LargeBinary,
    String,
    Table,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from infrastructure.readdb import metadata

KEEP_FOR = timedelta(hours=24)
CLAIM_ATTEMPTS = 5

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("principal", String(200), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("request_hash", String(64), nullable=False),
    Column("status", Integer, nullable=True),
    Column("content_type", String(200), nullable=True),
    Column("headers", LargeBinary, nullable=True),
    Column("body", LargeBinary, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


@dataclass(frozen=True)
class StoredAnswer:
    """The first answer given to a key (status None while still being processed)."""

    request_hash: str
    status: int | None
    headers: bytes | None
    body: bytes | None


class IdempotencyStore:
    """Claims keys and remembers the answers given to them."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def claim(self, principal: str, key: str, request_hash: str) -> StoredAnswer | None:
        """Claim a key for a new request; if it was seen, return what is stored for it.

        A claim whose request failed for a passing reason is released: a request whose insert
        met it may then find no row, and claims again (a few times, then it counts as busy).
        """
        now = datetime.now(UTC)
        for _ in range(CLAIM_ATTEMPTS):
            try:
                with self.engine.begin() as conn:
                    conn.execute(
                        delete(idempotency_keys).where(
                            idempotency_keys.c.principal == principal,
                            idempotency_keys.c.key == key,
                            idempotency_keys.c.created_at < now - KEEP_FOR,
                        )
                    )
                    conn.execute(
                        insert(idempotency_keys).values(
                            principal=principal, key=key, request_hash=request_hash, created_at=now
                        )
                    )
                return None
            except IntegrityError:
                with self.engine.connect() as conn:
                    row = conn.execute(
                        select(idempotency_keys).where(
                            idempotency_keys.c.principal == principal,
                            idempotency_keys.c.key == key,
                        )
                    ).one_or_none()
                if row is not None:
                    return StoredAnswer(row.request_hash, row.status, row.headers, row.body)
        # Claimed and released again and again by racing requests: say it is in progress.
        return StoredAnswer(request_hash, None, None, None)

    def complete(self, principal: str, key: str, status: int, headers: bytes, body: bytes) -> None:
        """Remember the answer given to a claimed key."""
        with self.engine.begin() as conn:
            conn.execute(
                update(idempotency_keys)
                .where(idempotency_keys.c.principal == principal, idempotency_keys.c.key == key)
                .values(status=status, headers=headers, body=body)
            )

    def release(self, principal: str, key: str) -> None:
        """Forget a claim whose request failed for a passing reason (the client may retry)."""
        with self.engine.begin() as conn:
            conn.execute(
                delete(idempotency_keys).where(
                    idempotency_keys.c.principal == principal, idempotency_keys.c.key == key
                )
            )
