"""SQLAlchemy engines for the read models (and other service tables such as idempotency keys)."""

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, MetaData, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool

metadata = MetaData()
"""Every read-model and service table, for Alembic and for tests."""


def sqlalchemy_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs."""
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def create_read_engine(url: str, *, pool_size: int = 5) -> Engine:
    """An engine for the read database; on SQLite, WAL mode and a busy timeout."""
    sa_url = make_url(sqlalchemy_url(url))
    if sa_url.drivername.startswith("sqlite"):
        in_memory = not sa_url.database or sa_url.database == ":memory:"
        if not in_memory:
            Path(sa_url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            sa_url,
            connect_args={"timeout": 15, "check_same_thread": False},
            # One shared connection, or each would see its own empty in-memory database.
            poolclass=StaticPool if in_memory else None,
            hide_parameters=True,  # errors and logs never quote a row's personal data
        )
        _sqlite_pragmas(engine)
        return engine
    connect_args: dict[str, Any] = {"connect_timeout": 5}
    schema = sa_url.query.get("schema")
    if isinstance(schema, str) and schema:
        # ?schema=NAME keeps a deployment (or a test) in its own PostgreSQL schema.
        sa_url = sa_url.difference_update_query(["schema"])
        connect_args["options"] = f"-csearch_path={schema}"
    return create_engine(
        sa_url,
        pool_size=pool_size,
        max_overflow=10,
        pool_pre_ping=True,
        pool_timeout=5,
        connect_args=connect_args,
        hide_parameters=True,  # errors and logs never quote a row's personal data
    )


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, decide when transactions begin (BEGIN IMMEDIATE below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Take the write lock at the start, so two writers queue instead of failing mid-way;
        # a reader (execution option read_only=True) takes a WAL snapshot and waits for no one.
        read_only = conn.get_execution_options().get("read_only")
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")
