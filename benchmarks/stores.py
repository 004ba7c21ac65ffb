"""The stores a run measures: a generated data set on PostgreSQL or SQLite."""

import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import psycopg

from benchmarks import data
from benchmarks.harness import ROOT, SECRET, TODAY, log


@dataclass
class Store:
    """One event store and read database with a runtime built on it."""

    kind: str  # "postgres" | "sqlite"
    url: str
    read_url: str
    rt: Any
    generator: data.Generator | None = None
    events: int = 0
    cases: int = 0
    states: dict[uuid.UUID, bool] = field(default_factory=dict)  # agreement -> suspended?

    def env(self) -> dict[str, str]:
        """Environment of a server or worker process on this store."""
        env = dict(os.environ)
        env.update(
            POBRATYM_DATABASE_URL=self.url,
            POBRATYM_READ_DATABASE_URL=self.read_url,
            POBRATYM_SECRET_KEY=SECRET,
            PYTHONPATH=str(ROOT),
        )
        return env


def build_store(kind: str, url: str, read_url: str) -> Store:
    """Migrate and build a runtime on a store."""
    from application.clock import FixedClock
    from infrastructure.bootstrap import build
    from infrastructure.migrations import upgrade
    from infrastructure.settings import Settings

    settings = Settings(database_url=url, read_database_url=read_url, secret_key=SECRET)
    upgrade(settings)
    rt = build(settings, FixedClock.on(TODAY))
    return Store(kind, url, read_url, rt)


def grow(store: Store, cases: int) -> float:
    """Write `cases` more generated cases into the store; returns the seconds it took."""
    began = time.perf_counter()
    if store.generator is None:
        store.generator = data.Generator(store.rt.app.mapper, data.partners_for(max(cases, 10_000)))
    for _, written in data.generate(store.rt.app, cases, store.generator):
        store.events += written
    store.cases += cases
    for agreement_id in store.generator.in_force:
        store.states.setdefault(agreement_id, False)
    seconds = time.perf_counter() - began
    log(f"{store.kind}: {store.cases:,} cases, {store.events:,} events ({seconds:.1f} s)")
    return seconds


@contextmanager
def pg_database(admin: str, name: str) -> Iterator[str]:
    """A throwaway PostgreSQL database; dropped at the end."""
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    info = psycopg.conninfo.conninfo_to_dict(admin)
    user = info.get("user", "postgres")
    host = info.get("host", "127.0.0.1")
    port = info.get("port", 5432)
    try:
        yield f"postgresql://{user}@{host}:{port}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
