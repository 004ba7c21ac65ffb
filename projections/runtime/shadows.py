"""Shadow tables of a rebuild: `<table>__rb<token>` copies, their indexes, and the swap.

Each rebuild's shadows have names of its own (a stalled rebuild that lost its claim can never
write into its successor's tables); they are created without secondary indexes, which are built
just before the swap (PostgreSQL: under temporary names, renamed in the swap).
"""

import re

from sqlalchemy import Connection, Index, MetaData, Table, text
from sqlalchemy.schema import CreateIndex

SHADOW_MARK = "__rb"


def shadow_of(table: Table, token: str, *, unlogged: bool = False) -> Table:
    """A copy of a table under a shadow name of this rebuild, without secondary indexes.

    `unlogged` (PostgreSQL): no WAL for the many writes of a rebuild; finish() makes it logged
    once, before indexing (a crash empties an unlogged table: a rebuild that died starts over).
    """
    shadow = table.to_metadata(MetaData(), name=f"{table.name}{SHADOW_MARK}{token}")
    shadow.indexes.clear()
    if unlogged:
        shadow._prefixes = ["UNLOGGED"]  # CREATE UNLOGGED TABLE (Table(prefixes=...) after copy)
    return shadow


def _copy_index(index: Index, table: Table, name: str) -> Index:
    copy = Index(
        name,
        *[table.c[c.name] for c in index.columns],
        unique=bool(index.unique),
        **index.dialect_kwargs,
    )
    copy._ddl_if = index._ddl_if
    return copy


_INDEX_DDL = re.compile(r"^CREATE (UNIQUE )?INDEX (\S+) ON (?:ONLY )?(\S+) (USING .*)$", re.S)


def shadow_indexes(conn: Connection, live: Table, shadow: Table, suffix: str) -> list[str]:
    """CREATE INDEX statements giving the shadow every index of the live table (PostgreSQL).

    Copied from the live table's own definitions where it has them (exactly as the migrations
    made them: operator classes, methods), else from the code's declarations.
    """
    q = conn.dialect.identifier_preparer
    found = conn.execute(
        text(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "JOIN pg_class c ON c.relname = i.indexname "
            "JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = i.schemaname "
            "WHERE i.schemaname = current_schema() AND i.tablename = :table "
            # Not the primary key's nor a constraint's: the shadow's CREATE TABLE made those.
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)"
        ),
        {"table": live.name},
    ).all()
    out: list[str] = []
    seen = set()
    for name, definition in found:
        match = _INDEX_DDL.match(definition)
        if match is None:
            continue
        unique, _, _, rest = match.groups()
        seen.add(name)
        new_name = q.quote(f"{name}{suffix}")
        out.append(f"CREATE {unique or ''}INDEX {new_name} ON {q.format_table(shadow)} {rest}")
    for index in live.indexes:
        if index.name not in seen:
            copy = _copy_index(index, shadow, f"{index.name}{suffix}")
            out.append(str(CreateIndex(copy).compile(dialect=conn.dialect)))
    return out


def swap(conn: Connection, live: Table, shadow: Table, suffix: str, postgres: bool) -> None:
    """Drop the live table and give the shadow its name, and its indexes their names."""
    q = conn.dialect.identifier_preparer.quote
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {q(live.name)}")
    conn.exec_driver_sql(f"ALTER TABLE {q(shadow.name)} RENAME TO {q(live.name)}")
    if not postgres:
        # SQLite cannot rename an index: build the live table's indexes under their own names.
        for index in live.indexes:
            index.create(conn)
        return
    found = conn.execute(
        text(
            "SELECT indexname FROM pg_indexes "
            "WHERE schemaname = current_schema() AND tablename = :table"
        ),
        {"table": live.name},
    ).scalars()
    for index_name in list(found):
        if index_name.endswith(suffix):
            new_name = index_name.removesuffix(suffix)
        elif index_name.startswith(shadow.name):
            # The primary key's index (and with it the constraint): <shadow>_pkey -> <live>_pkey.
            new_name = live.name + index_name.removeprefix(shadow.name)
        else:
            continue
        conn.exec_driver_sql(f"ALTER INDEX {q(index_name)} RENAME TO {q(new_name)}")
