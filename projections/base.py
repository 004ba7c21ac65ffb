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
from operator import itemgetter
from typing import Any, ClassVar, TypeVar

import msgspec
from eventsourcing.utils import get_topic
from sqlalchemy import (
    JSON,
    Connection,
    Table,
    UniqueConstraint,
    any_,
    bindparam,
    delete,
    insert,
    select,
    tuple_,
)
from sqlalchemy.dialects import postgresql, sqlite

F = TypeVar("F", bound=Callable[..., None])
Key = tuple[Any, ...]
CHUNK = 5000
COPY_MIN_ROWS = 50
"""From this many rows of a table in one flush, PostgreSQL gets them by COPY."""


def handles(*event_classes: type) -> Callable[[F], F]:
    """Mark a projection method as the handler of one or more event classes (exact classes)."""

    def mark(method: F) -> F:
        method.__handles__ = (*getattr(method, "__handles__", ()), *event_classes)  # type: ignore[attr-defined]
        return method

    return mark


class MissingRow(LookupError):
    """A handler updated a row that is not there: the read model and the log disagree."""


class Shape:
    """What Rows needs of a table, worked out once: columns, defaults, primary key."""

    __slots__ = ("key", "name_set", "names", "single_key", "template", "unique")

    def __init__(self, table: Table) -> None:
        self.names = tuple(c.name for c in table.columns)
        self.name_set = frozenset(self.names)
        self.template = {c.name: _default(c) for c in table.columns}
        self.key = tuple(c.name for c in table.primary_key.columns)
        self.single_key = len(self.key) == 1
        self.unique = any(i.unique for i in table.indexes) or any(
            isinstance(c, UniqueConstraint) for c in table.constraints
        )
        """Unique besides the primary key: rows are then replaced by delete + insert."""


_SHAPES: dict[Table, Shape] = {}


def shape_of(table: Table) -> Shape:
    """The (cached) shape of a table."""
    found = _SHAPES.get(table)
    if found is None:
        found = _SHAPES[table] = Shape(table)
    return found


