"""One batch: lock the projections' rows, read the log after them, fold, move them, commit.

Per batch, one read-model transaction:

1. lock the projections' rows in `projection_positions` (PostgreSQL: FOR UPDATE SKIP LOCKED, so
   a second worker skips them; SQLite: the read database's BEGIN IMMEDIATE serialises writers);
2. select the notifications after their positions (`> position`, never `+1`: ids have gaps),
   only of the topics they handle, up to the head read just before;
3. decode the events once and fold each projection's into its tables, flush the rows, move the
   positions (one statement), commit.

Projections near the head share a batch. If an event of a shared batch cannot be decoded or
applied, the batch is dropped and each projection steps alone, so a failing one stops alone: its
batch is retried one event per transaction to find the event, the events before it are kept,
and its position and error are stored for `status` and `/health`.
"""

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from eventsourcing.persistence import Notification
from sqlalchemy import Connection

from projections.runtime import positions
from projections.runtime.errors import EventFailed, is_transient, safe_error
from projections.runtime.log import LogReader, relaxed_commit
from projections.runtime.projection import Projection
from projections.runtime.state import Standings

log = logging.getLogger("pobratym.projections")


class _Alone(Exception):
    """An event of a shared batch could not be decoded or applied: the batch is dropped."""


@dataclass
class Batch:
    """What one batch did."""

    done: dict[str, int] = field(default_factory=dict)
    """The position each projection moved to."""
    behind: list[str] = field(default_factory=list)
    """Projections more than a batch behind, left to step alone."""
    notes: Sequence[Notification] = ()
    applied: int = 0
    full: bool = False
    lost_rows: bool = False
    """A projection's position row is gone (a migration reset it): recreate them."""


class Batches:
    """Steps projections a batch at a time, together near the head, alone to catch up."""

    def __init__(
        self,
        log: LogReader,
        projections: Mapping[str, Projection],
        standings: Standings,
        batch_size: int,
    ) -> None:
        self.log = log
        self.projections = projections
        self.standings = standings
        self.batch_size = batch_size

    def together(self, names: list[str]) -> tuple[Batch, list[str]]:
        """One shared batch; (what it did, the projections to step alone instead).

        Those more than a batch behind step alone, so they hold up no one; all of them do if an
        event of the batch cannot be decoded or applied (nothing of the batch is then kept).
        """
        batch = Batch()
        try:
            with self.log.read_engine.begin() as conn:
                relaxed_commit(conn)
                self._fold(conn, names, self.batch_size, batch, alone=False)
        except _Alone:
            return Batch(lost_rows=batch.lost_rows, full=True), names
        self._reached(batch)
        return batch, batch.behind

    def alone(self, name: str) -> Batch:
        """One batch of one projection (one event, while looking for a failing one)."""
        standing = self.standings[name]
        limit = 1 if standing.careful_until is not None else self.batch_size
        batch = Batch()
        try:
            with self.log.read_engine.begin() as conn:
                relaxed_commit(conn)
                self._fold(conn, [name], limit, batch, alone=True)
        except Exception as e:
            if is_transient(e):
                raise
            self._failed(name, batch.notes, e)
            return Batch(lost_rows=batch.lost_rows, full=len(batch.notes) > 1)
        self._reached(batch)
        return batch

    def _fold(
        self, conn: Connection, names: list[str], limit: int, batch: Batch, *, alone: bool
    ) -> None:
        locked = positions.lock_many(conn, names, skip_locked=True)
        missing = [n for n in names if n not in locked]  # or another worker holds them
        if missing and len(positions.existing(conn, missing)) < len(missing):
            batch.lost_rows = True
        head = self.log.head()
        active: list[tuple[Projection, positions.PositionRow]] = []
        moves: list[tuple[positions.PositionRow, int]] = []
        for name, row in locked.items():
            projection = self.projections[name]
            if not self.standings.admit(name, row.version, projection.version):
                continue
            standing = self.standings[name]
            if standing.careful_until is not None and row.position >= standing.careful_until:
                standing.careful_until = None  # past the batch that failed
            if row.position >= head or not projection.event_classes():
                moves.append((row, max(row.position, head)))
            elif not alone and head - row.position > limit:
                batch.behind.append(name)  # catching up: alone, so it holds up no one
            else:
                active.append((projection, row))
        if active:
            topics: dict[str, None] = {}
            for projection, _ in active:
                topics.update(dict.fromkeys(self.log.topics_of(projection)))
            start = min(row.position for _, row in active)
            notes = batch.notes = self.log.select_topics(list(topics), start, limit, head)
            events = self._decoded(notes, alone)
            batch.full = len(notes) == limit
            end = notes[-1].id if batch.full else head
            for projection, row in active:
                handled = projection._handlers
                mine = [
                    i
                    for i, (n, e) in enumerate(zip(notes, events, strict=True))
                    if n.id > row.position and type(e) in handled
                ]
                if mine:
                    picked = [notes[i] for i in mine], [events[i] for i in mine]
                    try:
                        self.log.fold(projection, conn, *picked)
                    except Exception as e:
                        if alone or is_transient(e):
                            raise
                        raise _Alone() from e  # a failing handler: each steps alone
                moves.append((row, max(row.position, end)))
                batch.applied += len(mine)
        positions.advance_many(conn, moves)
        for row, position in moves:
            batch.done[row.name] = position

    def _decoded(self, notes: Sequence[Notification], alone: bool) -> list[object]:
        try:
            return self.log.decode(notes)
        except EventFailed:
            if alone:
                raise
            raise _Alone() from None

    def _reached(self, batch: Batch) -> None:
        for name, position in batch.done.items():
            self.standings.reached(name, position)

    def _failed(self, name: str, notes: Sequence[Notification], error: BaseException) -> None:
        if len(notes) > 1:
            # Find the failing event: retry one event per transaction up to this batch's end.
            self.standings[name].careful_until = notes[-1].id
            return
        failing = error.notification if isinstance(error, EventFailed) else None
        if failing is None and notes:
            failing = notes[0]
        message = safe_error(error)
        if failing is not None:
            with self.log.read_engine.begin() as conn:
                positions.record_error(conn, name, failing.id, message)
        log.error("projection %s stopped: %s", name, message)
        self.standings.stopped(name)
