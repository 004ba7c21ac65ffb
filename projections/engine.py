"""The projection engine: reads the log in batches and folds it into read models, exactly once.

Per projection and per batch, one read-model transaction:

1. lock the projection's row in `projection_positions` (PostgreSQL: FOR UPDATE SKIP LOCKED, so a
   second worker skips it; SQLite: the read database's BEGIN IMMEDIATE serialises writers);
2. select the notifications after its position (`> position`, never `+1`: ids have gaps),
   only of the topics it handles, up to the head read just before;
3. decode and apply every event, flush the rows, move the position, commit.

A failing event stops only its projection: the batch is retried one event per transaction to
find it, the events before it are kept, and its position and error are stored for `status`
and `/health`; it is retried later (and at once after a restart). On PostgreSQL the engine
wakes on the event store's NOTIFY; elsewhere it polls briefly and `wake()` cuts the wait.
"""

import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from eventsourcing.persistence import InterfaceError as StoreInterfaceError
from eventsourcing.persistence import Notification
from eventsourcing.persistence import OperationalError as StoreOperationalError
from sqlalchemy import Connection, Engine
from sqlalchemy import exc as sa_exc

from projections import positions
from projections.base import Projection, Rows
from projections.rebuild import Rebuild, RebuildBusy, rebuild_together, relaxed_commit

log = logging.getLogger("pobratym.projections")

BATCH_SIZE = 1000
REBUILD_BATCH_SIZE = 5000
"""Rebuilds read bigger batches: more of a case's events fall in one, fewer rows are written."""
POLL_SECONDS = 0.1
LISTEN_POLL_SECONDS = 1.0
RETRY_FIRST_SECONDS = 5.0
RETRY_MAX_SECONDS = 300.0
TRANSIENT = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.TimeoutError,
    StoreOperationalError,
    StoreInterfaceError,
    ConnectionError,
    TimeoutError,
)


def is_transient(error: BaseException) -> bool:
    """A failure of the databases (retry later), not of an event (stop the projection)."""
    if isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(error, TRANSIENT)


class EventFailed(Exception):
    """Applying one notification raised."""

    def __init__(self, notification: Notification, error: BaseException) -> None:
        self.notification = notification
        self.error = error
        super().__init__(describe(notification, error))


def safe_error(error: BaseException) -> str:
    """An error's class (and SQLSTATE) for status, /health and logs, never its message.

    Messages quote row data (a database error carries the INSERT's parameters, a handler's
    exception may name a requester), and /health needs no login: only the class is kept.
    """
    if isinstance(error, EventFailed):
        return str(error)
    name = type(error).__name__
    orig = getattr(error, "orig", None)  # a DBAPI error wrapped by SQLAlchemy
    if isinstance(orig, BaseException):
        sqlstate = getattr(orig, "sqlstate", None)  # psycopg names the condition
        detail = type(orig).__name__ + (f", SQLSTATE {sqlstate}" if sqlstate else "")
        name = f"{name} ({detail})"
    return name


def describe(n: Notification, error: BaseException) -> str:
    """An error message naming the event that caused it (its class and place, no row data)."""
    return (
        f"{safe_error(error)} "
        f"(position {n.id}, {n.topic}, {n.originator_id} v{n.originator_version})"
    )


