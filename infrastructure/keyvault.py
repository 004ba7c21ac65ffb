"""The per-person data keys (crypto-shredding): AES-256-GCM keys in `personal_data_keys`.

Each contact person and honorary consul has one random 256-bit key, kept in this table of the
read database (a service table: never in the event store, never rebuilt from the log). Sealed
text is "v1." + base64url(nonce || ciphertext+tag); the person's key id is the associated data,
so a seal cannot be opened under another person's key. Erasure overwrites the key with NULL and
records when: what the events sealed for that person can never be read again, while the events,
their hashes and the audit chain stay exactly as they were.

SQLite keeps deleted bytes in free pages unless told otherwise: the erasing transaction turns on
`PRAGMA secure_delete`, then a checkpoint empties the write-ahead log (which held the page as it
was). PostgreSQL keeps the dead row version until VACUUM: `destroy` vacuums the table afterwards
(its write-ahead log segments are recycled by the server in their own time). Backups taken
before an erasure still hold the key: their retention bounds how long erased data can be
recovered from them (docs/PERSONAL_DATA.md).
"""

import base64
import json
import os
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Column, DateTime, Engine, LargeBinary, Table, Uuid, insert, select, text
from sqlalchemy import update as sql_update

from application.vault import PersonErased
from infrastructure.readdb import metadata

VERSION = "v1."
NONCE_BYTES = 12
MAX_SEALED_BYTES = 16 * 1024  # a person's few fields; anything larger is refused
MAX_OPEN_AT_ONCE = 1_000  # seals opened by one query (a list's page is at most 500)

personal_data_keys = Table(
    "personal_data_keys",
    metadata,
    Column("key_id", Uuid, primary_key=True),
    Column("data_key", LargeBinary(32), nullable=True),  # NULL once destroyed
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("destroyed_at", DateTime(timezone=True), nullable=True),
)
K = personal_data_keys.c


class SealBroken(Exception):
    """A sealed text that does not open under its person's key (tampered or foreign)."""


class SqlKeyVault:
    """`application.vault.Vault` over the read database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _key(self, key_id: UUID) -> tuple[bool, bytes | None]:
        """(whether a row exists, the key or None once destroyed)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(K.data_key).where(K.key_id == key_id)).first()
        if row is None:
            return False, None
        return True, row.data_key

    def seal(self, key_id: UUID, data: Mapping[str, Any]) -> str:
        """Seal the data with the person's key, created on first use; refused once erased."""
        known, key = self._key(key_id)
        if known and key is None:
            raise PersonErased()
        if key is None:
            key = AESGCM.generate_key(bit_length=256)
            with self.engine.begin() as conn:
                conn.execute(
                    insert(personal_data_keys).values(
                        key_id=key_id, data_key=key, created_at=datetime.now(UTC)
                    )
                )
        plain = json.dumps(dict(data), sort_keys=True, ensure_ascii=False).encode("utf-8")
        if len(plain) > MAX_SEALED_BYTES:
            raise ValueError("a person's data is limited to 16 KiB")
        nonce = os.urandom(NONCE_BYTES)
        sealed = AESGCM(key).encrypt(nonce, plain, key_id.bytes)
        return VERSION + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")

    def open(self, key_id: UUID, sealed: str) -> dict[str, Any] | None:
        """The data sealed with the person's key; None once the key is destroyed."""
        _, key = self._key(key_id)
        return None if key is None else _open(key, key_id, sealed)

    def open_many(self, sealed: Sequence[tuple[UUID, str]]) -> list[dict[str, Any] | None]:
        """Many seals at once (a page of a list, at most MAX_OPEN_AT_ONCE): one query."""
        if len(sealed) > MAX_OPEN_AT_ONCE:
            raise ValueError(f"open at most {MAX_OPEN_AT_ONCE} seals at once")
        ids = list({key_id for key_id, _ in sealed})
        keys: dict[UUID, bytes | None] = {}
        if ids:
            with self.engine.connect() as conn:
                query = select(K.key_id, K.data_key).where(K.key_id.in_(ids))
                keys = {row.key_id: row.data_key for row in conn.execute(query)}
        out: list[dict[str, Any] | None] = []
        for key_id, text_ in sealed:
            key = keys.get(key_id)
            out.append(None if key is None else _open(key, key_id, text_))
        return out

    def destroy(self, key_id: UUID) -> bool:
        """Destroy the person's key for good (a tombstone row remembers when); idempotent."""
        now = datetime.now(UTC)
        with self.engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                conn.execute(text("PRAGMA secure_delete = ON"))
            existed = conn.execute(
                sql_update(personal_data_keys)
                .where(K.key_id == key_id, K.data_key.is_not(None))
                .values(data_key=None, destroyed_at=now)
            ).rowcount
            if not existed:
                found = conn.execute(select(K.key_id).where(K.key_id == key_id)).first()
                if found is None:
                    conn.execute(
                        insert(personal_data_keys).values(
                            key_id=key_id, data_key=None, created_at=now, destroyed_at=now
                        )
                    )
        if existed:
            self._reclaim()
        return bool(existed)

    def _reclaim(self) -> None:
        """Drop the old copies of a destroyed key: PostgreSQL's dead row versions (VACUUM),
        SQLite's write-ahead log (a checkpoint copies the zeroed page back and truncates it)."""
        if self.engine.dialect.name == "sqlite":
            # Outside any transaction (the engine's "begin" hook would open one). Busy readers
            # may hold old frames: then a later checkpoint empties the log.
            raw = self.engine.raw_connection()
            try:
                raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").close()  # type: ignore[union-attr]
            finally:
                raw.close()
            return
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            # The table in the connection's search_path (a deployment's own schema).
            conn.execute(
                text(f"VACUUM {conn.dialect.identifier_preparer.quote('personal_data_keys')}")
            )

    def erased(self, key_id: UUID) -> bool:
        """Whether the person's key has been destroyed."""
        known, key = self._key(key_id)
        return known and key is None


def _open(key: bytes, key_id: UUID, sealed: str) -> dict[str, Any]:
    """Decrypt one seal under its person's key (SealBroken if it does not open)."""
    if not sealed.startswith(VERSION):
        raise SealBroken("unknown seal version")
    raw = base64.urlsafe_b64decode(sealed[len(VERSION) :].encode("ascii"))
    try:
        plain = AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], key_id.bytes)
    except InvalidTag:
        raise SealBroken("the seal does not open under its person's key") from None
    data: dict[str, Any] = json.loads(plain)
    return data
