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

import time
import uuid
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Index, MetaData, Table, inspect, text

from projections import positions
from projections.base import Projection

if TYPE_CHECKING:
    from projections.engine import ProjectionEngine

SHADOW_MARK = "__rb"
HEARTBEAT_SECONDS = 2.0
STALE_CLAIM_SECONDS = 60.0
SWAP_LOCK_TIMEOUT = "30s"


class RebuildBusy(RuntimeError):
    """Another process is rebuilding the same projection."""

    def __init__(self, name: str) -> None:
        super().__init__(f"projection {name} is being rebuilt by another process")


class RebuildLost(RuntimeError):
    """The rebuild's claim was taken over (it stalled for too long)."""


def shadow_of(table: Table, token: str) -> Table:
    """A copy of a table under a shadow name of this rebuild, without secondary indexes."""
    shadow = table.to_metadata(MetaData(), name=f"{table.name}{SHADOW_MARK}{token}")
    shadow.indexes.clear()
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
        self.shadows = {t: shadow_of(t, self.token[:8]) for t in projection.tables}
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
            notes = self.engine.select(self.projection, self.position, self.batch_size, head)
            self.engine.apply(self.projection, conn, notes, self.shadows)
        self.applied += len(notes)
        caught_up = len(notes) < self.batch_size
        self.position = head if caught_up else notes[-1].id
        if time.monotonic() - self._last_beat >= HEARTBEAT_SECONDS:
            with self.engine.read_engine.begin() as conn:
                if not positions.heartbeat(conn, self.name, self.token, self.position):
                    raise RebuildLost(f"the rebuild of {self.name} lost its claim")
            self._last_beat = time.monotonic()
        return caught_up

    def finish(self) -> int:
        """Apply the last events and swap the shadow tables in, atomically; the new position."""
        engine = self.engine.read_engine
        postgres = engine.dialect.name == "postgresql"
        with engine.begin() as conn:
            if not positions.heartbeat(conn, self.name, self.token, self.position):
                raise RebuildLost(f"the rebuild of {self.name} lost its claim")
        if postgres:
            with engine.begin() as conn:
                for live, shadow in self.shadows.items():
                    for index in live.indexes:
                        _copy_index(index, shadow, f"{index.name}{self.suffix}").create(conn)
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


def _copy_index(index: Index, table: Table, name: str) -> Index:
    return Index(name, *[table.c[c.name] for c in index.columns], unique=bool(index.unique))


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
