"""The projection engine: reads the log in batches and folds it into read models, exactly once.

It steps the projections a batch at a time (projections.runtime.batch), rebuilds those whose
handlers changed (projections.runtime.rebuilding), and answers where they stand
(projections.runtime.status). A failing event stops only its projection; it is retried later
(and at once after a restart). On PostgreSQL the engine wakes on the event store's NOTIFY;
elsewhere it polls briefly and `wake()` cuts the wait.
"""

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Engine

from projections.runtime import positions
from projections.runtime.batch import Batches
from projections.runtime.errors import safe_error
from projections.runtime.listen import listen
from projections.runtime.log import LogReader
from projections.runtime.projection import Projection
from projections.runtime.rebuilding import Progress, RebuildReport, Rebuilds
from projections.runtime.state import RETRY_FIRST_SECONDS, Standings
from projections.runtime.status import Observer, ProjectionStatus

log = logging.getLogger("pobratym.projections")

BATCH_SIZE = 1000
REBUILD_BATCH_SIZE = 5000
"""Rebuilds read bigger batches: more of a case's events fall in one, fewer rows are written."""
POLL_SECONDS = 0.1
LISTEN_POLL_SECONDS = 1.0


class ProjectionEngine(LogReader):
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
        super().__init__(app, read_engine)
        self.projections: dict[str, Projection] = {}
        for cls in projections:
            if not cls.name or cls.name in self.projections:
                raise ValueError(f"projection {cls.__name__} needs a unique name")
            self.projections[cls.name] = cls()
        self.batch_size = batch_size
        self.rebuild_batch_size = max(batch_size, rebuild_batch_size)
        self.listens = type(self.recorder).__name__.startswith("Postgres")
        self.poll_seconds = poll_seconds or (LISTEN_POLL_SECONDS if self.listens else POLL_SECONDS)
        self.auto_rebuild = auto_rebuild
        self.standings = Standings(self.projections, retry_seconds)
        self.batches = Batches(self, self.projections, self.standings, batch_size)
        self.rebuilds = Rebuilds(
            self, self.projections, self.standings, batch_size, self.rebuild_batch_size
        )
        self.observer = Observer(self, self.projections, self.standings, self.wake)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._ensured = False
        self._threads: list[threading.Thread] = []
        self.after_batch: list[Callable[[], None]] = []
        """Called after each round of batches (run_once), e.g. sealing the audit chain."""

    # -- batches ------------------------------------------------------------------------------

    def ensure_rows(self) -> None:
        """Create the position row of every projection that has none."""
        for name, projection in self.projections.items():
            with self.read_engine.begin() as conn:
                positions.ensure(conn, name, projection.version)
        self._ensured = True

    def step(self, name: str) -> tuple[int, bool]:
        """Apply one batch of a projection; returns (events applied, more work waiting)."""
        batch = self.batches.alone(name)
        self._ensured = self._ensured and not batch.lost_rows
        return batch.applied, batch.full

    def step_together(self, names: list[str]) -> tuple[int, bool, list[str]]:
        """One shared batch of the projections near the head.

        Returns (events applied, more work waiting, the projections to step alone instead:
        those more than a batch behind, or all of them if an event cannot be decoded).
        """
        batch, alone = self.batches.together(names)
        self._ensured = self._ensured and not batch.lost_rows
        return batch.applied, batch.full, alone

    def run_once(self) -> tuple[int, bool]:
        """One batch of every projection that is due; returns (events applied, more waiting).

        Projections near the head share one batch: one read of the log, one decoding, one
        read-model transaction, one statement moving their positions. Projections far behind,
        and those looking for a failing event, step alone.
        """
        if not self._ensured:
            self.ensure_rows()
        applied, more = 0, False
        now = time.monotonic()
        due = self.standings.due(now)
        alone = [n for n in due if self.standings[n].careful_until is not None]
        together = [n for n in due if self.standings[n].careful_until is None]
        if together:
            try:
                n, again, behind = self.step_together(together)
            except Exception as e:
                self.standings.unavailable(together, e, now)
                log.warning("projections %s: database unavailable: %s", together, safe_error(e))
                n, again, behind = 0, False, []
            applied += n
            more = more or again
            alone += behind
        for name in alone:
            try:
                n, again = self.step(name)
            except Exception as e:
                self.standings.unavailable([name], e, now)
                log.warning("projection %s: database unavailable: %s", name, safe_error(e))
                continue
            applied += n
            more = more or again
        if self.auto_rebuild:
            more = self.rebuilds.step_stale() or more
        for hook in self.after_batch:
            try:
                hook()
            except Exception as e:
                log.error("after-batch hook %r failed: %s", hook, safe_error(e))
        return applied, more

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
            stored = self.positions()
            due = self.standings.due(time.monotonic())
            waiting = [name for name in due if stored[name] < target]
            if not waiting and not self.rebuilds.running():
                break
            time.sleep(0.01)  # another worker holds a batch of it: let it finish
        return total

    # -- running ------------------------------------------------------------------------------

    def run_forever(self) -> None:
        """Apply batches as events arrive until stop() (the worker's and the thread's loop)."""
        listener = listen(self.recorder, self._wake, self._stop) if self.listens else None
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
            self.rebuilds.abort_all()
            if listener is not None:
                listener.join(timeout=5)

    @property
    def stopped(self) -> bool:
        """Whether this in-process engine was told to stop (stop() or close())."""
        return self._stop.is_set()

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

    # -- rebuilding ---------------------------------------------------------------------------

    def rebuild(self, name: str, progress: Progress | None = None) -> RebuildReport:
        """Rebuild a projection from position 0 into shadow tables and swap them in."""
        return self.rebuild_all([name], progress)[0]

    def rebuild_all(
        self, names: Iterable[str] | None = None, progress: Progress | None = None
    ) -> list[RebuildReport]:
        """Rebuild projections (all by default) over one shared read of the log, then swap each."""
        return self.rebuilds.run(
            list(names) if names is not None else list(self.projections), progress
        )

    # -- observing ----------------------------------------------------------------------------

    def positions(self) -> dict[str, int]:
        """Each projection's stored position."""
        return self.observer.positions()

    def wait_for(
        self, position: int, names: Iterable[str] | None = None, timeout: float = 5.0
    ) -> int:
        """Wait until the named projections reach a log position; returns the lowest reached."""
        return self.observer.wait_for(position, names, timeout)

    def known_at(self, position: int, names: Iterable[str]) -> bool:
        """Whether this process has seen the named projections reach a position (no I/O)."""
        return self.standings.known_at(position, names)

    def standing(self, names: Iterable[str]) -> tuple[int, str | None]:
        """The lowest stored position of the named projections, and one stopped by an error."""
        return self.observer.standing(names)

    def status(self) -> list[ProjectionStatus]:
        """Every projection's position, lag and last error."""
        return self.observer.status()

    def health(self) -> dict[str, Any]:
        """A summary per projection for GET /health (an `error` marks the service degraded)."""
        return self.observer.health()
