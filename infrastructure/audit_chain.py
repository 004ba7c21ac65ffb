"""The audit chain's adapters: raw rows of the event store, and the seals table of the read DB.

Rows are read exactly as stored (no decoding), in batches by position, one short transaction per
batch, so a verification or export of any size runs in constant memory and never holds a long
transaction open. On PostgreSQL the position is `notification_id`; on SQLite it is the `rowid`
of `stored_events` (the application recorder's table has a rowid, which the library reads as the
notification id); in memory it is the index in the recorder's list, counted from 1.

The seals live in `audit_chain` on `infrastructure.readdb.metadata` (created here when missing,
until the Alembic migrations own it).
"""

from collections.abc import Sequence
from typing import Any
from uuid import UUID
from weakref import WeakSet

from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg.rows import tuple_row
from psycopg.sql import SQL, Identifier
from sqlalchemy import (
    BigInteger,
    Column,
    Engine,
    LargeBinary,
    Table,
    and_,
    func,
    insert,
    select,
)
from sqlalchemy.exc import IntegrityError

from application.audit import AuditService, RawEvent, RawLog, Seal
from application.errors import ConcurrentWrite
from infrastructure.readdb import metadata

audit_chain = Table(
    "audit_chain",
    metadata,
    Column("position", BigInteger, primary_key=True, autoincrement=False),
    Column("originator_id", LargeBinary(16), nullable=False),
    Column("originator_version", BigInteger, nullable=False),
    Column("event_hash", LargeBinary(32), nullable=False),
    Column("digest", LargeBinary(32), nullable=False),
    Column("count", BigInteger, nullable=False),
)
_COLUMNS = [
    audit_chain.c.position,
    audit_chain.c.originator_id,
    audit_chain.c.originator_version,
    audit_chain.c.event_hash,
    audit_chain.c.digest,
    audit_chain.c.count,
]
_ready: WeakSet[Engine] = WeakSet()


def id_bytes(stored: Any) -> bytes:
    """The 16 bytes of a stored originator id; text that is no UUID keeps its own bytes."""
    if isinstance(stored, UUID):
        return stored.bytes
    if isinstance(stored, bytes | bytearray | memoryview):
        return bytes(stored)
    try:
        return UUID(str(stored)).bytes
    except ValueError:
        return str(stored).encode("utf-8")


class PostgresLog:
    """Raw rows of `<schema>.<app>_events`, by notification id."""

    def __init__(self, recorder: PostgresApplicationRecorder) -> None:
        self.datastore = recorder.datastore
        table = SQL("{}.{}").format(
            Identifier(recorder.datastore.schema), Identifier(recorder.events_table_name)
        )
        # uuid_send gives the id's 16 bytes; binary results spare decoding the bytea as hex.
        # No upper bound in SQL: with "> after ORDER BY LIMIT" alone the planner always walks
        # the notification_id index, where a range can make it sort the whole rest of the table.
        self.select = SQL(
            "SELECT notification_id, uuid_send(originator_id), originator_version, topic, state "
            "FROM {} WHERE notification_id > %s ORDER BY notification_id LIMIT %s"
        ).format(table)
        self.last = SQL("SELECT max(notification_id) FROM {}").format(table)

    def last_position(self) -> int:
        """The newest notification id (0 for an empty log)."""
        with self.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as cur:
            cur.execute(self.last)
            row = cur.fetchone()
            return int(row[0]) if row and row[0] is not None else 0

    def read(self, after: int, upto: int, limit: int) -> Sequence[RawEvent]:
        """One batch of rows."""
        with self.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as cur:
            cur.execute(self.select, (after, limit), binary=True)
            rows = cur.fetchall()
        return [RawEvent._make(row) for row in rows if row[0] <= upto]


