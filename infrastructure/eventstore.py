"""Configures the eventsourcing persistence module from POBRATYM_DATABASE_URL."""

from pathlib import Path

from sqlalchemy.engine import make_url

MAPPER_TOPIC = "infrastructure.transcoder:MsgspecMapper"
# eventsourcing's PostgreSQL module with bounded retries: an outage answers 503 within seconds.
POSTGRES_FACTORY_TOPIC = "infrastructure.pgstore:PostgresBoundedFactory"
# How long a request may wait for a pooled connection (or a new one) before it answers 503.
POOL_TIMEOUT_SECONDS = "2"
# How long a writer waits for the events table's lock, and how long any one statement of a save
# may run, before the save fails (503): no session holds the events lock for more than seconds.
LOCK_TIMEOUT_SECONDS = "5"
WRITE_STATEMENT_TIMEOUT_SECONDS = "5"
# A session idle inside an open transaction is ended by the server after this long.
IDLE_IN_TRANSACTION_SECONDS = "10"


def event_store_env(database_url: str, *, pool_size: int = 5) -> dict[str, str]:
    """The eventsourcing environment for a database URL: memory, sqlite:/// or postgresql://."""
    env = {"MAPPER_TOPIC": MAPPER_TOPIC}
    if database_url == "memory":
        env["PERSISTENCE_MODULE"] = "eventsourcing.popo"
        return env
    if database_url.startswith("sqlite:"):
        path = database_url.removeprefix("sqlite:///")
        if not path or path == ":memory:":
            raise ValueError("use 'memory' for an in-memory store, or sqlite:///path/to/file")
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        env.update(
            PERSISTENCE_MODULE="eventsourcing.sqlite",
            SQLITE_DBNAME=path,
            SQLITE_LOCK_TIMEOUT="15",
        )
        return env
    url = make_url(database_url)
    if not url.drivername.startswith("postgres"):
        raise ValueError(f"unsupported database URL scheme: {url.drivername}")
    schema = url.query.get("schema")
    if isinstance(schema, str) and schema:
        env["POSTGRES_SCHEMA"] = schema
    env.update(
        PERSISTENCE_MODULE=POSTGRES_FACTORY_TOPIC,
        POSTGRES_DBNAME=url.database or "postgres",
        POSTGRES_HOST=url.host or "127.0.0.1",
        POSTGRES_PORT=str(url.port or 5432),
        POSTGRES_USER=url.username or "postgres",
        # The library insists on a password setting even when the server trusts the client.
        POSTGRES_PASSWORD=url.password or "",
        # How long a call waits for a pooled connection before it fails (seconds): then 503.
        POSTGRES_CONNECT_TIMEOUT=POOL_TIMEOUT_SECONDS,
        POSTGRES_LOCK_TIMEOUT=LOCK_TIMEOUT_SECONDS,
        POSTGRES_WRITE_STATEMENT_TIMEOUT=WRITE_STATEMENT_TIMEOUT_SECONDS,
        POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT=IDLE_IN_TRANSACTION_SECONDS,
        POSTGRES_POOL_SIZE=str(pool_size),
        POSTGRES_MAX_OVERFLOW="10",
        POSTGRES_PRE_PING="y",
        # Never skip the table lock: subscribers would miss events under concurrent writers.
        POSTGRES_ENABLE_DB_FUNCTIONS="n",
    )
    return env
