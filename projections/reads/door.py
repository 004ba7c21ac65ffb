"""The read front door's plumbing: the read connection, its errors, and the wait for a position.

Every read accepts `min_position=N`: the HTTP layer first waits (asynchronously, bounded) for the
projections it reads to reach N, then the read checks again without waiting; past the wait,
503 with Retry-After, so a client reads its own writes or learns it must retry.
"""

import asyncio
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Protocol

import anyio
import psycopg
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import OperationalError

from projections.paging import BadCursor

_POLL_SECONDS = (0.01, 0.25)


class BadReadQuery(ValueError):
    """A read asked for something no read can answer (API: 400 on the named query field)."""

    def __init__(self, key: str, message: str, detail: str | None = None) -> None:
        self.key = key
        self.message = message
        super().__init__(detail or message)


class ReadModelLagging(Exception):
    """The read models have not reached the position a client asked for in time (API: 503)."""

    def __init__(self, wanted: int, reached: int) -> None:
        self.wanted = wanted
        self.reached = reached
        super().__init__(f"read models are at position {reached}, not yet {wanted}")


class ReadModelStopped(ReadModelLagging):
    """A read model stopped on an event it cannot apply: waiting cannot help (API: 503)."""

    def __init__(self, name: str, wanted: int, reached: int) -> None:
        self.wanted = wanted
        self.reached = reached
        self.name = name
        Exception.__init__(
            self, f"read model {name} is stopped at position {reached}: see projections status"
        )


class ReadWaitersFull(Exception):
    """Too many requests already wait for the read models (API: 503, retry later)."""


class ReadTimedOut(Exception):
    """A read of the read models ran past its statement timeout (API: 503, retry later)."""


class ReadLimits(Protocol):
    """How long a read may wait for the projections, and how long one statement may run."""

    @property
    def read_wait_seconds(self) -> float: ...

    @property
    def read_statement_timeout(self) -> float: ...


class Positions(Protocol):
    """Where the projections stand (the projection engine)."""

    def known_at(self, position: int, names: Iterable[str]) -> bool: ...

    def wait_for(
        self, position: int, names: Iterable[str] | None = None, timeout: float = 5.0
    ) -> int: ...

    def standing(self, names: Iterable[str]) -> tuple[int, str | None]: ...

    def wake(self) -> None: ...


class Today(Protocol):
    """The business clock."""

    def today(self) -> date: ...


class ReadDoor:
    """The read connection with its time limit, cursor errors, and the bounded position wait."""

    max_waiters = 64
    """Requests that may wait for the read models at once (per server process); more get 503."""

    def __init__(
        self,
        engine: Engine,
        clock: Today,
        head: Callable[[], int],
        positions: Callable[[], Positions],
        limits: Callable[[], ReadLimits],
    ) -> None:
        self.engine = engine
        self.clock = clock
        self._head = head
        self._positions = positions
        self._limits = limits
        self.waiting = 0
        """Requests waiting now for the read models (changed in the event loop only)."""

    def check(self, min_position: int | None, *names: str) -> None:
        """Check that the named projections reached min_position, else ReadModelLagging.

        The wait itself happened before, in the event loop (`wait`): this runs in a worker
        thread and never waits, so lagging read models cannot use up the workers.
        """
        if min_position is None:
            return
        head = self._head()
        if min_position > head:
            # No write has reached it: waiting could not help (and would hold a worker).
            message = f"min_position {min_position} is beyond the newest log position {head}"
            raise BadReadQuery("min_position", message)
        reached = self._positions().wait_for(min_position, names, timeout=0)
        if reached < min_position:
            raise ReadModelLagging(min_position, reached)

    async def wait(self, min_position: int, names: tuple[str, ...]) -> None:
        """Wait (bounded, asynchronously) until the named projections reach min_position.

        A projection stopped by an error, or more than `max_waiters` waiting requests, answer
        503 at once; else ReadModelLagging (503) after settings.read_wait_seconds. A position
        beyond the log's head returns at once: the read itself answers 400.
        """
        engine = self._positions()
        if engine.known_at(min_position, names):
            return  # seen in this process: no I/O at all
        head = await anyio.to_thread.run_sync(self._head)
        if min_position > head:
            return
        if self.waiting >= self.max_waiters:
            raise ReadWaitersFull(f"{self.waiting} requests already wait for the read models")
        self.waiting += 1
        try:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + self._limits().read_wait_seconds
            delay = _POLL_SECONDS[0]
            while True:
                # A short read of the stored positions in a thread; the waiting is in the loop.
                reached, stopped = await anyio.to_thread.run_sync(engine.standing, names)
                if reached >= min_position:
                    return
                if stopped is not None:
                    raise ReadModelStopped(stopped, min_position, reached)
                left = deadline - loop.time()
                if left <= 0:
                    raise ReadModelLagging(min_position, reached)
                engine.wake()
                await asyncio.sleep(min(delay, left))
                delay = min(delay * 2, _POLL_SECONDS[1])
        finally:
            self.waiting -= 1

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A read-only connection to the read database (a snapshot on SQLite: waits for no writer).

        Its statements have a time limit (settings.read_statement_timeout: PostgreSQL's
        statement_timeout, SQLite's progress handler), so one heavy read cannot hold a
        connection and starve the rest: past it, ReadTimedOut (503 with Retry-After). A cursor
        this service did not make is a BadReadQuery (400).
        """
        seconds = self._limits().read_statement_timeout
        with self.engine.connect().execution_options(read_only=True) as conn:
            raw = None
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SET LOCAL statement_timeout = {max(1, int(seconds * 1000))}")
            elif conn.dialect.name == "sqlite":
                raw = conn.connection.driver_connection
                deadline = time.monotonic() + seconds
                raw.set_progress_handler(lambda: time.monotonic() > deadline, 10_000)
            try:
                yield conn
            except BadCursor as e:
                raise BadReadQuery("cursor", str(e), f"cursor: {e}") from None
            except OperationalError as e:
                if _cancelled(e.orig):
                    raise ReadTimedOut("the read took too long; narrow it or try again") from None
                raise
            finally:
                if raw is not None:
                    raw.set_progress_handler(None, 0)


def _cancelled(error: BaseException | None) -> bool:
    """Whether the database stopped a statement for running past its time limit."""
    if isinstance(error, psycopg.errors.QueryCanceled):
        return True
    return isinstance(error, sqlite3.OperationalError) and str(error) == "interrupted"
