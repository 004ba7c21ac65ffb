"""Rebuilding a projection into shadow tables and swapping them in, with the API still serving.

1. claim the rebuild on the projection's row (a heartbeat keeps the claim; a stale one is taken);
2. create `<table>__rb<token>` for each of its tables (names of its own: a stalled rebuild that
   lost its claim can never write into its successor's tables), without secondary indexes;
3. fold the log from position 0 into them in batches (the live tables keep being updated);
4. create the indexes (PostgreSQL: under temporary names), then in ONE transaction holding the
   projection's row lock: apply the last events, drop the live tables, rename the shadows to
   the live names (and their indexes), set the position and version. Readers see the old tables
   or the new ones, never a mix; the live worker simply skips the projection for that moment.
"""

import queue
import re
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from eventsourcing.persistence import Notification
from sqlalchemy import Connection, Index, MetaData, Table, inspect, text
from sqlalchemy.schema import CreateIndex

from projections import positions
from projections.base import Projection

if TYPE_CHECKING:
    from projections.engine import ProjectionEngine

SHADOW_MARK = "__rb"
HEARTBEAT_SECONDS = 2.0
STALE_CLAIM_SECONDS = 60.0
SWAP_LOCK_TIMEOUT = "30s"
INDEX_BUILD_MEMORY = "256MB"


class RebuildBusy(RuntimeError):
    """Another process is rebuilding the same projection."""

    def __init__(self, name: str) -> None:
        super().__init__(f"projection {name} is being rebuilt by another process")


class RebuildLost(RuntimeError):
    """The rebuild's claim was taken over (it stalled for too long)."""


def shadow_of(table: Table, token: str, *, unlogged: bool = False) -> Table:
    """A copy of a table under a shadow name of this rebuild, without secondary indexes.

    `unlogged` (PostgreSQL): no WAL for the many writes of a rebuild; finish() makes it logged
    once, before indexing (a crash empties an unlogged table: a rebuild that died starts over).
    """
    shadow = table.to_metadata(MetaData(), name=f"{table.name}{SHADOW_MARK}{token}")
    shadow.indexes.clear()
    if unlogged:
        shadow._prefixes = ["UNLOGGED"]  # CREATE UNLOGGED TABLE (Table(prefixes=...) after copy)
    return shadow


