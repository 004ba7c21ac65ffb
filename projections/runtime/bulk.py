"""Writing a batch's rows: plain INSERT for few rows, COPY (PostgreSQL) or sqlite3's executemany
for many, upserts through a staging table; JSON encoded with msgspec."""

import hashlib
from collections.abc import Iterator, Sequence
from operator import itemgetter
from typing import Any

import msgspec
from sqlalchemy import JSON, Connection, Table, delete, insert, tuple_
from sqlalchemy.dialects import postgresql, sqlite

from projections.runtime.shape import Key, Shape, chunks

COPY_MIN_ROWS = 50
"""From this many rows of a table in one flush, PostgreSQL gets them by COPY."""

_encode_json = msgspec.json.Encoder().encode


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
    for chunk in chunks(keys):
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
