"""`pobratym doctor`: is this installation ready to serve? One line per check, non-zero if not."""

import socket
import sqlite3
import sys
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import click

from infrastructure.settings import ConfigurationError, Settings

CONNECT_TIMEOUT_SECONDS = 3
EVENT_TABLES = {"sqlite": "stored_events", "postgresql": "pobratym_events"}


class Report:
    """The checks' outcomes, printed as they come."""

    def __init__(self) -> None:
        self.problems = 0

    def ok(self, check: str, detail: str) -> None:
        """A check that passed."""
        click.echo(f"ok       {check}: {detail}")

    def problem(self, check: str, detail: str) -> None:
        """A check that failed, with what to fix."""
        self.problems += 1
        click.echo(f"PROBLEM  {check}: {detail}")


@click.command()
@click.option(
    "--reach",
    is_flag=True,
    help=f"also connect to the SMTP server and the webhook host ({CONNECT_TIMEOUT_SECONDS} s)",
)
def doctor(reach: bool) -> None:
    """Check the settings, the databases, migrations, the secret, e-mail and webhook settings."""
    report = Report()
    try:
        settings = Settings.from_env()
    except ConfigurationError as e:
        for line in e.lines:
            report.problem("configuration", line)
        sys.exit(1)
    report.ok("configuration", f"valid (POBRATYM_HOME={settings.home})")
    now = datetime.now(ZoneInfo(settings.timezone))
    report.ok("time zone", f"{settings.timezone} (now {now:%Y-%m-%d %H:%M %z})")
    _secret(settings, report)
    _event_store(settings, report)
    _read_models(settings, report)
    _smtp(settings, report, reach)
    _webhook(settings, report, reach)
    if report.problems:
        click.echo(f"{report.problems} problem(s) found")
        sys.exit(1)


def _secret(settings: Settings, report: Report) -> None:
    if not settings.secret_key:
        if settings.is_postgres:
            report.problem("secret", "POBRATYM_SECRET_KEY is not set: set it in the env file")
        else:
            report.ok("secret", f"none yet: `pobratym serve` creates one in {settings.home}")
    elif settings.is_postgres and settings.secret_is_generated:
        report.problem(
            "secret",
            f"the development secret from {settings.home} on PostgreSQL: "
            "set POBRATYM_SECRET_KEY to a secret of your own",
        )
    else:
        origin = "development file" if settings.secret_is_generated else "POBRATYM_SECRET_KEY"
        report.ok("secret", f"{origin}, {len(settings.secret_key.encode())} bytes")


def _sqlite_file(url: str) -> Path | None:
    return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None


def _event_store(settings: Settings, report: Report) -> None:
    url = settings.database_url
    if url == "memory":
        report.ok("event store", "in memory: nothing is kept after the process ends")
        return
    path = _sqlite_file(url)
    if path is not None:
        if not path.is_file():
            report.problem("event store", f"{path} does not exist: run `pobratym db upgrade`")
            return
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as conn:
                found = conn.execute(
                    "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?",
                    (EVENT_TABLES["sqlite"],),
                ).fetchone()
        except sqlite3.Error as e:
            report.problem("event store", f"{path} cannot be read ({e.__class__.__name__})")
            return
        if not found:
            report.problem("event store", f"no event table in {path}: run `pobratym db upgrade`")
        else:
            report.ok("event store", f"SQLite {path}")
        return
    tables = _postgres_tables(url, report, "event store")
    if tables is None:
        return
    if EVENT_TABLES["postgresql"] not in tables:
        report.problem("event store", "no event table: run `pobratym db upgrade`")
    else:
        report.ok("event store", f"PostgreSQL {_where(url)}")


def _where(url: str) -> str:
    """Host, port and database of a URL, never its credentials."""
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port or 5432}{parts.path}"


def _postgres_tables(url: str, report: Report, check: str) -> set[str] | None:
    import psycopg
    from sqlalchemy.engine import make_url

    from infrastructure.readdb import sqlalchemy_url

    sa = make_url(sqlalchemy_url(url))
    schema = sa.query.get("schema")
    try:
        with psycopg.connect(
            host=sa.host or "127.0.0.1",
            port=sa.port or 5432,
            dbname=sa.database or "postgres",
            user=sa.username or "postgres",
            password=sa.password or None,
            connect_timeout=CONNECT_TIMEOUT_SECONDS,
        ) as conn:
            rows = conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                (schema if isinstance(schema, str) and schema else "public",),
            ).fetchall()
    except psycopg.Error as e:
        report.problem(
            check,
            f"cannot connect to PostgreSQL at {_where(url)} ({e.__class__.__name__}): "
            "check POBRATYM_DATABASE_URL and that the server is running",
        )
        return None
    return {r[0] for r in rows}


def _read_models(settings: Settings, report: Report) -> None:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from infrastructure.migrations import alembic_config
    from infrastructure.readdb import create_read_engine

    url = settings.read_url
    heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
    path = _sqlite_file(url)
    if path is not None and not path.is_file():
        report.problem("read models", f"{path} does not exist: run `pobratym db upgrade`")
        return
    if url.startswith("postgres") and _postgres_tables(url, report, "read models") is None:
        return
    engine = create_read_engine(url, pool_size=1)
    try:
        with engine.connect() as conn:
            current = set(MigrationContext.configure(conn).get_current_heads())
    except Exception as e:
        report.problem("read models", f"cannot be read ({e.__class__.__name__})")
        return
    finally:
        engine.dispose()
    if current == heads:
        report.ok("read models", f"migrated to {', '.join(sorted(heads))}")
    else:
        at = ", ".join(sorted(current)) or "nothing"
        report.problem(
            "read models",
            f"at {at}, the code expects {', '.join(sorted(heads))}: run `pobratym db upgrade`",
        )


def _reachable(host: str, port: int) -> str | None:
    try:
        with socket.create_connection((host, port), timeout=CONNECT_TIMEOUT_SECONDS):
            return None
    except OSError as e:
        return e.__class__.__name__


def _smtp(settings: Settings, report: Report, reach: bool) -> None:
    from infrastructure.delivery.smtp import SmtpServer

    if not settings.smtp_url:
        report.ok("e-mail", "not configured (POBRATYM_SMTP_URL): reminders are not e-mailed")
        return
    server = SmtpServer.parse(settings.smtp_url)
    where = f"{server.host}:{server.port} ({server.security})"
    if reach and (why := _reachable(server.host, server.port)):
        report.problem("e-mail", f"cannot reach {where}: {why}; check POBRATYM_SMTP_URL")
        return
    report.ok("e-mail", f"{where}, {settings.email_mode}, from {settings.smtp_from}")


def _webhook(settings: Settings, report: Report, reach: bool) -> None:
    if not settings.webhook_url:
        report.ok("webhook", "not configured (POBRATYM_WEBHOOK_URL)")
        return
    parts = urlsplit(settings.webhook_url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if not settings.webhook_secret:
        report.problem("webhook", "POBRATYM_WEBHOOK_SECRET is not set: receivers cannot verify")
        return
    if reach and (why := _reachable(host, port)):
        report.problem("webhook", f"cannot reach {host}:{port}: {why}; check POBRATYM_WEBHOOK_URL")
        return
    report.ok("webhook", f"{parts.scheme}://{host}:{port}")