class Rebuild:
    """One rebuild of one projection; step it until it is caught up, then finish() swaps."""

    def __init__(self, engine: "ProjectionEngine", projection: Projection, batch_size: int) -> None:
        self.engine = engine
        self.projection = projection
        self.name = projection.name
        self.batch_size = batch_size
        self.token = uuid.uuid4().hex
        self.suffix = SHADOW_MARK + self.token[:8]
        postgres = engine.read_engine.dialect.name == "postgresql"
        self.shadows = {
            t: shadow_of(t, self.token[:8], unlogged=postgres) for t in projection.tables
        }
        self.position = 0
        self.applied = 0
        self.head = 0
        self._claimed = False
        self._last_beat = 0.0

    def begin(self) -> bool:
        """Claim the rebuild and create empty shadow tables; False if another one runs."""
        engine = self.engine.read_engine
        with engine.begin() as conn:
            positions.ensure(conn, self.name, self.projection.version)
        with engine.begin() as conn:
            if not positions.claim_rebuild(conn, self.name, self.token, STALE_CLAIM_SECONDS):
                return False
        self._claimed = True
        self._last_beat = time.monotonic()
        with engine.begin() as conn:
            leftovers = inspect(conn).get_table_names()
            q = conn.dialect.identifier_preparer.quote
            for live, shadow in self.shadows.items():
                for name in leftovers:
                    if name.startswith(live.name + SHADOW_MARK) and name != shadow.name:
                        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {q(name)}")  # a dead rebuild's
                shadow.drop(conn, checkfirst=True)
                shadow.create(conn)
        self.head = self.engine.head()
        return True

    def step(self) -> bool:
        """Fold one batch into the shadow tables; True once caught up with the log."""
        head = self.engine.head()
        self.head = max(self.head, head)
        if not self.projection.event_classes():
            self.position = head
            return True
        with self.engine.read_engine.begin() as conn:
            relaxed_commit(conn)
            notes = self.engine.select(self.projection, self.position, self.batch_size, head)
            self.engine.apply(self.projection, conn, notes, self.shadows)
        self.applied += len(notes)
        caught_up = len(notes) < self.batch_size
        self.position = head if caught_up else notes[-1].id
        self.beat()
        return caught_up

    def fold(
        self,
        conn: Connection,
        notes: Sequence[Notification],
        events: Sequence[Any],
        position: int,
    ) -> None:
        """Fold the events of a shared batch that this projection handles; move to `position`."""
        handled = self.projection._handlers
        mine = [i for i, e in enumerate(events) if type(e) in handled]
        if mine:
            if len(mine) == len(events):
                self.engine.fold(self.projection, conn, notes, events, self.shadows)
            else:
                picked = [notes[i] for i in mine], [events[i] for i in mine]
                self.engine.fold(self.projection, conn, *picked, self.shadows)
        self.applied += len(mine)
        self.position = max(self.position, position)
        self.head = max(self.head, position)

    def beat(self) -> None:
        """Renew the claim (every few seconds); RebuildLost if another process took it."""
        if time.monotonic() - self._last_beat < HEARTBEAT_SECONDS:
            return
        with self.engine.read_engine.begin() as conn:
            if not positions.heartbeat(conn, self.name, self.token, self.position):
                raise RebuildLost(f"the rebuild of {self.name} lost its claim")
        self._last_beat = time.monotonic()

    def finish(self) -> int:
        """Apply the last events and swap the shadow tables in, atomically; the new position."""
        engine = self.engine.read_engine
        postgres = engine.dialect.name == "postgresql"
        with engine.begin() as conn:
            if not positions.heartbeat(conn, self.name, self.token, self.position):
                raise RebuildLost(f"the rebuild of {self.name} lost its claim")
        if postgres:
            with engine.begin() as conn:
                # Index builds (GIN above all) sort in memory rather than in temporary files.
                conn.exec_driver_sql(f"SET LOCAL maintenance_work_mem = '{INDEX_BUILD_MEMORY}'")
                for live, shadow in self.shadows.items():
                    q = conn.dialect.identifier_preparer.quote
                    conn.exec_driver_sql(f"ALTER TABLE {q(shadow.name)} SET LOGGED")
                    for ddl in _shadow_indexes(conn, live, shadow, self.suffix):
                        conn.exec_driver_sql(ddl)
                    # Fresh statistics, so the first queries after the swap get good plans.
                    conn.exec_driver_sql(f"ANALYZE {q(shadow.name)}")
        with engine.begin() as conn:
            if postgres:
                conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{SWAP_LOCK_TIMEOUT}'")
            row = positions.lock(conn, self.name, skip_locked=False)
            if row is None or row.rebuild_token != self.token:
                raise RebuildLost(f"the rebuild of {self.name} lost its claim")
            while True:
                head = self.engine.head()
                notes = self.engine.select(self.projection, self.position, self.batch_size, head)
                self.engine.apply(self.projection, conn, notes, self.shadows)
                self.applied += len(notes)
                if len(notes) < self.batch_size:
                    self.position = max(self.position, head)
                    break
                self.position = notes[-1].id
            self.head = max(self.head, self.position)
            for live, shadow in self.shadows.items():
                _swap(conn, live, shadow, self.suffix, postgres)
            positions.reset(conn, self.name, self.projection.version, self.position)
        self._claimed = False
        return self.position

    def abort(self) -> None:
        """Drop the shadow tables and give up the claim (best effort)."""
        if not self._claimed:
            return
        engine = self.engine.read_engine
        try:
            with engine.begin() as conn:
                for shadow in self.shadows.values():
                    shadow.drop(conn, checkfirst=True)
                positions.release_rebuild(conn, self.name, self.token)
        except Exception:
            pass  # a later rebuild drops the leftovers and takes over the stale claim
        self._claimed = False


