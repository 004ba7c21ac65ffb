"""What a projection is: a name, a version, its tables, and one handler per event class.

A projection subclasses `Projection` and marks its handlers with `@handles(EventClass, ...)`:

    class PartnersProjection(Projection):
        name = "partners"
        version = 1
        tables = (partners,)

        @handles(Partner.Registered)
        def registered(self, rows: Rows, e: Partner.Registered, position: int) -> None:
            rows.put(partners, {"id": e.originator_id, ...})

Handlers write through `rows` (a per-batch unit of work) and never query the event store. They
name the module-level (live) tables; during a rebuild `rows` writes to the shadow copies instead.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, ClassVar, TypeVar

from eventsourcing.utils import get_topic
from sqlalchemy import Connection, Table, delete, insert, select, tuple_

F = TypeVar("F", bound=Callable[..., None])
Key = tuple[Any, ...]
CHUNK = 500


def handles(*event_classes: type) -> Callable[[F], F]:
    """Mark a projection method as the handler of one or more event classes (exact classes)."""

    def mark(method: F) -> F:
        method.__handles__ = (*getattr(method, "__handles__", ()), *event_classes)  # type: ignore[attr-defined]
        return method

    return mark


class MissingRow(LookupError):
    """A handler updated a row that is not there: the read model and the log disagree."""


class Rows:
    """The unit of work of one batch: rows cached by primary key, written once at the end."""

    def __init__(self, conn: Connection, table_map: Mapping[Table, Table] | None = None) -> None:
        self._conn = conn
        self._map = dict(table_map or {})
        self._cache: dict[Table, dict[Key, dict[str, Any] | None]] = {}
        self._dirty: dict[Table, set[Key]] = {}
        self._in_db: dict[Table, set[Key]] = {}  # keys that exist, or may exist, in the database

    # -- reading and writing ------------------------------------------------------------------

    def get(self, table: Table, *key: Any) -> dict[str, Any] | None:
        """The row with this primary key (from this batch or the database), or None."""
        cache = self._cache.setdefault(table, {})
        if key not in cache:
            self.prefetch(table, [key])
        row = cache[key]
        return None if row is None else dict(row)

    def put(self, table: Table, row: Mapping[str, Any]) -> None:
        """Insert or replace a whole row (columns left out take their defaults or NULL)."""
        key = self._key(table, row)
        cache = self._cache.setdefault(table, {})
        if key not in cache:
            self._in_db.setdefault(table, set()).add(key)  # unknown: replace whatever is there
        cache[key] = {c.name: row.get(c.name, _default(c)) for c in table.columns}
        self._dirty.setdefault(table, set()).add(key)

    def update(self, table: Table, *key: Any, **values: Any) -> dict[str, Any]:
        """Change some columns of an existing row; MissingRow if it is not there."""
        row = self.get(table, *key)
        if row is None:
            raise MissingRow(f"{table.name}: no row {key}")
        unknown = set(values) - set(row)
        if unknown:
            raise KeyError(f"{table.name} has no column(s) {sorted(unknown)}")
        row.update(values)
        self._cache[table][key] = row
        self._dirty.setdefault(table, set()).add(key)
        return dict(row)

    def delete(self, table: Table, *key: Any) -> None:
        """Remove a row (nothing happens if it is not there)."""
        cache = self._cache.setdefault(table, {})
        if key not in cache:
            self._in_db.setdefault(table, set()).add(key)
        cache[key] = None
        self._dirty.setdefault(table, set()).add(key)

    def prefetch(self, table: Table, keys: Iterable[Key]) -> None:
        """Load many rows by primary key in a few queries (rows already cached are skipped)."""
        cache = self._cache.setdefault(table, {})
        wanted = list(dict.fromkeys(k for k in keys if k not in cache))
        if not wanted:
            return
        target = self.table(table)
        pk = list(target.primary_key.columns)
        names = [c.name for c in pk]
        in_db = self._in_db.setdefault(table, set())
        for chunk in _chunks(wanted, CHUNK):
            if len(pk) == 1:
                where = pk[0].in_([k[0] for k in chunk])
            else:
                where = tuple_(*pk).in_(chunk)
            for found in self._conn.execute(select(target).where(where)).mappings():
                row = dict(found)
                key = tuple(row[n] for n in names)
                cache[key] = row
                in_db.add(key)
        for key in wanted:
            cache.setdefault(key, None)

    # -- raw access ---------------------------------------------------------------------------

    def table(self, table: Table) -> Table:
        """The table actually written: the live one, or its shadow copy during a rebuild."""
        return self._map.get(table, table)

    @property
    def conn(self) -> Connection:
        """The batch's connection, for a query the helpers cannot express (flushes first)."""
        self.flush()
        return self._conn

    def flush(self) -> None:
        """Write every changed row: delete the old versions, insert the new ones."""
        for table, keys in self._dirty.items():
            if not keys:
                continue
            target = self.table(table)
            pk = list(target.primary_key.columns)
            in_db = self._in_db.setdefault(table, set())
            stale = [k for k in keys if k in in_db]
            for chunk in _chunks(stale, CHUNK):
                if len(pk) == 1:
                    where = pk[0].in_([k[0] for k in chunk])
                else:
                    where = tuple_(*pk).in_(chunk)
                self._conn.execute(delete(target).where(where))
            cache = self._cache[table]
            fresh = [cache[k] for k in keys if cache[k] is not None]
            if fresh:
                self._conn.execute(insert(target), fresh)
            for k in keys:
                if cache[k] is None:
                    in_db.discard(k)
                else:
                    in_db.add(k)
            keys.clear()

    def _key(self, table: Table, row: Mapping[str, Any]) -> Key:
        try:
            return tuple(row[c.name] for c in table.primary_key.columns)
        except KeyError as e:
            raise KeyError(f"{table.name}: the row lacks primary key column {e}") from None


def _chunks(items: Sequence[Key], size: int) -> Iterator[Sequence[Key]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _default(column: Any) -> Any:
    default = column.default
    if default is not None and getattr(default, "is_scalar", False):
        return default.arg
    return None


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
    """Tables keyed by the event's originator id: loaded in one query per batch."""

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
            rows.prefetch(table, keys)

    def apply(self, rows: Rows, event: Any, position: int) -> None:
        """Fold one event (its class must be handled by this projection)."""
        getattr(self, self._handlers[type(event)])(rows, event, position)
