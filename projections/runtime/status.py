"""Where the projections stand: positions, lag and errors for `pobratym projections status`,
`/health`, and the waits of read-your-writes."""

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from projections.runtime import positions
from projections.runtime.log import LogReader
from projections.runtime.projection import Projection
from projections.runtime.state import Standings


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


class Observer:
    """Reads the projections' stored standing (and this process's) without moving them."""

    def __init__(
        self,
        log: LogReader,
        projections: Mapping[str, Projection],
        standings: Standings,
        wake: Callable[[], None],
    ) -> None:
        self.log = log
        self.projections = projections
        self.standings = standings
        self.wake = wake

    def _read(self) -> Connection:
        return self.log.read_engine.connect().execution_options(read_only=True)

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
        if self.standings.known_at(position, wanted):
            return min(self.standings.seen(n) for n in wanted)
        deadline = time.monotonic() + timeout
        delay = 0.005
        while True:
            stored = self.positions()
            reached = min((stored[n] for n in wanted), default=position)
            left = deadline - time.monotonic()
            if reached >= position or left <= 0:
                return reached
            self.wake()
            with self.standings.progress:
                self.standings.progress.wait(min(delay, left))
            delay = min(delay * 2, 0.05)

    def standing(self, names: Iterable[str]) -> tuple[int, str | None]:
        """The lowest stored position of the named projections, and one stopped by an error."""
        wanted = list(names)
        with self._read() as conn:
            rows = positions.read_all(conn)
        reached = min((rows[n].position if n in rows else 0 for n in wanted), default=0)
        for name in wanted:
            row = rows.get(name)
            failure = self.standings.of[name].failure if name in self.standings.of else None
            if (row is not None and row.last_error is not None) or failure is not None:
                return reached, name
        return reached, None

    def status(self) -> list[ProjectionStatus]:
        """Every projection's position, lag and last error."""
        head = self.log.head()
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
                    last_error=error or self.standings[name].failure,
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
            pending = self.log.select(projection, position, 1, head)
            if not pending:
                return 0.0
            saved_at = self.log.mapper.to_domain_event(pending[0]).timestamp
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
