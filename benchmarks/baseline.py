"""Baselines measured beside our figures: eventsourcing's own loop and runner, and our engine on
the same simple projection (importable event classes: never define them in `__main__`).

- `Counter`/`LoopApp`: a minimal Application + Aggregate, the library's plain get-command-save.
- `StatusView`/`StatusRunnerProjection`: a comparable simple read model for eventsourcing's
  ProjectionRunner (one row per agreement: reference, status, version), one event per view
  transaction with its tracking record, as the library does it.
- `StatusProjection`: the same read model on our engine (batched), on its own MetaData so the
  migrations never see it.
"""

from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.projection import Projection as LibraryProjection
from eventsourcing.utils import get_topic
from psycopg.sql import SQL, Identifier
from sqlalchemy import BigInteger, Column, Integer, MetaData, String, Table, Uuid

from domain.agreement import Agreement
from projections.runtime.projection import Projection, handles
from projections.runtime.rows import Rows


class Counter(Aggregate):
    """The smallest useful aggregate: one command, one event."""

    count: int

    @event("Created")
    def __init__(self) -> None:
        self.count = 0

    @event("Touched")
    def touch(self, note: str) -> None:
        """One more."""
        self.count += 1


class LoopApp(Application):
    """A plain eventsourcing Application with the library's default JSON transcoder."""

    name = "BenchLoop"


AGREEMENT_EVENTS = (
    Agreement.Proposed,
    Agreement.Approved,
    Agreement.Signed,
    Agreement.Renewed,
    Agreement.Suspended,
    Agreement.Resumed,
    Agreement.Expired,
    Agreement.Terminated,
    Agreement.Withdrawn,
    Agreement.Superseded,
)
STATUS = {
    "Proposed": "proposed",
    "Approved": "approved",
    "Signed": "signed",
    "Renewed": "renewed",
    "Suspended": "suspended",
    "Resumed": "signed",
    "Expired": "expired",
    "Terminated": "terminated",
    "Withdrawn": "withdrawn",
    "Superseded": "superseded",
}


class StatusView(PostgresTrackingRecorder):
    """The runner's view: one row per agreement, written with the tracking record."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.table = "bench_runner_status"
        self.sql_create_statements.append(
            SQL(
                "CREATE TABLE IF NOT EXISTS {0}.{1} (id uuid PRIMARY KEY, reference text, "
                "status text, version int, position bigint)"
            ).format(Identifier(self.datastore.schema), Identifier(self.table))
        )

    def record(self, agreement_id: UUID, e: Any, tracking: Tracking) -> None:
        """Upsert the agreement's row and the position, in one transaction."""
        kind = type(e).__name__
        with self.datastore.transaction(commit=True) as curs:
            if kind == "Proposed":
                curs.execute(
                    SQL(
                        "INSERT INTO {0}.{1} VALUES (%s, %s, %s, %s, %s) ON CONFLICT (id) "
                        "DO UPDATE SET reference = EXCLUDED.reference, status = EXCLUDED.status, "
                        "version = EXCLUDED.version, position = EXCLUDED.position"
                    ).format(Identifier(self.datastore.schema), Identifier(self.table)),
                    (
                        agreement_id,
                        e.reference,
                        STATUS[kind],
                        e.originator_version,
                        tracking.notification_id,
                    ),
                    prepare=True,
                )
            else:
                curs.execute(
                    SQL(
                        "UPDATE {0}.{1} SET status = %s, version = %s, position = %s WHERE id = %s"
                    ).format(Identifier(self.datastore.schema), Identifier(self.table)),
                    (STATUS[kind], e.originator_version, tracking.notification_id, agreement_id),
                    prepare=True,
                )
            self._insert_tracking(curs, tracking)


class StatusRunnerProjection(LibraryProjection[StatusView]):
    """The simple read model, for eventsourcing's ProjectionRunner."""

    name = "bench_status"
    topics = tuple(get_topic(c) for c in AGREEMENT_EVENTS)

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:  # type: ignore[override]
        """One event, one transaction."""
        self.view.record(domain_event.originator_id, domain_event, tracking)


bench_metadata = MetaData()
bench_status = Table(
    "bench_engine_status",
    bench_metadata,
    Column("id", Uuid, primary_key=True),
    Column("reference", String(40), nullable=False),
    Column("status", String(20), nullable=False),
    Column("version", Integer, nullable=False),
    Column("position", BigInteger, nullable=False),
)


class StatusProjection(Projection):
    """The same simple read model on our engine."""

    name = "bench_status"
    tables = (bench_status,)
    prefetch_by_originator = (bench_status,)

    @handles(Agreement.Proposed)
    def proposed(self, rows: Rows, e: Any, position: int) -> None:
        """A new agreement."""
        rows.put(
            bench_status,
            {
                "id": e.originator_id,
                "reference": e.reference,
                "status": "proposed",
                "version": e.originator_version,
                "position": position,
            },
        )

    @handles(*AGREEMENT_EVENTS[1:])
    def moved(self, rows: Rows, e: Any, position: int) -> None:
        """Any later step."""
        rows.update(
            bench_status,
            e.originator_id,
            status=STATUS[type(e).__name__],
            version=e.originator_version,
            position=position,
        )
