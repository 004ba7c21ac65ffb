"""`pobratym db upgrade`: create or migrate the event store and the read-model schema.

The read database is migrated by Alembic (infrastructure/alembic/versions/, one file per
change); a new table needs a new revision there, or `tests/projections/test_migrations.py` fails.
"""

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, MetaData, text
from sqlalchemy.engine import make_url

from application.casework import Casework
from infrastructure.eventstore import event_store_env
from infrastructure.readdb import create_read_engine, metadata, sqlalchemy_url
from infrastructure.settings import Settings

ALEMBIC_DIR = Path(__file__).resolve().parent / "alembic"


def target_metadata() -> list[MetaData]:
    """Every table the migrations own: service tables and the projections' read models."""
    import infrastructure.audit_chain  # registers the seals table (audit_chain)
    import infrastructure.feed_tokens  # registers feed_tokens
    import infrastructure.idempotency  # registers its table on the metadata
    import infrastructure.identity  # registers credentials, sessions, API keys, throttle
    import infrastructure.keyvault  # registers personal_data_keys
    import infrastructure.outbox  # noqa: F401 - registers reminder_deliveries
    from projections.schema import metadata as read_models

    return [metadata, read_models]


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    """An Alembic configuration built in code (no alembic.ini): over a connection or a URL."""
    config = Config()
    config.set_main_option("script_location", str(ALEMBIC_DIR))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def upgrade_read_models(engine: Engine, schema: str | None = None) -> None:
    """Bring the read database to the newest schema (idempotent), in one transaction."""
    with engine.begin() as conn:
        if schema and conn.dialect.name == "postgresql":
            quoted = conn.dialect.identifier_preparer.quote(schema)
            conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {quoted}"))
        # "heads": two features that each added a revision on the same parent both apply.
        command.upgrade(alembic_config(conn), "heads")


def _schema_of(url: str) -> str | None:
    schema = make_url(sqlalchemy_url(url)).query.get("schema")
    return schema if isinstance(schema, str) and schema else None


def upgrade(settings: Settings) -> list[str]:
    """Create or migrate everything; running it twice is harmless. Returns what was done."""
    env = event_store_env(settings.database_url)
    env["CREATE_TABLE"] = "y"
    schema = _schema_of(settings.database_url) if settings.is_postgres else None
    if schema:
        # A fresh database (a restore drill, a new deployment) has no schema for the events yet.
        engine = create_read_engine(settings.database_url)
        try:
            with engine.begin() as conn:
                quoted = conn.dialect.identifier_preparer.quote(schema)
                conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {quoted}"))
        finally:
            engine.dispose()
    app = Casework(env=env)
    app.close()
    if settings.is_postgres:
        # Attached files live beside the events (issue 18): one backup holds both.
        from infrastructure.files.postgres import create_file_tables

        engine = create_read_engine(settings.database_url)
        try:
            create_file_tables(engine)
        finally:
            engine.dispose()
    engine = create_read_engine(settings.read_url)
    try:
        upgrade_read_models(engine, _schema_of(settings.read_url))
    finally:
        engine.dispose()
    return [
        f"event store ready ({_safe(settings.database_url)})",
        f"read models ready ({_safe(settings.read_url)})",
    ]


def _safe(url: str) -> str:
    """A URL without its password, for printing."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}@{host}"
    return url