class Rows:
    """The unit of work of one batch: rows cached by primary key, written once at the end.

    `flush` writes each changed row once: new rows are inserted, rows that exist (or may exist)
    are upserted (PostgreSQL: COPY into a staging table, then INSERT ... ON CONFLICT DO UPDATE;
    SQLite: INSERT ... ON CONFLICT DO UPDATE), deleted rows are deleted.
    """

    def __init__(self, conn: Connection, table_map: Mapping[Table, Table] | None = None) -> None:
        self._conn = conn
        self._map = dict(table_map or {})
        self._cache: dict[Table, dict[Key, dict[str, Any] | None]] = {}
        self._dirty: dict[Table, set[Key]] = {}
        self._in_db: dict[Table, set[Key]] = {}  # keys that exist, or may exist, in the database
        self._complete: dict[Table, dict[int, set[Key]]] = {}  # key prefixes loaded in full

    # -- reading and writing ------------------------------------------------------------------

    def get(self, table: Table, *key: Any) -> dict[str, Any] | None:
        """The row with this primary key (from this batch or the database), or None."""
        cache = self._cache.get(table)
        if cache is None:
            cache = self._cache[table] = {}
        row = cache.get(key, _UNKNOWN)
        if row is _UNKNOWN:
            if self._known_absent(table, key):
                cache[key] = None
                return None
            self.prefetch(table, [key])
            row = cache[key]
        return None if row is None else dict(row)  # type: ignore[call-overload]

    def put(self, table: Table, row: Mapping[str, Any]) -> None:
        """Insert or replace a whole row (columns left out take their defaults or NULL)."""
        shape = shape_of(table)
        key = self._key(table, shape, row)
        cache = self._cache.get(table)
        if cache is None:
            cache = self._cache[table] = {}
        if key not in cache and not self._known_absent(table, key):
            self._in_db.setdefault(table, set()).add(key)  # unknown: replace whatever is there
        full = shape.template.copy()
        full.update(row)
        if len(full) != len(shape.names):
            full = {n: full[n] for n in shape.names}  # keys that are not columns are ignored
        cache[key] = full
        self._dirty.setdefault(table, set()).add(key)

    def update(self, table: Table, *key: Any, **values: Any) -> dict[str, Any]:
        """Change some columns of an existing row; MissingRow if it is not there."""
        cache = self._cache.get(table)
        row = cache.get(key) if cache is not None else None
        if row is None:
            if self.get(table, *key) is None:
                raise MissingRow(f"{table.name}: no row {key}")
            row = self._cache[table][key]
        unknown = values.keys() - shape_of(table).name_set
        if unknown:
            raise KeyError(f"{table.name} has no column(s) {sorted(unknown)}")
        changed = {**row, **values}  # type: ignore[dict-item]
        self._cache[table][key] = changed
        self._dirty.setdefault(table, set()).add(key)
        return dict(changed)

    def delete(self, table: Table, *key: Any) -> None:
        """Remove a row (nothing happens if it is not there)."""
        cache = self._cache.setdefault(table, {})
        if key not in cache and not self._known_absent(table, key):
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
        names = shape_of(table).key
        in_db = self._in_db.setdefault(table, set())
        for chunk in _chunks(wanted, CHUNK):
            if len(pk) == 1:
                where = _one_of(self._conn, pk[0], [k[0] for k in chunk])
            else:
                where = tuple_(*pk).in_(chunk)
            for row in self._select(target, where):
                key = tuple([row[n] for n in names])
                cache[key] = row
                in_db.add(key)
        for key in wanted:
            cache.setdefault(key, None)

    def prefetch_prefix(self, table: Table, prefixes: Iterable[Key]) -> None:
        """Load every row whose leading key columns equal one of the prefixes, in a few queries.

        E.g. all `deadlines` rows of the batch's cases (key (case_id, kind), prefix (case_id,)):
        a later `get` of a key under a loaded prefix then needs no query, found or not.
        """
        shape = shape_of(table)
        wanted_all = list(dict.fromkeys(prefixes))
        if not wanted_all:
            return
        size = len(wanted_all[0])
        if size >= len(shape.key):
            self.prefetch(table, wanted_all)
            return
        complete = self._complete.setdefault(table, {}).setdefault(size, set())
        wanted = [p for p in wanted_all if p not in complete]
        if not wanted:
            return
        target = self.table(table)
        lead = [target.c[n] for n in shape.key[:size]]
        cache = self._cache.setdefault(table, {})
        in_db = self._in_db.setdefault(table, set())
        for chunk in _chunks(wanted, CHUNK):
            if size == 1:
                where = _one_of(self._conn, lead[0], [p[0] for p in chunk])
            else:
                where = tuple_(*lead).in_(chunk)
            for row in self._select(target, where):
                key = tuple([row[n] for n in shape.key])
                cache.setdefault(key, row)  # a row changed in this batch keeps its new state
                in_db.add(key)
        complete.update(wanted)

    def _select(self, target: Table, where: Any) -> Iterator[dict[str, Any]]:
        result = self._conn.execute(select(target).where(where))
        names = list(result.keys())
        for found in result:
            yield dict(zip(names, found, strict=True))

    def _known_absent(self, table: Table, key: Key) -> bool:
        """The key falls under a prefix loaded in full, and was not found there."""
        complete = self._complete.get(table)
        if complete:
            for size, prefixes in complete.items():
                if key[:size] in prefixes:
                    return True
        return False

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
        """Write every changed row once: insert new rows, upsert the others, delete removed."""
        for table, keys in self._dirty.items():
            if not keys:
                continue
            in_db = self._in_db.setdefault(table, set())
            cache = self._cache[table]
            fresh: list[dict[str, Any]] = []
            known: list[dict[str, Any]] = []
            gone: list[Key] = []
            for k in keys:
                row = cache[k]
                if row is None:
                    if k in in_db:
                        gone.append(k)
                elif k in in_db:
                    known.append(row)
                else:
                    fresh.append(row)
            write_rows(self._conn, self.table(table), shape_of(table), fresh, known, gone)
            for k in gone:
                in_db.discard(k)
            for k in keys:
                if cache[k] is not None:
                    in_db.add(k)
            keys.clear()

    def _key(self, table: Table, shape: Shape, row: Mapping[str, Any]) -> Key:
        try:
            return tuple([row[n] for n in shape.key])
        except KeyError as e:
            raise KeyError(f"{table.name}: the row lacks primary key column {e}") from None


