"""A rebuild from position 0 equals the incrementally built tables, row for row (SQLite, PG)."""

from datetime import date

from application.commands.calendar import OverrideDay, RemoveOverride
from application.commands.foi import RegisterFoiRequest, RequesterBody
from application.service import Caller
from interfaces.demo import load
from projections.deadlines import DeadlinesProjection
from projections.foi_requests import FoiRequestsProjection
from projections.milestones import MilestonesProjection
from projections.runtime.engine import ProjectionEngine
from projections.shipments import ShipmentsProjection
from tests.projections.helpers import snapshot

MINE = (FoiRequestsProjection, ShipmentsProjection, MilestonesProjection, DeadlinesProjection)
TABLES = tuple(t for p in MINE for t in p.tables)
ADMIN = Caller(actor="admin", role="admin")


def test_a_rebuild_equals_the_tables_built_in_small_batches(runtime):
    # Small batches: calendar overrides and the requests they move fall in different batches.
    engine = ProjectionEngine(runtime.app, runtime.read_engine, MINE, batch_size=40)
    list(load(runtime))
    engine.catch_up()
    for n, received_on in enumerate([date(2026, 11, 16), date(2026, 11, 18), date(2026, 11, 2)]):
        runtime.foi.register_foi_request(
            RegisterFoiRequest(
                requester=RequesterBody(
                    name=f"Requester {n}", kind="individual", phone="+380577000000"
                ),
                channel="phone",
                received_on=received_on,
                subject=f"Question {n}",
                text="Please answer.",
            ),
            Caller(actor="olena"),
        )
    engine.catch_up()
    calendar = runtime.calendar
    calendar.override_day(
        OverrideDay(date=date(2023, 12, 29), working=False, reason="blackout"), ADMIN
    )
    calendar.override_day(
        OverrideDay(date=date(2026, 11, 18), working=False, reason="blackout"), ADMIN
    )
    engine.catch_up()
    calendar.override_day(
        OverrideDay(date=date(2026, 11, 21), working=True, reason="worked Saturday"), ADMIN
    )
    calendar.remove_override(date(2026, 11, 18), RemoveOverride(reason="power restored"), ADMIN)
    engine.catch_up()

    built = snapshot(runtime.read_engine, TABLES)
    assert built["foi_calendar"] == built["deadline_calendar"]
    assert len(built["foi_calendar"]) == 2 and len(built["foi_requests"]) == 9
    for projection in MINE:
        engine.rebuild(projection.name)
    assert snapshot(runtime.read_engine, TABLES) == built
