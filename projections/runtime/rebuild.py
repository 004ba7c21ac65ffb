"""Rebuilding a projection into shadow tables and swapping them in, with the API still serving.

1. claim the rebuild on the projection's row (a heartbeat keeps the claim; a stale one is taken);
2. create `<table>__rb<token>` for each of its tables (projections.runtime.shadows);
3. fold the log from position 0 into them in batches (the live tables keep being updated);
4. create the indexes (PostgreSQL: under temporary names), then in ONE transaction holding the
   projection's row lock: apply the last events, drop the live tables, rename the shadows to
   the live names (and their indexes), set the position and version. Readers see the old tables
   or the new ones, never a mix; the live worker simply skips the projection for that moment.
"""

import time
import uuid
from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import Notification
from sqlalchemy import Connection, inspect

from projections.runtime import positions
from projections.runtime.log import LogReader, relaxed_commit
from projections.runtime.projection import Projection
from projections.runtime.shadows import SHADOW_MARK, shadow_indexes, shadow_of, swap

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


class Rebuild:
    """One rebuild of one projection; step it until it is caught up, then finish() swaps."""

    def __init__(self, log: LogReader, projection: Projection, batch_size: int) -> None:
        self.log = log
        self.projection = projection
        self.name = projection.name
        self.batch_size = batch_size
        self.token = uuid.uuid4().hex
        self.suffix = SHADOW_MARK + self.token[:8]
        postgres = log.read_engine.dialect.name == "postgresql"
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
        engine = self.log.read_engine
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
        self.head = self.log.head()
        return True

    def step(self) -> bool:
        """Fold one batch into the shadow tables; True once caught up with the log."""
        head = self.log.head()
        self.head = max(self.head, head)
        if not self.projection.event_classes():
            self.position = head
            return True
        with self.log.read_engine.begin() as conn:
            relaxed_commit(conn)
            notes = self.log.select(self.projection, self.position, self.batch_size, head)
            self.log.apply(self.projection, conn, notes, self.shadows)
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
                self.log.fold(self.projection, conn, notes, events, self.shadows)
            else:
                picked = [notes[i] for i in mine], [events[i] for i in mine]
                self.log.fold(self.projection, conn, *picked, self.shadows)
        self.applied += len(mine)
        self.position = max(self.position, position)
        self.head = max(self.head, position)

    def beat(self) -> None:
        """Renew the claim (every few seconds); RebuildLost if another process took it."""
        if time.monotonic() - self._last_beat < HEARTBEAT_SECONDS:
            return
        with self.log.read_engine.begin() as conn:
            if not positions.heartbeat(conn, self.name, self.token, self.position):
                raise RebuildLost(f"the rebuild of {self.name} lost its claim")
        self._last_beat = time.monotonic()

    def finish(self) -> int:
        """Apply the last events and swap the shadow tables in, atomically; the new position."""
        engine = self.log.read_engine
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
                    for ddl in shadow_indexes(conn, live, shadow, self.suffix):
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
                head = self.log.head()
                notes = self.log.select(self.projection, self.position, self.batch_size, head)
                self.log.apply(self.projection, conn, notes, self.shadows)
                self.applied += len(notes)
                if len(notes) < self.batch_size:
                    self.position = max(self.position, head)
                    break
                self.position = notes[-1].id
            self.head = max(self.head, self.position)
            for live, shadow in self.shadows.items():
                swap(conn, live, shadow, self.suffix, postgres)
            positions.reset(conn, self.name, self.projection.version, self.position)
        self._claimed = False
        return self.position

    def abort(self) -> None:
        """Drop the shadow tables and give up the claim (best effort)."""
        if not self._claimed:
            return
        engine = self.log.read_engine
        try:
            with engine.begin() as conn:
                for shadow in self.shadows.values():
                    shadow.drop(conn, checkfirst=True)
                positions.release_rebuild(conn, self.name, self.token)
        except Exception:
            pass  # a later rebuild drops the leftovers and takes over the stale claim
        self._claimed = False
