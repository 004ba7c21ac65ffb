"""Reading the application's log and folding its events into read models, in the caller's
read-model transaction: what the live batches and the rebuilds share."""

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import Notification
from sqlalchemy import Connection, Engine

from projections.runtime.errors import EventFailed, is_transient
from projections.runtime.projection import Projection
from projections.runtime.rows import Rows


class LogReader:
    """The application's log (its recorder and mapper) and the read database it is folded into."""

    def __init__(self, app: Any, read_engine: Engine) -> None:
        self.app = app
        self.recorder = app.recorder
        self.mapper = app.mapper
        self.read_engine = read_engine
        self._topics: dict[str, list[str]] = {}

    def head(self) -> int:
        """The newest notification id in the log (0 when empty)."""
        return int(self.recorder.max_notification_id() or 0)

    def select(
        self, projection: Projection, after: int, limit: int, stop: int
    ) -> Sequence[Notification]:
        """The projection's notifications with ids in (after, stop], oldest first."""
        return self.select_topics(self.topics_of(projection), after, limit, stop)

    def select_topics(
        self, topics: list[str], after: int, limit: int, stop: int
    ) -> Sequence[Notification]:
        """The notifications of some topics with ids in (after, stop], oldest first."""
        return self.recorder.select_notifications(
            after, limit, stop=stop, topics=topics, inclusive_of_start=False
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


def relaxed_commit(conn: Connection) -> None:
    """Do not wait for the WAL flush at commit (PostgreSQL): a read-model transaction is
    atomic all the same (rows and position together), and one lost in a server crash is
    simply applied again from the log."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET LOCAL synchronous_commit = off")
