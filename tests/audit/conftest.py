"""Fixtures of the audit tests: a runtime on PostgreSQL only, for what only PostgreSQL does."""

import uuid
from collections.abc import Iterator

import psycopg
import pytest

from infrastructure.bootstrap import Runtime, build
from infrastructure.migrations import upgrade
from tests.conftest import make_settings


@pytest.fixture
def pg_runtime(pg_database: str, clock) -> Iterator[Runtime]:
    """A migrated runtime in a fresh PostgreSQL schema."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_database, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    url = f"{pg_database}?schema={schema}"
    settings = make_settings(url, url)
    upgrade(settings)
    rt = build(settings, clock)
    try:
        yield rt
    finally:
        rt.close()
