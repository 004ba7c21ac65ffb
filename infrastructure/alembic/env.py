"""Alembic environment for the read database (run by infrastructure.migrations, in code)."""

from alembic import context

from infrastructure.migrations import target_metadata
from infrastructure.readdb import create_read_engine

config = context.config


def run() -> None:
    """Migrate over the caller's connection (or one opened from the configured URL)."""
    if context.is_offline_mode():
        raise SystemExit("offline (SQL script) migrations are not supported; use `db upgrade`")
    connection = config.attributes.get("connection")
    if connection is None:
        engine = create_read_engine(config.get_main_option("sqlalchemy.url") or "")
        with engine.begin() as conn:
            _migrate(conn)
        engine.dispose()
    else:
        _migrate(connection)


def _migrate(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata(),
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
