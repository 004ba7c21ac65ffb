"""The `pobratym` command line: serve, db upgrade, token issue, demo load, and more."""

import json
import sys
from importlib.metadata import PackageNotFoundError, version

import click

from infrastructure.settings import Settings, ensure_dev_secret, secret_problem
from infrastructure.tokens import ROLES, parse_ttl
from interfaces.cli_audit import audit
from interfaces.cli_doctor import doctor
from interfaces.cli_projections import projections
from interfaces.cli_reminders import reminders
from interfaces.cli_reports import reports
from interfaces.cli_settings import load_settings
from interfaces.cli_users import users


def _settings() -> Settings:
    return load_settings()


def installed_version() -> str:
    """The installed release of pobratym (from the package metadata)."""
    try:
        return version("pobratym")
    except PackageNotFoundError:
        return "unknown (not installed: pip install --no-deps .)"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(installed_version(), "-V", "--version", prog_name="pobratym")
def main() -> None:
    """Pobratym: case management for a council's department of international cooperation."""


@main.group()
def db() -> None:
    """The databases."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the event store and the read models (safe to run twice)."""
    from infrastructure.migrations import upgrade

    for line in upgrade(_settings()):
        click.echo(line)


@main.group()
def token() -> None:
    """Bearer tokens."""


@token.command("issue")
@click.option("--user", required=True, help="an existing, enabled account's login (the actor)")
@click.option("--role", required=True, type=click.Choice(ROLES), help="a role the account holds")
@click.option("--ttl", default="8h", show_default=True, help="lifetime, e.g. 30m, 8h, 7d")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def token_issue(user: str, role: str, ttl: str, as_json: bool) -> None:
    """Issue a signed token for an existing, enabled account in a role it holds."""
    settings = _settings()
    if not settings.secret_key:
        raise click.ClickException(
            "no secret: set POBRATYM_SECRET_KEY, or POBRATYM_HOME to the directory holding the "
            f"development secret (none in {settings.home}; `make run` creates one)"
        )
    try:
        seconds = parse_ttl(ttl)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--ttl") from None
    from application.errors import ApplicationError
    from infrastructure.bootstrap import build

    runtime = build(settings)
    try:
        value = runtime.identity.issue_for(user, role, seconds)
    except ApplicationError as e:
        raise click.ClickException(f"refused: {e}") from None
    finally:
        runtime.close()
    if as_json:
        click.echo(json.dumps({"token": value, "user": user, "role": role, "ttl_seconds": seconds}))
    else:
        click.echo(value)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int)
def serve(host: str, port: int, workers: int) -> None:
    """Serve the HTTP API (on SQLite the projections run in-process)."""
    import os

    import uvicorn

    settings = _settings()
    if not settings.secret_key:
        if settings.is_postgres:
            raise click.ClickException("set POBRATYM_SECRET_KEY before serving on PostgreSQL")
        ensure_dev_secret(settings.home)
        settings = _settings()
    if problem := secret_problem(settings.secret_key):
        raise click.ClickException(problem)
    if settings.is_postgres and settings.secret_is_generated:
        raise click.ClickException(
            f"refusing to serve PostgreSQL with the development secret from {settings.home}: "
            "set POBRATYM_SECRET_KEY to a secret of your own"
        )
    if not settings.is_postgres:
        _first_administrator(settings, host, port)
    from interfaces.http.server import SERVER_OPTIONS

    os.environ.setdefault("POBRATYM_SECRET_KEY", settings.secret_key)
    os.environ["POBRATYM_HOME"] = str(settings.home)  # the workers find the same home
    uvicorn.run(
        "interfaces.http.asgi:create",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        **SERVER_OPTIONS,
    )


def _first_administrator(settings: Settings, host: str, port: int) -> None:
    """On an empty store, the first administrator and its one-time password (printed once)."""
    from infrastructure.bootstrap import build

    runtime = build(settings)
    try:
        password = runtime.identity.bootstrap(
            "admin", "Administrator", "admin@localhost.localdomain"
        )
    except Exception:
        click.echo("No accounts yet: run `pobratym db upgrade`, then `pobratym users bootstrap`.")
        password = None
    finally:
        runtime.close()
    if password is not None:
        click.echo("First administrator: admin")
        click.echo(f"One-time password (shown once): {password}\n")
        click.echo(
            f"  Open the staff console at http://{host}:{port}/ and sign in as admin: it asks for"
            " a new password on the way in."
        )
        click.echo("  Or over the API: change it, then sign in (or make a key at POST /auth/keys):")
        click.echo(
            f"  curl -X POST http://{host}:{port}/auth/password -H 'Content-Type: "
            'application/json\' -d \'{"login": "admin", "old_password": "...", '
            '"new_password": "..."}\'\n'
        )
    click.echo(f"Staff console: http://{host}:{port}/")
    click.echo(f"API documentation: http://{host}:{port}/schema\n")


@main.group()
def demo() -> None:
    """The public Kharkiv demo data set."""


@demo.command("load")
def demo_load() -> None:
    """Load partners, agreements, FOI requests, aid shipments, engagements and projects."""
    from infrastructure.bootstrap import build
    from interfaces.demo import load

    runtime = build(_settings())
    try:
        for line in load(runtime):
            click.echo(line)
    finally:
        runtime.close()


main.add_command(audit)
main.add_command(doctor)
main.add_command(projections)
main.add_command(reminders)
main.add_command(reports)
main.add_command(users)


def run() -> None:
    """Entry point that never shows a traceback for a user error."""
    try:
        main(standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    run()