class SQLiteLog:
    """Raw rows of `stored_events`, by rowid."""

    def __init__(self, recorder: SQLiteApplicationRecorder) -> None:
        self.datastore = recorder.datastore
        table = recorder.events_table_name
        self.select = (
            f"SELECT rowid, originator_id, originator_version, topic, state FROM {table} "
            "WHERE rowid > ? ORDER BY rowid LIMIT ?"
        )
        self.last = f"SELECT max(rowid) FROM {table}"

    def last_position(self) -> int:
        """The newest rowid (0 for an empty log)."""
        with self.datastore.transaction(commit=False) as cur:
            cur.execute(self.last)
            row = cur.fetchone()
            return int(row[0]) if row and row[0] is not None else 0

    def read(self, after: int, upto: int, limit: int) -> Sequence[RawEvent]:
        """One batch of rows; the id is stored as 32 hex digits, the state as a BLOB."""
        with self.datastore.transaction(commit=False) as cur:
            cur.execute(self.select, (after, limit))
            rows = cur.fetchall()
        out = []
        for position, oid, version, topic, state in rows:
            if position > upto:
                break
            try:
                raw_id = bytes.fromhex(oid)
                if len(raw_id) != 16:
                    raise ValueError
            except (TypeError, ValueError):
                raw_id = id_bytes(oid)
            if isinstance(state, str):
                state = state.encode("utf-8")
            if isinstance(topic, bytes):
                topic = topic.decode("utf-8", "replace")
            out.append(RawEvent(position, raw_id, int(version), str(topic), bytes(state)))
        return out


class MemoryLog:
    """Raw rows of the in-memory recorder (tests)."""

    def __init__(self, recorder: Any) -> None:
        self.recorder = recorder

    def last_position(self) -> int:
        """The newest position (0 for an empty log)."""
        return int(self.recorder.max_notification_id() or 0)

    def read(self, after: int, upto: int, limit: int) -> Sequence[RawEvent]:
        """One batch of rows."""
        start = max(after, 0)
        notes = self.recorder.select_notifications(
            start, limit, stop=upto, inclusive_of_start=False
        )
        return [
            RawEvent(n.id, id_bytes(n.originator_id), n.originator_version, n.topic, n.state)
            for n in notes
        ]


def raw_log(recorder: Any) -> RawLog:
    """The raw-row reader for the application's recorder."""
    if isinstance(recorder, PostgresApplicationRecorder):
        return PostgresLog(recorder)
    if isinstance(recorder, SQLiteApplicationRecorder):
        return SQLiteLog(recorder)
    return MemoryLog(recorder)


class ChainTable:
    """The seals, in the read database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        ensure_table(engine)

    def last(self) -> Seal | None:
        """The newest seal."""
        newest = select(func.max(audit_chain.c.position)).scalar_subquery()
        return self._one(audit_chain.c.position == newest)

    def read(self, after: int, upto: int, limit: int) -> Sequence[Seal]:
        """One batch of seals."""
        query = (
            select(*_COLUMNS)
            .where(audit_chain.c.position > after)
            .order_by(audit_chain.c.position)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [Seal._make(row) for row in rows if row[0] <= upto]

    def at(self, position: int) -> Seal | None:
        """The seal of one position."""
        return self._one(audit_chain.c.position == position)

    def find(self, originator_id: bytes, originator_version: int) -> Seal | None:
        """Where an event was sealed."""
        return self._one(
            and_(
                audit_chain.c.originator_id == originator_id,
                audit_chain.c.originator_version == originator_version,
            )
        )

    def append(self, seals: Sequence[Seal]) -> None:
        """Store seals in one transaction."""
        rows = [s._asdict() for s in seals]
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(audit_chain), rows)
        except IntegrityError as e:
            raise ConcurrentWrite() from e

    def _one(self, condition: Any) -> Seal | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(*_COLUMNS).where(condition).limit(1)).first()
        return None if row is None else Seal._make(row)


def ensure_table(engine: Engine) -> None:
    """Create the seals table if it is missing (idempotent; Alembic will own it)."""
    if engine not in _ready:
        audit_chain.create(engine, checkfirst=True)
        _ready.add(engine)


def audit_service(app: Any, read_engine: Engine) -> AuditService:
    """The audit service over an application's event store and the read database."""
    return AuditService(raw_log(app.recorder), ChainTable(read_engine))