_UNKNOWN: Any = object()


def _one_of(conn: Connection, column: Any, values: list[Any]) -> Any:
    """`column IN (values)`; on PostgreSQL `= ANY(:array)`: one parameter, one cached plan."""
    if conn.dialect.name == "postgresql" and len(values) > 1:
        return column == any_(bindparam(None, values, type_=postgresql.ARRAY(column.type)))
    return column.in_(values)


_encode_json = msgspec.json.Encoder().encode


def _chunks(items: Sequence[Key], size: int) -> Iterator[Sequence[Key]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _default(column: Any) -> Any:
    default = column.default
    if default is not None and getattr(default, "is_scalar", False):
        return default.arg
    return None


# -- writing rows ------------------------------------------------------------------------------


def write_rows(
    conn: Connection,
    target: Table,
    shape: Shape,
    fresh: list[dict[str, Any]],
    known: list[dict[str, Any]],
    gone: list[Key],
) -> None:
    """Insert rows known to be new, upsert rows that may exist, delete removed keys."""
    if gone:
        _delete(conn, target, gone)
    dialect = conn.dialect.name
    if known and (shape.unique or dialect not in ("postgresql", "sqlite")):
        # Replace by delete + insert, so a unique value moving between rows never collides.
        _delete(conn, target, [tuple(r[n] for n in shape.key) for r in known])
        fresh, known = fresh + known, []
    if dialect == "postgresql" and len(fresh) >= COPY_MIN_ROWS:
        _pg_copy(conn, target, target, fresh)
        fresh = []
    if dialect == "postgresql" and len(known) >= COPY_MIN_ROWS:
        _pg_upsert(conn, target, shape, known)
        known = []
    if dialect == "sqlite":
        # sqlite3's own executemany: in-process, no round trips; SQLAlchemy's per-row work
        # (its bind processors aside, which we apply ourselves) is most of the cost here.
        for rows, upsert in ((known, True), (fresh, False)):
            if rows:
                _sqlite_write(conn, target, shape, rows, upsert=upsert)
        return
    if known:
        # A few rows (a live batch): one executemany, pipelined in one round trip by psycopg.
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as upsert
        else:
            from sqlalchemy.dialects.sqlite import insert as upsert
        stmt = upsert(target)
        updates = {n: stmt.excluded[n] for n in shape.names if n not in shape.key}
        if updates:
            stmt = stmt.on_conflict_do_update(index_elements=list(shape.key), set_=updates)
        else:
            stmt = stmt.on_conflict_do_nothing(index_elements=list(shape.key))
        conn.execute(stmt, known)
    if fresh:
        conn.execute(insert(target), fresh)


def _delete(conn: Connection, target: Table, keys: Sequence[Key]) -> None:
    pk = list(target.primary_key.columns)
    for chunk in _chunks(keys, CHUNK):
        if len(pk) == 1:
            where = pk[0].in_([k[0] for k in chunk])
        else:
            where = tuple_(*pk).in_(chunk)
        conn.execute(delete(target).where(where))


def _json_text(value: Any) -> str:
    return _encode_json(value).decode()


def _copy_converters(conn: Connection, table: Table) -> list[Any]:
    """Per column, what turns a row's value into what the driver takes (None: as it is).

    SQLAlchemy's own bind processors, but plain JSON columns are encoded with msgspec (the
    same JSON values, several times faster than json.dumps).
    """
    dialect = conn.dialect
    out: list[Any] = []
    for c in table.columns:
        if type(c.type) in (JSON, postgresql.JSON, sqlite.JSON) and not c.type.none_as_null:
            out.append(_json_text)
        else:
            out.append(c.type.dialect_impl(dialect).bind_processor(dialect))
    return out


def _sqlite_write(
    conn: Connection, target: Table, shape: Shape, rows: list[dict[str, Any]], *, upsert: bool
) -> None:
    """INSERT (or INSERT ... ON CONFLICT DO UPDATE) many rows with sqlite3's executemany."""
    q = conn.dialect.identifier_preparer
    names = [c.name for c in target.columns]
    sql = (
        f"INSERT INTO {q.format_table(target)} ({', '.join(q.quote(n) for n in names)}) "
        f"VALUES ({', '.join('?' for _ in names)})"
    )
    if upsert:
        keys = ", ".join(q.quote(n) for n in shape.key)
        updates = ", ".join(
            f"{q.quote(n)} = excluded.{q.quote(n)}" for n in names if n not in shape.key
        )
        sql += f" ON CONFLICT ({keys}) " + (f"DO UPDATE SET {updates}" if updates else "DO NOTHING")
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(sql, _values(rows, names, _copy_converters(conn, target)))
    finally:
        cursor.close()


def _pg_copy(
    conn: Connection, target: Table, into: Table | str, rows: list[dict[str, Any]]
) -> None:
    """COPY rows into a table (or a staging table of the same columns) in one stream."""
    q = conn.dialect.identifier_preparer
    name = into if isinstance(into, str) else q.format_table(into)
    columns = [c.name for c in target.columns]
    sql = f"COPY {name} ({', '.join(q.quote(n) for n in columns)}) FROM STDIN"
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        with cursor.copy(sql) as copy:
            write = copy.write_row
            for values in _values(rows, columns, _copy_converters(conn, target)):
                write(values)
    finally:
        cursor.close()


def _values(
    rows: list[dict[str, Any]], columns: list[str], converters: list[Any]
) -> Iterator[list[Any]]:
    """Each row's values in column order, converted where a column needs it."""
    pick = itemgetter(*columns)
    convert = [(i, p) for i, p in enumerate(converters) if p is not None]
    for row in rows:
        values = list(pick(row)) if len(columns) > 1 else [row[columns[0]]]
        for i, p in convert:
            values[i] = p(values[i])
        yield values


def _pg_upsert(conn: Connection, target: Table, shape: Shape, rows: list[dict[str, Any]]) -> None:
    """COPY rows into a temporary staging table, then INSERT ... ON CONFLICT DO UPDATE."""
    q = conn.dialect.identifier_preparer
    stage = _pg_stage(conn, target)
    columns = ", ".join(q.quote(n) for n in shape.names)
    keys = ", ".join(q.quote(n) for n in shape.key)
    updates = ", ".join(
        f"{q.quote(n)} = EXCLUDED.{q.quote(n)}" for n in shape.names if n not in shape.key
    )
    action = f"DO UPDATE SET {updates}" if updates else "DO NOTHING"
    _pg_copy(conn, target, stage, rows)
    conn.exec_driver_sql(
        f"INSERT INTO {q.format_table(target)} ({columns}) SELECT {columns} FROM {stage} "
        f"ON CONFLICT ({keys}) {action}"
    )
    conn.exec_driver_sql(f"DELETE FROM {stage}")


def _pg_stage(conn: Connection, target: Table) -> str:
    """A temporary table of this session with the target's columns (rows go at commit)."""
    import hashlib

    dialect = conn.dialect
    q = dialect.identifier_preparer
    definition = ", ".join(
        f"{q.quote(c.name)} {c.type.compile(dialect=dialect)}" for c in target.columns
    )
    digest = hashlib.sha1(definition.encode()).hexdigest()[:12]
    name = f"pobratym_stage_{digest}"
    # Checked every time: a temporary table made in a transaction that rolled back is gone.
    if conn.exec_driver_sql(f"SELECT to_regclass('pg_temp.{name}')").scalar() is None:
        conn.exec_driver_sql(f"CREATE TEMPORARY TABLE {name} ({definition}) ON COMMIT DELETE ROWS")
    return name


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
