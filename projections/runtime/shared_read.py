"""Rebuilding several projections over one read of the log, decoded a batch ahead."""

import queue
import threading
from collections.abc import Iterator, Sequence
from typing import Any

from eventsourcing.persistence import Notification

from projections.runtime.log import LogReader, relaxed_commit
from projections.runtime.rebuild import Rebuild


class _Reader:
    """Reads and decodes the log a batch ahead in its own thread (while the last one folds)."""

    def __init__(self, log: LogReader, topics: list[str], start: int, batch_size: int) -> None:
        self.log = log
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
                head = self.log.head()
                notes = self.log.select_topics(self.topics, self.position, self.batch_size, head)
                events = self.log.decode(notes)
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


def rebuild_together(log: LogReader, jobs: list[Rebuild]) -> Iterator[Rebuild]:
    """Step begun rebuilds over one shared read of the log until all are caught up.

    Yields each job after every batch (for progress). The jobs start at the same position;
    each batch is decoded once and folded into every job's shadows in one transaction.
    """
    if not jobs:
        return
    topics: dict[str, None] = {}
    for job in jobs:
        topics.update(dict.fromkeys(log.topics_of(job.projection)))
    start = min(job.position for job in jobs)
    batch_size = max(job.batch_size for job in jobs)
    if not topics:
        head = log.head()
        for job in jobs:
            job.position = job.head = head
        yield from jobs
        return
    reader = _Reader(log, list(topics), start, batch_size)
    try:
        while True:
            notes, events, position, full = reader.next()
            with log.read_engine.begin() as conn:
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
