"""Helpers for projection tests: feeding events directly, snapshots of tables, a counting model."""

import time
from datetime import date
from typing import Any

from sqlalchemy import BigInteger, Column, Engine, Integer, MetaData, String, Table, select

from application.service import Caller
from domain.partner import Partner
from projections.runtime.projection import Projection, handles
from projections.runtime.rows import Rows
from tests.agreements.builders import ctx

OLENA = Caller(actor="olena")


def feed(read_engine: Engine, projection: Projection, events: list[Any], start: int = 1) -> int:
    """Apply domain events to a projection in one transaction, at positions start, start+1, ..."""
    position = start - 1
    with read_engine.begin() as conn:
        rows = Rows(conn)
        for position, event in enumerate(events, start):
            projection.apply(rows, event, position)
        rows.flush()
    return position + 1


def events_of(*aggregates: Any) -> list[Any]:
    """The pending events of aggregates, in order."""
    out: list[Any] = []
    for aggregate in aggregates:
        out += aggregate.collect_events()
    return out


def partner(name: str, country: str = "DE", **facts: Any) -> Partner:
    """A registered partner, not stored."""
    facts.setdefault("kind", "city")
    return Partner.register(ctx(), name=name, country=country, **facts)


def snapshot(read_engine: Engine, tables: tuple[Table, ...]) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables, sorted, for comparing two builds row for row."""
    out = {}
    with read_engine.connect().execution_options(read_only=True) as conn:
        for table in tables:
            rows = [tuple(r) for r in conn.execute(select(table))]
            out[table.name] = sorted(rows, key=repr)
    return out


def register_partners(runtime: Any, n: int, prefix: str = "City") -> list[Partner]:
    """Register n partners in one save (n events in one transaction)."""
    made = [
        Partner.register(
            ctx(date(2026, 11, 23)), name=f"{prefix} {i:04d}", country="PL", kind="city"
        )
        for i in range(n)
    ]
    runtime.app.save(*made)
    return made


# -- a projection that counts what it is given, to prove exactly-once ---------------------------

counting_metadata = MetaData()
counted = Table(
    "test_counted",
    counting_metadata,
    Column("position", BigInteger, primary_key=True, autoincrement=False),
    Column("name", String(200), nullable=False),
    Column("worker", String(20), nullable=False),
)
tally = Table(
    "test_tally",
    counting_metadata,
    Column("key", String(20), primary_key=True),
    Column("n", Integer, nullable=False),
)


class CountingProjection(Projection):
    """Counts registered partners; a tally applied twice would show double."""

    name = "counting"
    version = 1
    tables = (counted, tally)
    worker = "main"
    delay = 0.0
    fail_on: str | None = None
    stall_on: str | None = None
    stall_marker: str | None = None

    @handles(Partner.Registered)
    def registered(self, rows: Rows, e: Any, position: int) -> None:
        """Count one partner."""
        if self.fail_on and e.name == self.fail_on:
            raise RuntimeError(f"cannot count {e.name}")
        if self.stall_on and e.name == self.stall_on:
            with open(self.stall_marker or "", "w") as f:
                f.write(str(position))
            time.sleep(120)  # the test kills the process here, mid-batch
        if self.delay:
            time.sleep(self.delay)
        rows.put(counted, {"position": position, "name": e.name, "worker": self.worker})
        current = rows.get(tally, "all")
        rows.put(tally, {"key": "all", "n": (current["n"] if current else 0) + 1})


def counts(read_engine: Engine) -> tuple[int, int]:
    """(rows counted, tally): equal, and equal to the events, when nothing was lost or doubled."""
    with read_engine.connect().execution_options(read_only=True) as conn:
        n_rows = len(conn.execute(select(counted.c.position)).all())
        total = conn.execute(select(tally.c.n).where(tally.c.key == "all")).scalar() or 0
    return n_rows, total
