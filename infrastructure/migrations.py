"""`pobratym db upgrade`: create or migrate the event store and the read-model schema."""

from sqlalchemy import Engine

from application.casework import Casework
from infrastructure.eventstore import event_store_env
from infrastructure.readdb import create_read_engine, metadata
from infrastructure.settings import Settings


def upgrade_read_models(engine: Engine) -> None:
    """Bring the read database to the newest schema (idempotent)."""
    import infrastructure.idempotency  # noqa: F401 - registers its table on the metadata

    metadata.create_all(engine)


def upgrade(settings: Settings) -> list[str]:
    """Create or migrate everything; running it twice is harmless. Returns what was done."""
    env = event_store_env(settings.database_url)
    env["CREATE_TABLE"] = "y"
    app = Casework(env=env)
    app.close()
    engine = create_read_engine(settings.read_url)
    try:
        upgrade_read_models(engine)
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
