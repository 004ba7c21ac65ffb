"""What can go wrong while folding the log: a database outage (retry later) or a failing event
(stop its projection); and how an error is told without the row data it may quote."""

from eventsourcing.persistence import InterfaceError as StoreInterfaceError
from eventsourcing.persistence import Notification
from eventsourcing.persistence import OperationalError as StoreOperationalError
from sqlalchemy import exc as sa_exc

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