@dataclass(frozen=True)
class ProjectionStatus:
    """Where one projection stands: for `pobratym projections status` and `/health`."""

    name: str
    version: int
    built_version: int | None
    position: int
    head: int
    lag_events: int
    lag_seconds: float | None
    updated_at: datetime | None
    last_error: str | None
    error_position: int | None
    error_at: datetime | None
    rebuild_position: int | None

    @property
    def stale(self) -> bool:
        """Built by an older version of its handlers: a rebuild is due."""
        return self.built_version is not None and self.built_version < self.version

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready fields."""
        out = asdict(self)
        for key in ("updated_at", "error_at"):
            out[key] = out[key].isoformat() if out[key] is not None else None
        out["stale"] = self.stale
        return out


@dataclass(frozen=True)
class RebuildReport:
    """What a finished rebuild did."""

    name: str
    events: int
    position: int
    seconds: float


Progress = Callable[[Rebuild], None]


class _Alone(Exception):
    """An event of a shared round could not be decoded or applied: the round is dropped."""


@dataclass
class _Round:
    """What one shared round did."""

    done: dict[str, int] = field(default_factory=dict)
    behind: list[str] = field(default_factory=list)
    applied: int = 0
    full: bool = False


class ProjectionEngine:
    """Runs projections over the application's log into the read database."""

    def __init__(
        self,
        app: Any,
        read_engine: Engine,
        projections: Iterable[type[Projection]],
        *,
        batch_size: int = BATCH_SIZE,
        rebuild_batch_size: int = REBUILD_BATCH_SIZE,
        poll_seconds: float | None = None,
        retry_seconds: float = RETRY_FIRST_SECONDS,
        auto_rebuild: bool = True,
    ) -> None:
        self.app = app
        self.recorder = app.recorder
        self.mapper = app.mapper
        self.read_engine = read_engine
        self.projections: dict[str, Projection] = {}
        for cls in projections:
            if not cls.name or cls.name in self.projections:
                raise ValueError(f"projection {cls.__name__} needs a unique name")
            self.projections[cls.name] = cls()
        self.batch_size = batch_size
        self.rebuild_batch_size = max(batch_size, rebuild_batch_size)
        self.listens = type(self.recorder).__name__.startswith("Postgres")
        self.poll_seconds = poll_seconds or (LISTEN_POLL_SECONDS if self.listens else POLL_SECONDS)
        self.retry_seconds = retry_seconds
        self.auto_rebuild = auto_rebuild
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._progress = threading.Condition()
        self._positions: dict[str, int] = {}
        self._built: dict[str, int] = {}
        self._retry_at: dict[str, float] = {}
        self._backoff: dict[str, float] = {}
        self._careful_until: dict[str, int] = {}
        self._failures: dict[str, str] = {}
        self._rebuilds: dict[str, Rebuild] = {}
        self._topics: dict[str, list[str]] = {}
        self._ensured = False
        self._threads: list[threading.Thread] = []
        self.after_batch: list[Callable[[], None]] = []
        """Called after each round of batches (run_once), e.g. sealing the audit chain."""

    # -- the log ------------------------------------------------------------------------------

    def head(self) -> int:
        """The newest notification id in the log (0 when empty)."""
        return int(self.recorder.max_notification_id() or 0)

    def select(
        self, projection: Projection, after: int, limit: int, stop: int
    ) -> Sequence[Notification]:
        """The projection's notifications with ids in (after, stop], oldest first."""
        return self.recorder.select_notifications(
            after, limit, stop=stop, topics=self.topics_of(projection), inclusive_of_start=False
        )

    def topics_of(self, projection: Projection) -> list[str]:
        """The stored topics a projection reads (cached)."""
        topics = self._topics.get(projection.name)
        if topics is None:
            topics = self._topics[projection.name] = list(projection.topics())
        return topics

    def decode(self, notifications: Sequence[Notification]) -> list[Any]:
        """The notifications' domain events; EventFailed names one that cannot be decoded."""
        to_event = self.mapper.to_domain_event
        try:
            return [to_event(n) for n in notifications]
        except Exception:
            for n in notifications:
                try:
                    to_event(n)
                except Exception as e:
                    raise EventFailed(n, e) from e
            raise

    def fold(
        self,
        projection: Projection,
        conn: Connection,
        notifications: Sequence[Notification],
        events: Sequence[Any],
        table_map: dict[Any, Any] | None = None,
    ) -> None:
        """Fold decoded events in the caller's transaction; EventFailed names the failing one."""
        rows = Rows(conn, table_map)
        projection.prefetch(rows, events)
        apply = projection.apply
        for n, event in zip(notifications, events, strict=True):
            try:
                apply(rows, event, n.id)
            except Exception as e:
                if is_transient(e):
                    raise
                raise EventFailed(n, e) from e
        rows.flush()

    def apply(
        self,
        projection: Projection,
        conn: Connection,
        notifications: Sequence[Notification],
        table_map: dict[Any, Any] | None = None,
    ) -> None:
        """Decode and fold notifications in the caller's transaction; EventFailed names the one."""
        self.fold(projection, conn, notifications, self.decode(notifications), table_map)

    # -- one batch ----------------------------------------------------------------------------

    def ensure_rows(self) -> None:
        """Create the position row of every projection that has none."""
        for name, projection in self.projections.items():
            with self.read_engine.begin() as conn:
                positions.ensure(conn, name, projection.version)
        self._ensured = True

    def step(self, name: str) -> tuple[int, bool]:
        """Apply one batch of a projection; returns (events applied, more work waiting)."""
        projection = self.projections[name]
        careful = self._careful_until.get(name)
        limit = 1 if careful is not None else self.batch_size
        notes: Sequence[Notification] = ()
        try:
            with self.read_engine.begin() as conn:
                row = positions.lock(conn, name, skip_locked=True)
                if row is None:
                    if not positions.exists(conn, name):
                        self._ensured = False  # deleted (a migration reset it): recreate it
                    return 0, False  # otherwise another worker is applying a batch of it
                self._built[name] = row.version
                if row.version > projection.version:
                    # Built by newer code (a rolling deploy): leave it to the newer workers.
                    self._failures[name] = (
                        f"built by version {row.version}; this worker runs {projection.version}"
                    )
                    self._retry_at[name] = time.monotonic() + RETRY_MAX_SECONDS
                    return 0, False
                if careful is not None and row.position >= careful:
                    self._careful_until.pop(name, None)
                head = self.head()
                if row.position >= head or not projection.event_classes():
                    if row.position < head:
                        positions.advance(conn, row, head)
                    new_position = max(row.position, head)
                else:
                    notes = self.select(projection, row.position, limit, head)
                    self.apply(projection, conn, notes)
                    new_position = notes[-1].id if len(notes) == limit else head
                    positions.advance(conn, row, new_position)
        except Exception as e:
            if is_transient(e):
                raise
            return self._failed(name, notes, e)
        self._succeeded(name, new_position)
        return len(notes), len(notes) == limit

    def _failed(
        self, name: str, notes: Sequence[Notification], error: BaseException
    ) -> tuple[int, bool]:
        if len(notes) > 1:
            # Find the failing event: retry one event per transaction up to this batch's end.
            self._careful_until[name] = notes[-1].id
            return 0, True
        failing = error.notification if isinstance(error, EventFailed) else None
        if failing is None and notes:
            failing = notes[0]
        message = safe_error(error)
        if failing is not None:
            with self.read_engine.begin() as conn:
                positions.record_error(conn, name, failing.id, message)
        log.error("projection %s stopped: %s", name, message)
        backoff = min(self._backoff.get(name, self.retry_seconds / 2) * 2, RETRY_MAX_SECONDS)
        self._backoff[name] = backoff
        self._retry_at[name] = time.monotonic() + backoff
        return 0, False

    def _succeeded(self, name: str, position: int) -> None:
        self._backoff.pop(name, None)
        self._failures.pop(name, None)
        with self._progress:
            self._positions[name] = position
            self._progress.notify_all()

    def run_once(self) -> tuple[int, bool]:
        """One batch of every projection that is due; returns (events applied, more waiting).

        Projections near the head share one round: one read of the log, one decoding, one
        read-model transaction, one statement moving their positions. If an event of it cannot
        be decoded or applied, the round is dropped and each projection steps alone (so a
        failing one stops alone). Projections far behind, and those looking for a failing
        event, step alone.
        """
        if not self._ensured:
            self.ensure_rows()
        applied, more = 0, False
        now = time.monotonic()
        due = [n for n in self.projections if self._retry_at.get(n, 0) <= now]
        alone = [n for n in due if n in self._careful_until]
        together = [n for n in due if n not in self._careful_until]
        if together:
            try:
                n, again, behind = self.step_together(together)
            except Exception as e:
                for name in together:
                    self._failures[name] = safe_error(e)
                    self._retry_at[name] = now + 1.0
                log.warning("projections %s: database unavailable: %s", together, safe_error(e))
                n, again, behind = 0, False, []
            applied += n
            more = more or again
            alone += behind
        for name in alone:
            try:
                n, again = self.step(name)
            except Exception as e:
                self._failures[name] = safe_error(e)
                log.warning("projection %s: database unavailable: %s", name, safe_error(e))
                self._retry_at[name] = now + 1.0
                continue
            applied += n
            more = more or again
        if self.auto_rebuild:
            more = self._rebuild_stale() or more
        for hook in self.after_batch:
            try:
                hook()
            except Exception as e:
                log.error("after-batch hook %r failed: %s", hook, safe_error(e))
        return applied, more

    def step_together(self, names: list[str]) -> tuple[int, bool, list[str]]:
        """One shared batch of the projections near the head.

        Returns (events applied, more work waiting, the projections to step alone instead:
        those more than a batch behind, or all of them if an event cannot be decoded).
        """
        round_ = _Round()
        try:
            with self.read_engine.begin() as conn:
                relaxed_commit(conn)
                self._shared_round(conn, names, round_)
        except _Alone:
            # An event that cannot be decoded or applied: nothing of this round was kept, and
            # each projection steps alone (the failing one finds and records its event).
            return 0, True, names
        for name, position in round_.done.items():
            self._succeeded(name, position)
        return round_.applied, round_.full, round_.behind

    def _shared_round(self, conn: Connection, names: list[str], round_: "_Round") -> None:
        locked = positions.lock_many(conn, names, skip_locked=True)
        missing = [n for n in names if n not in locked]
        if missing and len(positions.existing(conn, missing)) < len(missing):
            self._ensured = False  # deleted (a migration reset it): recreate it
        head = self.head()
        active: list[tuple[Projection, positions.PositionRow]] = []
        moves: list[tuple[positions.PositionRow, int]] = []
        for name, row in locked.items():
            projection = self.projections[name]
            self._built[name] = row.version
            if row.version > projection.version:
                # Built by newer code (a rolling deploy): leave it to the newer workers.
                self._failures[name] = (
                    f"built by version {row.version}; this worker runs {projection.version}"
                )
                self._retry_at[name] = time.monotonic() + RETRY_MAX_SECONDS
            elif row.position >= head or not projection.event_classes():
                moves.append((row, max(row.position, head)))
            elif head - row.position > self.batch_size:
                round_.behind.append(name)  # catching up: alone, so it holds up no one
            else:
                active.append((projection, row))
        if active:
            topics: dict[str, None] = {}
            for projection, _ in active:
                topics.update(dict.fromkeys(self.topics_of(projection)))
            start = min(row.position for _, row in active)
            notes = self.recorder.select_notifications(
                start, self.batch_size, stop=head, topics=list(topics), inclusive_of_start=False
            )
            try:
                events = self.decode(notes)
            except EventFailed:
                raise _Alone() from None
            round_.full = len(notes) == self.batch_size
            end = notes[-1].id if round_.full else head
            for projection, row in active:
                handled = projection._handlers
                mine = [
                    i
                    for i, (n, e) in enumerate(zip(notes, events, strict=True))
                    if n.id > row.position and type(e) in handled
                ]
                if mine:
                    try:
                        picked = [notes[i] for i in mine]
                        self.fold(projection, conn, picked, [events[i] for i in mine])
                    except Exception as e:
                        if is_transient(e):
                            raise
                        raise _Alone() from e  # a failing handler: each steps alone
                moves.append((row, max(row.position, end)))
                round_.applied += len(mine)
        positions.advance_many(conn, moves)
        for row, position in moves:
            round_.done[row.name] = position

    def catch_up(self, timeout: float = 60.0) -> int:
        """Apply batches until every projection reaches the head as of now (or has failed)."""
        deadline = time.monotonic() + timeout
        target = self.head()
        total = 0
        while time.monotonic() < deadline:
            applied, more = self.run_once()
            total += applied
            if more:
                continue
            now = time.monotonic()
            stored = self.positions()
            waiting = [
                name
                for name in self.projections
                if stored[name] < target and self._retry_at.get(name, 0) <= now
            ]
            if not waiting and not self._rebuilds:
                break
            time.sleep(0.01)  # another worker holds a batch of it: let it finish
        return total

    # -- running ------------------------------------------------------------------------------

    def run_forever(self) -> None:
        """Apply batches as events arrive until stop() (the worker's and the thread's loop)."""
        listener = self._listen() if self.listens else None
        try:
            while not self._stop.is_set():
                try:
                    _, more = self.run_once()
                except Exception as e:
                    log.error("projection engine iteration failed: %s", safe_error(e))
                    more = False
                    self._stop.wait(1.0)
                if not more:
                    self._wake.wait(self.poll_seconds)
                    self._wake.clear()
        finally:
            for rebuild in list(self._rebuilds.values()):
                rebuild.abort()
            self._rebuilds.clear()
            if listener is not None:
                listener.join(timeout=5)

    def start(self) -> None:
        """Run in a background thread of this process (the embedded SQLite default)."""
        if any(t.is_alive() for t in self._threads):
            return
        self._stop.clear()
        thread = threading.Thread(target=self.run_forever, name="projections", daemon=True)
        self._threads = [thread]
        thread.start()

    def stop(self) -> None:
        """Ask the loop to end after the current batch."""
        self._stop.set()
        self._wake.set()

    def close(self) -> None:
        """Stop the background thread, if any, and wait for it."""
        self.stop()
        for thread in self._threads:
            thread.join(timeout=30)
        self._threads = []

    def wake(self) -> None:
        """New events were saved: look now rather than at the next poll."""
        self._wake.set()

    def _listen(self) -> threading.Thread:
        """Wake on the NOTIFY the PostgreSQL recorder sends with every insert."""
        thread = threading.Thread(target=self._listen_loop, name="projections-listen", daemon=True)
        thread.start()
        return thread

    def _listen_loop(self) -> None:
        from psycopg.sql import SQL, Identifier

        channel = self.recorder.channel_name
        while not self._stop.is_set():
            try:
                with self.recorder.datastore.get_connection() as conn:
                    conn.execute(SQL("LISTEN {0}").format(Identifier(channel)))
                    self._wake.set()  # anything saved before LISTEN took effect
                    while not self._stop.is_set():
                        for _ in conn.notifies(timeout=0.25, stop_after=1):
                            self._wake.set()
                    conn.execute(SQL("UNLISTEN {0}").format(Identifier(channel)))
            except Exception as e:
                log.warning("LISTEN %s failed (polling meanwhile): %s", channel, e)
                self._stop.wait(1.0)

    # -- rebuilding ---------------------------------------------------------------------------

    def rebuild(self, name: str, progress: Progress | None = None) -> RebuildReport:
        """Rebuild a projection from position 0 into shadow tables and swap them in."""
        return self.rebuild_all([name], progress)[0]

    def rebuild_all(
        self, names: Iterable[str] | None = None, progress: Progress | None = None
    ) -> list[RebuildReport]:
        """Rebuild projections (all by default) over one shared read of the log, then swap each.

        The log is read and decoded once for all of them, a batch ahead in a second thread, in
        batches of `rebuild_batch_size`; each batch is one transaction writing every shadow.
        """
        started = time.monotonic()
        chosen = list(names) if names is not None else list(self.projections)
        jobs: list[Rebuild] = []
        try:
            for name in chosen:
                job = Rebuild(self, self.projections[name], self.rebuild_batch_size)
                if not job.begin():
                    raise RebuildBusy(name)
                jobs.append(job)
            for job in rebuild_together(self, jobs):
                if progress is not None:
                    progress(job)
            reports = []
            for job in jobs:
                position = job.finish()
                if progress is not None:
                    progress(job)
                self._succeeded(job.name, position)
                reports.append(
                    RebuildReport(job.name, job.applied, position, time.monotonic() - started)
                )
        except BaseException:
            for job in jobs:
                job.abort()
            raise
        return reports

    def _rebuild_stale(self) -> bool:
        """Step the rebuilds of projections whose stored version is older than the code's."""
        more = False
        now = time.monotonic()
        for name, projection in self.projections.items():
            job = self._rebuilds.get(name)
            if job is None:
                stale = self._built.get(name, projection.version) < projection.version
                if not stale or self._retry_at.get("rebuild:" + name, 0) > now:
                    continue
                job = Rebuild(self, projection, self.batch_size)
                if not job.begin():
                    self._retry_at["rebuild:" + name] = now + 30
                    continue
                log.info("projection %s is stale: rebuilding it", name)
                self._rebuilds[name] = job
            try:
                if job.step():
                    position = job.finish()
                    del self._rebuilds[name]
                    self._built[name] = projection.version
                    self._succeeded(name, position)
                    log.info("projection %s rebuilt: %s events", name, job.applied)
                else:
                    more = True
            except Exception as e:
                job.abort()
                del self._rebuilds[name]
                self._failures[name] = f"rebuild failed: {safe_error(e)}"
                self._retry_at["rebuild:" + name] = now + RETRY_MAX_SECONDS
                log.error("projection %s: rebuild failed: %s", name, safe_error(e))
        return more

    # -- observing ----------------------------------------------------------------------------

    def _read(self) -> Connection:
        return self.read_engine.connect().execution_options(read_only=True)

    def positions(self) -> dict[str, int]:
        """Each projection's stored position."""
        with self._read() as conn:
            rows = positions.read_all(conn)
        return {name: rows[name].position if name in rows else 0 for name in self.projections}

    def wait_for(
        self, position: int, names: Iterable[str] | None = None, timeout: float = 5.0
    ) -> int:
        """Wait until the named projections reach a log position; returns the lowest reached."""
        wanted = list(names) if names is not None else list(self.projections)
        unknown = [n for n in wanted if n not in self.projections]
        if unknown:
            raise KeyError(f"unknown projections: {unknown}")
        if wanted and all(self._positions.get(n, -1) >= position for n in wanted):
            return min(self._positions[n] for n in wanted)
        deadline = time.monotonic() + timeout
        delay = 0.005
        while True:
            stored = self.positions()
            reached = min((stored[n] for n in wanted), default=position)
            left = deadline - time.monotonic()
            if reached >= position or left <= 0:
                return reached
            self.wake()
            with self._progress:
                self._progress.wait(min(delay, left))
            delay = min(delay * 2, 0.05)

    def known_at(self, position: int, names: Iterable[str]) -> bool:
        """Whether this process has seen the named projections reach a position (no I/O)."""
        wanted = list(names)
        return bool(wanted) and all(self._positions.get(n, -1) >= position for n in wanted)

    def standing(self, names: Iterable[str]) -> tuple[int, str | None]:
        """The lowest stored position of the named projections, and one stopped by an error."""
        wanted = list(names)
        with self._read() as conn:
            rows = positions.read_all(conn)
        reached = min((rows[n].position if n in rows else 0 for n in wanted), default=0)
        for name in wanted:
            row = rows.get(name)
            if (row is not None and row.last_error is not None) or name in self._failures:
                return reached, name
        return reached, None

    def status(self) -> list[ProjectionStatus]:
        """Every projection's position, lag and last error."""
        head = self.head()
        with self._read() as conn:
            rows = positions.read_all(conn)
        now = datetime.now(UTC)
        out = []
        for name, projection in self.projections.items():
            row = rows.get(name)
            position = row.position if row else 0
            lag_seconds: float | None = 0.0
            if position < head:
                lag_seconds = self._lag_seconds(projection, position, head, now)
            error = row.last_error if row else None
            out.append(
                ProjectionStatus(
                    name=name,
                    version=projection.version,
                    built_version=row.version if row else None,
                    position=position,
                    head=head,
                    lag_events=max(0, head - position),
                    lag_seconds=lag_seconds,
                    updated_at=row.updated_at if row else None,
                    last_error=error or self._failures.get(name),
                    error_position=row.error_position if row else None,
                    error_at=row.error_at if row else None,
                    rebuild_position=row.rebuild_position if row else None,
                )
            )
        return out

    def _lag_seconds(
        self, projection: Projection, position: int, head: int, now: datetime
    ) -> float | None:
        try:
            pending = self.select(projection, position, 1, head)
            if not pending:
                return 0.0
            saved_at = self.mapper.to_domain_event(pending[0]).timestamp
        except Exception:
            return None
        return max(0.0, (now - saved_at).total_seconds())

    def health(self) -> dict[str, Any]:
        """A summary per projection for GET /health (an `error` marks the service degraded)."""
        out: dict[str, Any] = {}
        for s in self.status():
            out[s.name] = {
                "position": s.position,
                "lag_events": s.lag_events,
                "lag_seconds": s.lag_seconds,
                "version": s.version,
                "stale": s.stale,
                "error": s.last_error,
                "error_position": s.error_position,
                "rebuilding": s.rebuild_position is not None,
            }
        return out
