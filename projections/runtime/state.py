"""What one process knows of each projection between batches: where it got, when to retry,
why it stopped, and the stale rebuild it is stepping."""

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass

from projections.runtime.errors import safe_error
from projections.runtime.rebuild import Rebuild

RETRY_FIRST_SECONDS = 5.0
RETRY_MAX_SECONDS = 300.0
UNAVAILABLE_RETRY_SECONDS = 1.0


@dataclass
class Standing:
    """One projection as this process last saw it."""

    position: int = -1
    """The position this process saw it reach (-1: none yet)."""
    built: int | None = None
    """The handlers' version its tables were built by, as stored on its row."""
    retry_at: float = 0.0
    """Monotonic time before which it is not stepped (after a failure)."""
    backoff: float | None = None
    careful_until: int | None = None
    """Looking for a failing event: one event per transaction up to this position."""
    failure: str | None = None
    """Why it is not moving (kept in memory only: a database outage, a newer build)."""
    rebuild: Rebuild | None = None
    """The stale-version rebuild this process is stepping."""
    rebuild_retry_at: float = 0.0


class Standings:
    """Every projection's standing, and the condition that waiters for a position sleep on."""

    def __init__(self, names: Iterable[str], retry_seconds: float = RETRY_FIRST_SECONDS) -> None:
        self.of = {name: Standing() for name in names}
        self.retry_seconds = retry_seconds
        self.progress = threading.Condition()

    def __getitem__(self, name: str) -> Standing:
        return self.of[name]

    def due(self, now: float) -> list[str]:
        """The projections not waiting to retry."""
        return [name for name, s in self.of.items() if s.retry_at <= now]

    def retry_now(self) -> None:
        """Forget every waiting period: the next round steps every projection."""
        for s in self.of.values():
            s.retry_at = 0.0
            s.rebuild_retry_at = 0.0

    def admit(self, name: str, built: int, version: int) -> bool:
        """Whether this worker may fold into tables built by handlers of version `built`.

        Not if they were built by newer code (a rolling deploy): it leaves them to the newer
        workers and looks again later.
        """
        standing = self.of[name]
        standing.built = built
        if built > version:
            standing.failure = f"built by version {built}; this worker runs {version}"
            standing.retry_at = time.monotonic() + RETRY_MAX_SECONDS
            return False
        return True

    def reached(self, name: str, position: int) -> None:
        """A batch (or a rebuild) of the projection committed at a position."""
        standing = self.of[name]
        standing.backoff = None
        standing.failure = None
        with self.progress:
            standing.position = position
            self.progress.notify_all()

    def stopped(self, name: str) -> None:
        """An event of the projection failed: wait (doubling each time) before trying again."""
        standing = self.of[name]
        backoff = min((standing.backoff or self.retry_seconds / 2) * 2, RETRY_MAX_SECONDS)
        standing.backoff = backoff
        standing.retry_at = time.monotonic() + backoff

    def unavailable(self, names: Iterable[str], error: BaseException, now: float) -> None:
        """The databases failed during a batch: try again shortly."""
        for name in names:
            standing = self.of[name]
            standing.failure = safe_error(error)
            standing.retry_at = now + UNAVAILABLE_RETRY_SECONDS

    def known_at(self, position: int, names: Iterable[str]) -> bool:
        """Whether this process has seen the named projections reach a position (no I/O)."""
        wanted = list(names)
        return bool(wanted) and all(self.seen(n) >= position for n in wanted)

    def seen(self, name: str) -> int:
        """The position this process saw a projection reach (-1: none, or no such projection)."""
        standing = self.of.get(name)
        return -1 if standing is None else standing.position
