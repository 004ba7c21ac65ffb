"""The PostgreSQL event store with bounded retries, so an outage answers fast (503), never hangs.

eventsourcing's recorders retry every call 10 times on a connection error, and each attempt may
wait the pool's whole timeout for a connection: with the database down a request (which also
reads a snapshot) would hang for most of a minute. Here reads are tried twice and inserts once
(an insert whose commit was lost in flight must not be retried into a misleading "another change
was saved first"); the pool's pre-ping already replaces connections that died while idle.
Selected by `PERSISTENCE_MODULE=infrastructure.pgstore:PostgresBoundedFactory`.
"""

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import (
    PostgresAggregateRecorder,
    PostgresApplicationRecorder,
    PostgresFactory,
)
from eventsourcing.utils import retry

READ_ATTEMPTS = 2
RETRY_WAIT_SECONDS = 0.2
_TRANSIENT = (InterfaceError, OperationalError)
_bounded = retry(_TRANSIENT, max_attempts=READ_ATTEMPTS, wait=RETRY_WAIT_SECONDS)


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

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        """Insert once: a failure is reported, never retried into a false conflict."""
        return _raw(PostgresApplicationRecorder, "insert_events")(self, stored_events, **kwargs)

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


class PostgresBoundedFactory(PostgresFactory):
    """eventsourcing's PostgreSQL factory with the bounded recorders."""

    aggregate_recorder_class = PostgresBoundedAggregateRecorder
    application_recorder_class = PostgresBoundedApplicationRecorder
