"""The unit of work of one batch: rows read and changed by the handlers, written once at the end.

Handlers write through `rows` and never query the event store. They name the module-level (live)
tables; during a rebuild `rows` writes to the shadow copies instead (`table_map`).
"""

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from sqlalchemy import Connection, Table, any_, bindparam, select, tuple_
from sqlalchemy.dialects import postgresql

from projections.runtime.bulk import write_rows
from projections.runtime.shape import CHUNK, Key, Shape, chunks, shape_of


class MissingRow(LookupError):
    """A handler updated a row that is not there: the read model and the log disagree."""


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
        for chunk in chunks(wanted, CHUNK):
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
        for chunk in chunks(wanted, CHUNK):
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
