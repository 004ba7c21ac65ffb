"""The PostgreSQL event store with bounded retries, so an outage answers fast (503), never hangs.

eventsourcing's recorders retry every call 10 times on a connection error, and each attempt may
wait the pool's whole timeout for a connection: with the database down a request (which also
reads a snapshot) would hang for most of a minute. Here reads are tried twice and inserts once
(an insert whose commit was lost in flight must not be retried into a misleading "another change
was saved first"); the pool's pre-ping already replaces connections that died while idle.
Selected by `PERSISTENCE_MODULE=infrastructure.pgstore:PostgresBoundedFactory`.

A save is written in bounded chunks and under a statement timeout, so it completes or fails fast
and never holds the events table's lock indefinitely (issue 19): the library sends a whole save
as ONE pipelined INSERT, and psycopg's pipeline mode deadlocks on a message of a few megabytes
(psycopg issue 685: the server waits in ClientRead for the rest of the INSERT while the client
waits for results, holding `LOCK TABLE ... IN EXCLUSIVE MODE` so every other writer times out).
A server-side timeout cannot break that (the server is reading, not running, a statement), so
the fix is to never send a large message in pipeline mode: the usual small save is pipelined as
before (lock, notify and the first chunk in one round trip); the rest of a large save follows
outside the pipeline, chunk by chunk, in the same transaction (one save stays atomic).
"""

from collections.abc import Iterator, Sequence
from typing import Any

from eventsourcing.persistence import (
    InterfaceError,
    OperationalError,
    ProgrammingError,
    StoredEvent,
)
from eventsourcing.postgres import (
    PostgresAggregateRecorder,
    PostgresApplicationRecorder,
    PostgresFactory,
)
from eventsourcing.utils import retry
from psycopg.sql import SQL

READ_ATTEMPTS = 2
RETRY_WAIT_SECONDS = 0.2
_TRANSIENT = (InterfaceError, OperationalError)
_bounded = retry(_TRANSIENT, max_attempts=READ_ATTEMPTS, wait=RETRY_WAIT_SECONDS)

# One INSERT statement carries at most this many events and about this many bytes of state.
# The first chunk travels in the pipeline, so it stays far below the ~4 MB at which psycopg's
# pipeline deadlocks (measured: 2,000 x 2 KB pipelined completes, 5,000 x 1 KB hangs).
CHUNK_EVENTS = 500
CHUNK_BYTES = 256 * 1024
# The default for a writer statement's timeout (seconds), set by POSTGRES_WRITE_STATEMENT_TIMEOUT.
DEFAULT_WRITE_STATEMENT_TIMEOUT_SECONDS = 5
WRITE_STATEMENT_TIMEOUT = "POSTGRES_WRITE_STATEMENT_TIMEOUT"


def _raw(cls: type, name: str) -> Any:
    """The library's method without its retry decorator."""
    return getattr(cls, name).__wrapped__


class PostgresBoundedAggregateRecorder(PostgresAggregateRecorder):
    """The snapshots' recorder, with bounded retries."""

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        """Insert once: a failure is reported, never retried into a false conflict."""
        return _raw(PostgresAggregateRecorder, "insert_events")(self, stored_events, **kwargs)

    @_bounded
    def select_events(self, originator_id: Any, **kwargs: Any) -> Sequence[StoredEvent]:
        """Select an aggregate's snapshots (two attempts)."""
        return _raw(PostgresAggregateRecorder, "select_events")(self, originator_id, **kwargs)


class PostgresBoundedApplicationRecorder(PostgresApplicationRecorder):
    """The events' recorder, with bounded retries."""

    write_statement_timeout_seconds: int = DEFAULT_WRITE_STATEMENT_TIMEOUT_SECONDS

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        """Insert once, in bounded chunks within one transaction, under a statement timeout.

        A failure is reported, never retried into a false conflict. The lock, the notification
        and the first chunk are pipelined (one round trip, as in the library); later chunks, if
        any, are sent outside the pipeline, where psycopg sends a message of any size safely.
        """
        if self.datastore.enable_db_functions:
            raise ProgrammingError("POSTGRES_ENABLE_DB_FUNCTIONS must stay off (see eventstore)")
        chunks = list(chunked(stored_events))
        small = bool(chunks) and sum(len(e.state) for e in chunks[0]) <= CHUNK_BYTES
        ids: list[int] = []
        exc: Exception | None = None
        with self.datastore.get_connection() as conn, conn.transaction():
            with conn.pipeline() as pipeline, conn.cursor() as curs:
                try:
                    curs.execute(
                        SQL("SET LOCAL statement_timeout = '{0}s'").format(
                            self.write_statement_timeout_seconds
                        )
                    )
                    if small:
                        ids += self._insert_chunk(curs, chunks[0], first=True, sync=pipeline.sync)
                    elif chunks:
                        # One event larger than a chunk: lock now, send it outside the pipeline.
                        self._lock_table(curs)
                        self._notify_channel(curs)
                except Exception as e:
                    # Raised after the pipeline has exited, as the library does (no warning).
                    exc = e
            if exc:
                raise exc
            with conn.cursor() as curs:
                for chunk in chunks[1:] if small else chunks:
                    ids += self._insert_chunk(curs, chunk, first=False, sync=None)
        return ids if chunks else None

    def _insert_chunk(
        self, curs: Any, chunk: Sequence[StoredEvent], *, first: bool, sync: Any
    ) -> list[int]:
        """Insert one chunk (the first also takes the table lock and notifies listeners)."""
        if first:
            self._insert_stored_events(curs, chunk)
        else:
            PostgresAggregateRecorder._insert_stored_events(self, curs, chunk)
        if sync is not None:
            # Sync now, so a uniqueness violation raises IntegrityError here, as in the library.
            sync()
        return list(self._fetch_ids_after_insert_events(curs, chunk) or [])

    @_bounded
    def select_events(self, originator_id: Any, **kwargs: Any) -> Sequence[StoredEvent]:
        """Select an aggregate's events (two attempts)."""
        return _raw(PostgresAggregateRecorder, "select_events")(self, originator_id, **kwargs)

    @_bounded
    def select_notifications(self, *args: Any, **kwargs: Any) -> Any:
        """Select notifications (two attempts)."""
        return _raw(PostgresApplicationRecorder, "select_notifications")(self, *args, **kwargs)

    @_bounded
    def max_notification_id(self) -> int | None:
        """The newest notification id (two attempts)."""
        return _raw(PostgresApplicationRecorder, "max_notification_id")(self)


def chunked(stored_events: Sequence[StoredEvent]) -> Iterator[Sequence[StoredEvent]]:
    """Consecutive slices of at most CHUNK_EVENTS events and about CHUNK_BYTES of state."""
    start, size = 0, 0
    for i, event in enumerate(stored_events):
        if i > start and (i - start >= CHUNK_EVENTS or size + len(event.state) > CHUNK_BYTES):
            yield stored_events[start:i]
            start, size = i, 0
        size += len(event.state)
    if start < len(stored_events):
        yield stored_events[start:]


class PostgresBoundedFactory(PostgresFactory):
    """eventsourcing's PostgreSQL factory with the bounded recorders."""

    aggregate_recorder_class = PostgresBoundedAggregateRecorder
    application_recorder_class = PostgresBoundedApplicationRecorder

    def application_recorder(self) -> Any:
        """The events' recorder, with the writer statement timeout from the environment."""
        recorder = super().application_recorder()
        seconds = self.env.get(WRITE_STATEMENT_TIMEOUT)
        if seconds:
            recorder.write_statement_timeout_seconds = int(seconds)
        return recorder
