"""Fixtures of the reliability tests: a migrated PostgreSQL schema for servers, the figures."""

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.reliability.support import cli, server_env

FIGURES: list[tuple[str, dict[str, Any]]] = []


@pytest.fixture
def figures(request: pytest.FixtureRequest) -> Iterator[dict[str, Any]]:
    """Counts a test reports (commands tried, conflicts, crashes...): shown after the run."""
    found: dict[str, Any] = {}
    yield found
    if found:
        FIGURES.append((request.node.nodeid.split("::")[-1], found))


@pytest.fixture(scope="module")
def module_figures(request: pytest.FixtureRequest) -> Iterator[dict[str, Any]]:
    """Counts the tests of one module add up (in any order): shown after the run."""
    found: dict[str, Any] = {}
    yield found
    if found:
        FIGURES.append((request.module.__name__.rsplit(".", 1)[-1], found))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print the figures of the reliability tests."""
    if not FIGURES:
        return
    terminalreporter.section("reliability figures")
    for name, found in FIGURES:
        shown = ", ".join(f"{k}={v}" for k, v in found.items())
        terminalreporter.write_line(f"{name}: {shown}")


@pytest.fixture
def pg_url(pg_database: str) -> str:
    """A fresh schema of the test database (URL with ?schema=), not migrated."""
    schema = f"r_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_database, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    return f"{pg_database}?schema={schema}"


@pytest.fixture
def served_env(pg_url: str, tmp_path: Path) -> dict[str, str]:
    """The environment of servers on a migrated PostgreSQL schema (`pobratym db upgrade` run)."""
    env = server_env(pg_url, tmp_path)
    cli(env, "db", "upgrade")
    return env
