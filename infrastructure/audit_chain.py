"""The audit chain's adapters: raw rows of the event store, and the seals table of the read DB.

Rows are read exactly as stored (no decoding), in batches by position, one short transaction per
batch, so a verification or export of any size runs in constant memory and never holds a long
transaction open. On PostgreSQL the position is `notification_id`; on SQLite it is the `rowid`
of `stored_events` (the application recorder's table has a rowid, which the library reads as the
notification id); in memory it is the index in the recorder's list, counted from 1.

The seals live in `audit_chain` on `infrastructure.readdb.metadata`, created by the Alembic
revision 0003_audit (`pobratym db upgrade`). It is no projection's table: a rebuild never drops
or refills it (the log cannot remake seals). `AutoSeal` is the projection engine's after-batch
hook that seals new positions continuously, so a running server or worker keeps the chain sealed.
"""

import logging
import threading
from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

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

from application.audit import AuditService, Problem, RawEvent, RawLog, Seal, seal
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
log = logging.getLogger("pobratym.audit")


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


def audit_service(
    app: Any, read_engine: Engine, files: Callable[[], Sequence[Problem]] | None = None
) -> AuditService:
    """The audit service over an application's event store and the read database; with
    `files`, verification also checks every attached file (DocumentService.file_problems)."""
    return AuditService(raw_log(app.recorder), ChainTable(read_engine), files=files)


class AutoSeal:
    """Seals the positions written since the last seal: the projection engine's after-batch hook.

    Cheap when nothing is new (one `max(position)` of the log); sealing reads only the new raw
    rows, at most `per_round` positions per call, so a long unsealed backlog (a first upgrade)
    never holds up the read models for long. Several workers may run it at once: the loser of
    a race finds its positions sealed (within a process, rounds wait for one another, so the
    positions are sealed when a call returns). Failures (an unmigrated read database, a
    database away) are logged once and retried on the next round; they never stop projections.
    """

    def __init__(self, service: AuditService, per_round: int = 50_000) -> None:
        self.service = service
        self.per_round = per_round
        self.sealed = 0
        """Every existing position up to here is known to be sealed (by anyone)."""
        self._failing = False
        self._lock = threading.Lock()  # one sealer per process: the engine's thread or catch_up

    def __call__(self) -> None:
        """Seal the new positions, if any (waits for a sealing round of another thread)."""
        with self._lock:
            self._round()

    def _round(self) -> None:
        try:
            last = self.service.log.last_position()
            if last <= self.sealed:
                return
            upto = min(last, self.sealed + self.per_round)
            report = seal(
                _Upto(self.service.log, upto), self.service.chain, batch=self.service.batch
            )
        except ConcurrentWrite:
            return  # another process sealed them meanwhile: the next round moves on
        except Exception as e:
            if not self._failing:
                log.warning("audit chain: sealing failed, retrying after each batch: %s", e)
            self._failing = True
            return
        if self._failing:
            log.info("audit chain: sealing works again")
            self._failing = False
        # A gap (rolled-back saves) up to `upto` has nothing to seal; a chain sealed further by
        # another process moves us past it.
        self.sealed = max(report.head.position, upto)
        if report.added:
            log.debug("audit chain: sealed %s position(s) up to %s", report.added, self.sealed)


class _Upto:
    """A raw log seen only up to a position (one round of sealing)."""

    def __init__(self, log: RawLog, upto: int) -> None:
        self.log = log
        self.upto = upto

    def last_position(self) -> int:
        """The newest position, at most `upto`."""
        return min(self.log.last_position(), self.upto)

    def read(self, after: int, upto: int, limit: int) -> Sequence[RawEvent]:
        """Rows up to `upto` at most."""
        return self.log.read(after, min(upto, self.upto), limit)


def auto_seal(app: Any, read_engine: Engine) -> AutoSeal:
    """The after-batch hook that keeps an application's log sealed in the read database."""
    return AutoSeal(audit_service(app, read_engine))
