"""Fixtures: stores on SQLite and on a throwaway PostgreSQL database, runtimes, HTTP clients."""

import os
import socket
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import psycopg
import pytest
from litestar.testing import TestClient

from application.clock import FixedClock
from infrastructure.bootstrap import Runtime, build
from infrastructure.migrations import upgrade
from infrastructure.settings import Settings
from infrastructure.tokens import issue_token

PG_HOST = os.environ.get("POBRATYM_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("POBRATYM_TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("POBRATYM_TEST_PG_USER", "postgres")
IN_CI = os.environ.get("CI", "").lower() == "true"
SECRET = "test-secret-" + "x" * 40
TODAY = date(2026, 11, 23)


def _pg_reachable() -> bool:
    try:
        with socket.create_connection((PG_HOST, PG_PORT), timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A throwaway PostgreSQL database for this test run (dropped at the end)."""
    if not _pg_reachable():
        message = (
            f"PostgreSQL is not reachable on {PG_HOST}:{PG_PORT}: the PostgreSQL half of the "
            "suite is NOT running. Start it with: pg_ctlcluster --skip-systemctl-redirect "
            "$(ls /etc/postgresql) main start"
        )
        if IN_CI:
            pytest.fail(message + " (CI=true: PostgreSQL tests must run)")
        pytest.skip(message)
    name = f"pobratym_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = f"host={PG_HOST} port={PG_PORT} user={PG_USER} dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_urls(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str]:
    """(event store URL, read-model URL) on SQLite files, or in a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'events.sqlite3'}", f"sqlite:///{tmp_path / 'read.sqlite3'}"
    base = request.getfixturevalue("pg_database")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    url = f"{base}?schema={schema}"
    return url, url


def make_settings(events_url: str, read_url: str, **overrides: object) -> Settings:
    """Settings for a test store."""
    values: dict[str, object] = {
        "database_url": events_url,
        "read_database_url": read_url,
        "secret_key": SECRET,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def replace_settings(settings: Settings, **changes: object) -> Settings:
    """A copy of settings with some values changed, validated like the original."""
    return Settings(**{**settings.model_dump(), **changes})  # type: ignore[arg-type]


@pytest.fixture
def clock() -> FixedClock:
    """The business clock, fixed at noon Kyiv time on 2026-11-23 (move it with .set())."""
    return FixedClock.on(TODAY)


@pytest.fixture
def runtime(store_urls: tuple[str, str], clock: FixedClock) -> Iterator[Runtime]:
    """A migrated runtime on SQLite and on PostgreSQL."""
    settings = make_settings(*store_urls)
    upgrade(settings)
    rt = build(settings, clock)
    try:
        yield rt
    finally:
        rt.close()


@pytest.fixture
def memory_runtime(clock: FixedClock, tmp_path: Path) -> Iterator[Runtime]:
    """A runtime on the in-memory event store (fast application tests)."""
    settings = make_settings("memory", f"sqlite:///{tmp_path / 'read.sqlite3'}")
    upgrade(settings)
    rt = build(settings, clock)
    try:
        yield rt
    finally:
        rt.close()


# Subjects (and roles) this module issued tokens to. Tokens must name an enabled account holding
# the role (issue 13); a subject issued here that has no account passes instead, so the suite's
# many tests need not open accounts first. A subject that has an account is checked for real.
ISSUED: set[tuple[str, str]] = set()


def token(role: str, user: str | None = None) -> str:
    """A valid token for a role."""
    subject = user or f"{role}-user"
    ISSUED.add((subject, role))
    return issue_token(SECRET, subject, role)


@pytest.fixture(autouse=True)
def _tokens_of_the_test_helper_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the subjects of `token()`/`auth()` without an account act (see ISSUED)."""
    from infrastructure.identity import Identity

    monkeypatch.setattr(Identity, "unknown_subject", lambda s, r: (s, r) in ISSUED)


def auth(role: str = "admin", user: str | None = None) -> dict[str, str]:
    """Authorization headers for a role."""
    return {"Authorization": f"Bearer {token(role, user)}"}


@pytest.fixture
def client_for() -> Iterator[Callable[[Runtime], TestClient]]:
    """Make a test client for a runtime."""
    from interfaces.http.app import create_app

    clients: list[TestClient] = []

    def make(rt: Runtime) -> TestClient:
        c = TestClient(create_app(rt), raise_server_exceptions=False)
        c.__enter__()
        clients.append(c)
        return c

    yield make
    for c in clients:
        c.__exit__(None, None, None)


@pytest.fixture
def client(runtime: Runtime, client_for: Callable[[Runtime], TestClient]) -> TestClient:
    """An HTTP client on SQLite and on PostgreSQL."""
    return client_for(runtime)