def relaxed_commit(conn: Connection) -> None:
    """Do not wait for the WAL flush at commit (PostgreSQL): a read-model transaction is
    atomic all the same (rows and position together), and one lost in a server crash is
    simply applied again from the log."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET LOCAL synchronous_commit = off")


class _Reader:
    """Reads and decodes the log a batch ahead in its own thread (while the last one folds)."""

    def __init__(
        self, engine: "ProjectionEngine", topics: list[str], start: int, batch_size: int
    ) -> None:
        self.engine = engine
        self.topics = topics
        self.position = start
        self.batch_size = batch_size
        self.batches: queue.Queue[Any] = queue.Queue(maxsize=1)
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name="rebuild-reader", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            while not self.stopped.is_set():
                head = self.engine.head()
                notes = self.engine.recorder.select_notifications(
                    self.position,
                    self.batch_size,
                    stop=head,
                    topics=self.topics,
                    inclusive_of_start=False,
                )
                events = self.engine.decode(notes)
                full = len(notes) == self.batch_size
                self.position = notes[-1].id if full else max(self.position, head)
                self._put((notes, events, self.position, full))
                if not full:
                    return
        except BaseException as e:  # handed to the folding thread, which raises it
            self._put(e)

    def _put(self, item: Any) -> None:
        while not self.stopped.is_set():
            try:
                self.batches.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def next(self) -> tuple[Sequence[Notification], list[Any], int, bool]:
        """The next batch: (notifications, events, position after it, more may follow)."""
        item = self.batches.get()
        if isinstance(item, BaseException):
            raise item
        return item  # type: ignore[no-any-return]

    def stop(self) -> None:
        """Let the thread end (it holds at most one batch)."""
        self.stopped.set()
        self.thread.join(timeout=30)


def rebuild_together(engine: "ProjectionEngine", jobs: list[Rebuild]) -> Iterator[Rebuild]:
    """Step begun rebuilds over one shared read of the log until all are caught up.

    Yields each job after every batch (for progress). The jobs start at the same position;
    each batch is decoded once and folded into every job's shadows in one transaction.
    """
    if not jobs:
        return
    topics: dict[str, None] = {}
    for job in jobs:
        topics.update(dict.fromkeys(engine.topics_of(job.projection)))
    start = min(job.position for job in jobs)
    batch_size = max(job.batch_size for job in jobs)
    if not topics:
        head = engine.head()
        for job in jobs:
            job.position = job.head = head
        yield from jobs
        return
    reader = _Reader(engine, list(topics), start, batch_size)
    try:
        while True:
            notes, events, position, full = reader.next()
            with engine.read_engine.begin() as conn:
                relaxed_commit(conn)
                for job in jobs:
                    job.fold(conn, notes, events, position)
            for job in jobs:
                job.beat()
                yield job
            if not full:
                return
    finally:
        reader.stop()


def _copy_index(index: Index, table: Table, name: str) -> Index:
    copy = Index(
        name,
        *[table.c[c.name] for c in index.columns],
        unique=bool(index.unique),
        **index.dialect_kwargs,
    )
    copy._ddl_if = index._ddl_if
    return copy


_INDEX_DDL = re.compile(r"^CREATE (UNIQUE )?INDEX (\S+) ON (?:ONLY )?(\S+) (USING .*)$", re.S)


def _shadow_indexes(conn: Connection, live: Table, shadow: Table, suffix: str) -> list[str]:
    """CREATE INDEX statements giving the shadow every index of the live table (PostgreSQL).

    Copied from the live table's own definitions where it has them (exactly as the migrations
    made them: operator classes, methods), else from the code's declarations.
    """
    q = conn.dialect.identifier_preparer
    found = conn.execute(
        text(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "JOIN pg_class c ON c.relname = i.indexname "
            "JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = i.schemaname "
            "WHERE i.schemaname = current_schema() AND i.tablename = :table "
            # Not the primary key's nor a constraint's: the shadow's CREATE TABLE made those.
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)"
        ),
        {"table": live.name},
    ).all()
    out: list[str] = []
    seen = set()
    for name, definition in found:
        match = _INDEX_DDL.match(definition)
        if match is None:
            continue
        unique, _, _, rest = match.groups()
        seen.add(name)
        new_name = q.quote(f"{name}{suffix}")
        out.append(f"CREATE {unique or ''}INDEX {new_name} ON {q.format_table(shadow)} {rest}")
    for index in live.indexes:
        if index.name not in seen:
            copy = _copy_index(index, shadow, f"{index.name}{suffix}")
            out.append(str(CreateIndex(copy).compile(dialect=conn.dialect)))
    return out


def _swap(conn: Connection, live: Table, shadow: Table, suffix: str, postgres: bool) -> None:
    q = conn.dialect.identifier_preparer.quote
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {q(live.name)}")
    conn.exec_driver_sql(f"ALTER TABLE {q(shadow.name)} RENAME TO {q(live.name)}")
    if not postgres:
        # SQLite cannot rename an index: build the live table's indexes under their own names.
        for index in live.indexes:
            index.create(conn)
        return
    found = conn.execute(
        text(
            "SELECT indexname FROM pg_indexes "
            "WHERE schemaname = current_schema() AND tablename = :table"
        ),
        {"table": live.name},
    ).scalars()
    for index_name in list(found):
        if index_name.endswith(suffix):
            new_name = index_name.removesuffix(suffix)
        elif index_name.startswith(shadow.name):
            # The primary key's index (and with it the constraint): <shadow>_pkey -> <live>_pkey.
            new_name = live.name + index_name.removeprefix(shadow.name)
        else:
            continue
        conn.exec_driver_sql(f"ALTER INDEX {q(index_name)} RENAME TO {q(new_name)}")
