"""What a projection is: a name, a version, its tables, and one handler per event class.

A projection subclasses `Projection` and marks its handlers with `@handles(EventClass, ...)`:

    class PartnersProjection(Projection):
        name = "partners"
        version = 1
        tables = (partners,)

        @handles(Partner.Registered)
        def registered(self, rows: Rows, e: Partner.Registered, position: int) -> None:
            rows.put(partners, {"id": e.originator_id, ...})
"""

from collections.abc import Callable, Sequence
from typing import Any, ClassVar, TypeVar

from eventsourcing.utils import get_topic
from sqlalchemy import Table

from projections.runtime.rows import Rows
from projections.runtime.shape import shape_of

F = TypeVar("F", bound=Callable[..., None])


def handles(*event_classes: type) -> Callable[[F], F]:
    """Mark a projection method as the handler of one or more event classes (exact classes)."""

    def mark(method: F) -> F:
        method.__handles__ = (*getattr(method, "__handles__", ()), *event_classes)  # type: ignore[attr-defined]
        return method

    return mark


MAX_TABLE_NAME = 50  # + "__rb" and 8 hex digits for the shadow copy: PostgreSQL allows 63
MAX_INDEX_NAME = 53


def _check_table(table: Table) -> None:
    """A table the rebuild can shadow and swap: short names, no autoincrement key."""
    if len(table.name) > MAX_TABLE_NAME:
        raise ValueError(f"table name {table.name} is longer than {MAX_TABLE_NAME} characters")
    for index in table.indexes:
        if not index.name or len(str(index.name)) > MAX_INDEX_NAME:
            raise ValueError(f"{table.name}: name each index, in at most {MAX_INDEX_NAME} chars")
    if table.autoincrement_column is not None:
        raise ValueError(f"{table.name}: key read-model rows naturally (autoincrement=False)")


class Projection:
    """Folds chosen events into its own tables. Subclasses set name, version, tables, handlers."""

    name: ClassVar[str] = ""
    version: ClassVar[int] = 1
    """Bump it when the handlers or tables change: the engine then rebuilds the projection."""
    tables: ClassVar[tuple[Table, ...]] = ()
    prefetch_by_originator: ClassVar[tuple[Table, ...]] = ()
    """Tables keyed by the event's originator id (alone, or first in a composite key): all
    their rows of the batch's originators are loaded in one query per batch."""

    _handlers: ClassVar[dict[type, str]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        found: dict[type, str] = {}
        for klass in reversed(cls.__mro__):
            for attr, value in vars(klass).items():
                for event_class in getattr(value, "__handles__", ()):
                    found[event_class] = attr
        cls._handlers = found
        for table in cls.tables:
            _check_table(table)

    @classmethod
    def event_classes(cls) -> tuple[type, ...]:
        """The event classes this projection handles."""
        return tuple(cls._handlers)

    @classmethod
    def topics(cls) -> tuple[str, ...]:
        """The stored topics to read: each handled class's topic and its registered aliases."""
        from eventsourcing import utils

        aliases = getattr(utils, "_topic_cache", {})
        out: dict[str, None] = {}
        for event_class in cls._handlers:
            out[get_topic(event_class)] = None
            for topic, obj in list(aliases.items()):
                if obj is event_class:
                    out[topic] = None
        return tuple(out)

    def prefetch(self, rows: Rows, events: Sequence[Any]) -> None:
        """Load the rows a batch will touch in a few queries (override to load more)."""
        if not self.prefetch_by_originator:
            return
        keys = [(e.originator_id,) for e in events]
        for table in self.prefetch_by_originator:
            if shape_of(table).single_key:
                rows.prefetch(table, keys)
            else:
                rows.prefetch_prefix(table, keys)  # e.g. every deadline of the batch's cases

    def apply(self, rows: Rows, event: Any, position: int) -> None:
        """Fold one event (its class must be handled by this projection)."""
        getattr(self, self._handlers[type(event)])(rows, event, position)
