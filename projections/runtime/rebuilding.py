"""Rebuilding projections: on demand (several over one read of the log), and in the background
for those whose stored version is older than the code's."""

import logging
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from projections.runtime.errors import safe_error
from projections.runtime.log import LogReader
from projections.runtime.projection import Projection
from projections.runtime.rebuild import Rebuild, RebuildBusy
from projections.runtime.shared_read import rebuild_together
from projections.runtime.state import RETRY_MAX_SECONDS, Standings

log = logging.getLogger("pobratym.projections")

STALE_BUSY_RETRY_SECONDS = 30.0

Progress = Callable[[Rebuild], None]


@dataclass(frozen=True)
class RebuildReport:
    """What a finished rebuild did."""

    name: str
    events: int
    position: int
    seconds: float


class Rebuilds:
    """Starts, steps and finishes the rebuilds of a set of projections."""

    def __init__(
        self,
        log: LogReader,
        projections: Mapping[str, Projection],
        standings: Standings,
        batch_size: int,
        rebuild_batch_size: int,
    ) -> None:
        self.log = log
        self.projections = projections
        self.standings = standings
        self.batch_size = batch_size
        self.rebuild_batch_size = rebuild_batch_size

    def run(self, names: Iterable[str], progress: Progress | None = None) -> list[RebuildReport]:
        """Rebuild projections over one shared read of the log, then swap each in.

        The log is read and decoded once for all of them, a batch ahead in a second thread, in
        batches of `rebuild_batch_size`; each batch is one transaction writing every shadow.
        """
        started = time.monotonic()
        jobs: list[Rebuild] = []
        try:
            for name in names:
                job = Rebuild(self.log, self.projections[name], self.rebuild_batch_size)
                if not job.begin():
                    raise RebuildBusy(name)
                jobs.append(job)
            for job in rebuild_together(self.log, jobs):
                if progress is not None:
                    progress(job)
            reports = []
            for job in jobs:
                position = job.finish()
                if progress is not None:
                    progress(job)
                self.standings.reached(job.name, position)
                reports.append(
                    RebuildReport(job.name, job.applied, position, time.monotonic() - started)
                )
        except BaseException:
            for job in jobs:
                job.abort()
            raise
        return reports

    def step_stale(self) -> bool:
        """Step the rebuilds of projections whose stored version is older than the code's."""
        more = False
        now = time.monotonic()
        for name, projection in self.projections.items():
            standing = self.standings[name]
            job = standing.rebuild
            if job is None:
                built = standing.built if standing.built is not None else projection.version
                if built >= projection.version or standing.rebuild_retry_at > now:
                    continue
                job = Rebuild(self.log, projection, self.batch_size)
                if not job.begin():
                    standing.rebuild_retry_at = now + STALE_BUSY_RETRY_SECONDS
                    continue
                log.info("projection %s is stale: rebuilding it", name)
                standing.rebuild = job
            try:
                if job.step():
                    position = job.finish()
                    standing.rebuild = None
                    standing.built = projection.version
                    self.standings.reached(name, position)
                    log.info("projection %s rebuilt: %s events", name, job.applied)
                else:
                    more = True
            except Exception as e:
                job.abort()
                standing.rebuild = None
                standing.failure = f"rebuild failed: {safe_error(e)}"
                standing.rebuild_retry_at = now + RETRY_MAX_SECONDS
                log.error("projection %s: rebuild failed: %s", name, safe_error(e))
        return more

    def running(self) -> bool:
        """Whether a background rebuild is under way."""
        return any(s.rebuild is not None for s in self.standings.of.values())

    def abort_all(self) -> None:
        """Give up the background rebuilds (their shadows dropped, their claims released)."""
        for standing in self.standings.of.values():
            if standing.rebuild is not None:
                standing.rebuild.abort()
                standing.rebuild = None
