"""The engine over the real log, on SQLite and PostgreSQL: exactly once, resumable, isolated."""

import threading
import time
from datetime import date
from decimal import Decimal

import pytest
from eventsourcing.persistence import IntegrityError

from application.commands.accounts import CreateAccount
from application.commands.agreements import (
    ApproveAgreement,
    ProposeAgreement,
    RenewAgreement,
    SignAgreement,
    SuspendAgreement,
    TermBody,
)
from application.commands.calendar import OverrideDay
from application.commands.foi import RegisterFoiRequest, RequesterBody
from application.commands.partners import PartnerDecision, RegisterPartner
from application.commands.shipments import AnnounceShipment, DonorBody, LineBody
from application.errors import ConcurrentWrite
from application.service import Caller
from infrastructure.readdb import create_read_engine
from projections.partners import PartnersProjection
from projections.registry import PROJECTIONS
from projections.runtime.engine import ProjectionEngine
from tests.projections.helpers import (
    OLENA,
    CountingProjection,
    counting_metadata,
    counts,
    register_partners,
    snapshot,
)

ALL_TABLES = tuple(t for p in PROJECTIONS for t in p.tables)


def engine_for(runtime, *projections, **options):
    options.setdefault("retry_seconds", 0.05)
    return ProjectionEngine(runtime.app, runtime.read_engine, projections, **options)


@pytest.fixture
def counting(runtime):
    counting_metadata.create_all(runtime.read_engine)
    yield
    with runtime.read_engine.begin() as conn:
        counting_metadata.drop_all(conn)


def casework(runtime, clock, n=3):
    """A few partners and agreements moved through their lives, with catch-ups in between."""
    engine = runtime.extras["projections"]
    made = []
    for i in range(n):
        clock.set(date(2020, 1, 1))
        p = runtime.partners.register_partner(
            RegisterPartner(name=f"Місто {i}", name_uk=f"Місто {i}", country="PL", kind="city"),
            OLENA,
        ).case
        a = runtime.agreements.propose_agreement(
            ProposeAgreement(
                kind="memorandum",
                title=f"Меморандум {i}",
                partner_ids=[p.id],
                term=TermBody(years=5),
                notice_period_days=60,
            ),
            OLENA,
        ).case
        runtime.agreements.approve_agreement(
            a.id,
            ApproveAgreement(council_decision_ref=f"{i}", council_decided_on=date(2020, 1, 1)),
            OLENA,
        )
        engine.catch_up()
        runtime.agreements.sign_agreement(a.id, SignAgreement(signed_on=date(2020, 1, 1)), OLENA)
        made.append((p, a))
    clock.set(date(2026, 11, 23))
    runtime.agreements.renew_agreement(
        made[0][1].id, RenewAgreement(renewed_on=date(2024, 12, 1)), OLENA
    )
    runtime.agreements.suspend_agreement(
        made[1][1].id, SuspendAgreement(suspended_on=date(2024, 12, 1), reason="war"), OLENA
    )
    runtime.partners.sever_partner(
        made[-1][0].id,
        PartnerDecision(decided_on=date(2025, 1, 1), decision_ref="R", grounds="g"),
        OLENA,
    )
    # An FOI request, a calendar override that moves its deadline, and an aid shipment.
    runtime.foi.register_foi_request(
        RegisterFoiRequest(
            requester=RequesterBody(name="Gwara Media", kind="media", email="ed@gwara.example"),
            channel="email",
            received_on=date(2026, 11, 16),
            subject="Twin cities",
            text="Which twin cities does Kharkiv have?",
        ),
        OLENA,
    )
    runtime.calendar.override_day(
        OverrideDay(date=date(2026, 11, 18), working=False, reason="x"),
        Caller(actor="admin", role="admin"),
    )
    runtime.shipments.announce_shipment(
        AnnounceShipment(
            donor=DonorBody(name="Siepomaga", country="PL"),
            recipient="Department of International Cooperation",
            expected_on=date(2026, 11, 30),
            lines=[
                LineBody(
                    line_no=1,
                    category="energy",
                    description="generators",
                    quantity=Decimal(75),
                    unit="pcs",
                )
            ],
        ),
        OLENA,
    )
    runtime.accounts.create_account(
        CreateAccount(
            login="mykola", full_name="Mykola P.", email="m@example.org", roles=["clerk"]
        ),
        Caller(actor="admin", role="admin"),
    )
    # An engagement held with a follow-up, linked to a partner, and a project with a milestone.
    from application.commands.engagements import (
        CounterpartBody,
        FollowUpBody,
        HoldEngagement,
        LinksBody,
        PlanEngagement,
    )
    from application.commands.projects import MilestoneBody, PlanProject

    meeting = runtime.engagements.plan_engagement(
        PlanEngagement(
            kind="meeting",
            title="Embassy",
            planned_on=date(2026, 11, 20),
            counterpart=CounterpartBody(type="diplomatic_mission", name="Embassy", country="PL"),
            links=LinksBody(partner_ids=[made[0][0].id]),
        ),
        OLENA,
    ).case
    runtime.engagements.hold_engagement(
        meeting.id,
        HoldEngagement(
            held_on=date(2026, 11, 20),
            follow_ups=[FollowUpBody(action="write", owner="olena", due_on=date(2026, 11, 23))],
        ),
        OLENA,
    )
    runtime.projects.plan_project(
        PlanProject(
            title="Radio",
            starts_on=date(2026, 11, 1),
            ends_on=date(2026, 12, 31),
            milestones=[MilestoneBody(title="broadcast", due_on=date(2026, 11, 30))],
            links=LinksBody(engagement_ids=[meeting.id]),
        ),
        OLENA,
    )
    # Counterparts, contacts, honorary consuls, memberships (issue 17 part B).
    from interfaces.demo import directory

    list(directory.load(runtime))
    # A letter, for the correspondence register (`letters`).
    from application.commands.correspondence import RegisterOutgoingLetter

    runtime.correspondence.register_outgoing_letter(
        RegisterOutgoingLetter(
            dated_on=date(2026, 11, 20), correspondent="Gwara Media", subject="Відповідь"
        ),
        OLENA,
    )
    # The reminder job, for the `reminders` read model (it finds its cases in the read models).
    from infrastructure.reminders import reminder_service

    runtime.extras["projections"].catch_up()
    reminder_service(runtime).run()
    return made


def test_an_incrementally_built_read_model_equals_its_rebuild_row_for_row(runtime, clock):
    engine = runtime.extras["projections"]
    casework(runtime, clock)
    engine.catch_up()
    incremental = snapshot(runtime.read_engine, ALL_TABLES)
    assert all(incremental[t.name] for t in ALL_TABLES), "every table has rows"

    reports = [engine.rebuild(p.name) for p in PROJECTIONS]
    assert {r.position for r in reports} == {runtime.app.position}
    assert snapshot(runtime.read_engine, ALL_TABLES) == incremental
    assert {s.position for s in engine.status()} == {runtime.app.position}


def test_a_failing_handler_stops_only_its_projection_keeping_the_events_before_it(
    runtime, counting
):
    class Failing(CountingProjection):
        fail_on = "City 0005"

    made = register_partners(runtime, 10)
    engine = engine_for(runtime, PartnersProjection, Failing)
    engine.catch_up()
    failing_position = runtime.app.position - 4  # the sixth of ten events saved together

    assert counts(runtime.read_engine) == (5, 5)
    status = {s.name: s for s in engine.status()}
    assert status["partners"].position == runtime.app.position
    assert status["partners"].last_error is None
    broken = status["counting"]
    assert broken.position == failing_position - 1
    assert broken.error_position == failing_position
    assert broken.last_error.startswith(f"RuntimeError (position {failing_position}, ")
    assert "City 0005" not in broken.last_error, "the row's data stays out of status"
    assert str(made[5].id) in broken.last_error
    assert engine.health()["counting"]["error"]
    assert engine.health()["partners"]["error"] is None

    # The projection is fixed and restarted: it resumes at the failed event, the error clears.
    restarted = engine_for(runtime, PartnersProjection, CountingProjection)
    restarted.catch_up()
    assert counts(runtime.read_engine) == (10, 10)
    after = {s.name: s for s in restarted.status()}["counting"]
    assert (after.position, after.last_error, after.error_position) == (
        runtime.app.position,
        None,
        None,
    )


def test_a_failed_projection_retries_later_in_the_same_process(runtime, counting):
    class Flaky(CountingProjection):
        fail_on = "City 0001"

    register_partners(runtime, 3)
    engine = engine_for(runtime, Flaky)
    engine.catch_up()
    assert counts(runtime.read_engine) == (1, 1)
    Flaky.fail_on = None  # the cause went away (a database constraint, a fixed row...)
    engine.standings.retry_now()
    engine.catch_up()
    assert counts(runtime.read_engine) == (3, 3)
    assert engine.status()[0].last_error is None


def test_two_workers_on_one_projection_never_both_apply_a_batch(runtime, store_urls, counting):
    register_partners(runtime, 240)
    second_engine = create_read_engine(store_urls[1])
    workers = []
    for worker, read_engine in (("a", runtime.read_engine), ("b", second_engine)):
        cls = type(f"Counting_{worker}", (CountingProjection,), {"worker": worker, "delay": 0.001})
        workers.append(ProjectionEngine(runtime.app, read_engine, [cls], batch_size=20))
    errors = []

    def run(engine):
        try:
            engine.catch_up()
        except Exception as e:  # pragma: no cover - shown by the assertion below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    second_engine.dispose()
    assert errors == []
    assert counts(runtime.read_engine) == (240, 240)
    assert workers[0].positions()["counting"] == runtime.app.position


def test_gaps_in_the_log_are_passed_over(runtime, clock):
    engine = runtime.extras["projections"]
    p = runtime.partners.register_partner(
        RegisterPartner(name="Kaunas", country="LT", kind="city"), OLENA
    ).case
    stale = runtime.partners.get_partner(p.id)
    runtime.partners.suspend_partner(
        p.id, PartnerDecision(decided_on=date(2026, 1, 1), decision_ref="1"), OLENA
    )
    stale.suspend(runtime.partners.ctx(OLENA), decided_on=date(2026, 1, 2), decision_ref="2")
    with pytest.raises((IntegrityError, ConcurrentWrite)):
        runtime.app.save(stale)  # rolled back: on PostgreSQL its notification id is a gap
    runtime.partners.resume_partner(
        p.id, PartnerDecision(decided_on=date(2026, 2, 1), decision_ref="3"), OLENA
    )
    engine.catch_up()
    assert engine.positions()["partners"] == runtime.app.position
    with runtime.read_engine.connect() as conn:
        from projections.partners import PartnerFilter, list_partners

        row = list_partners(conn, PartnerFilter(), 5).items[0]
    assert (row["status"], row["decision_ref"], row["version"]) == ("active", "3", 3)


def test_a_projection_whose_version_changed_is_rebuilt_by_the_running_engine(runtime, clock):
    casework(runtime, clock, n=2)
    runtime.extras["projections"].catch_up()
    before = snapshot(runtime.read_engine, PartnersProjection.tables)

    class PartnersV2(PartnersProjection):
        version = 2

    engine = engine_for(runtime, PartnersV2)
    engine.catch_up()
    [status] = engine.status()
    assert (status.built_version, status.stale, status.position) == (
        2,
        False,
        runtime.app.position,
    )
    assert snapshot(runtime.read_engine, PartnersProjection.tables) == before


def test_a_rebuild_while_events_keep_arriving_loses_nothing(runtime, counting):
    class Slow(CountingProjection):
        delay = 0.002

    register_partners(runtime, 50, prefix="Early")
    engine = engine_for(runtime, Slow, batch_size=10)
    engine.catch_up()
    stop = threading.Event()

    written = []

    def writer():
        while not stop.is_set() and len(written) < 30:
            register_partners(runtime, 2, prefix=f"Late {len(written)}")
            written.append(2)

    thread = threading.Thread(target=writer)
    engine.start()
    thread.start()
    try:
        engine.rebuild("counting")
        during = len(written)
    finally:
        stop.set()
        thread.join()
    assert during > 0, "events were saved while the rebuild ran"
    engine.catch_up()  # while the engine's own thread still runs: both take batches
    engine.close()
    total = 50 + sum(written)
    assert counts(runtime.read_engine) == (total, total)


def test_wait_for_returns_once_the_projections_reach_a_position(runtime):
    engine = runtime.extras["projections"]
    register_partners(runtime, 3)
    target = runtime.app.position
    assert engine.wait_for(target, ["partners"], timeout=0.05) < target  # nobody is running it
    engine.start()
    try:
        assert engine.wait_for(target, ["partners"], timeout=10) >= target
        assert engine.wait_for(target, timeout=10) >= target
    finally:
        engine.close()


def test_status_shows_the_lag_in_events_and_seconds(runtime):
    engine = runtime.extras["projections"]
    register_partners(runtime, 4)
    before = {s.name: s for s in engine.status()}
    assert before["partners"].lag_events == runtime.app.position
    assert before["partners"].lag_seconds is not None and before["partners"].lag_seconds >= 0
    engine.catch_up()
    after = {s.name: s for s in engine.status()}
    assert (after["partners"].lag_events, after["partners"].lag_seconds) == (0, 0.0)
    assert after["deadlines"].lag_events == 0  # no deadline events: it still moves to the head


def test_a_second_rebuild_of_the_same_projection_is_refused_while_the_first_runs(runtime):
    from projections.runtime.rebuild import Rebuild, RebuildBusy

    register_partners(runtime, 3)
    engine = runtime.extras["projections"]
    first = Rebuild(engine, engine.projections["partners"], 2)
    assert first.begin()
    with pytest.raises(RebuildBusy):
        engine.rebuild("partners")
    while not first.step():
        pass
    assert first.finish() == runtime.app.position


def test_a_rebuild_that_died_leaves_nothing_behind_once_the_next_one_runs(runtime):
    from sqlalchemy import inspect, update

    from projections.runtime.positions import projection_positions
    from projections.runtime.rebuild import Rebuild

    register_partners(runtime, 3)
    engine = runtime.extras["projections"]
    dead = Rebuild(engine, engine.projections["partners"], 2)
    assert dead.begin()
    dead.step()  # ... and the process is killed: its claim and shadow table stay behind
    with runtime.read_engine.begin() as conn:
        conn.execute(
            update(projection_positions)
            .where(projection_positions.c.name == "partners")
            .values(rebuild_heartbeat_at=None)  # the claim has gone stale
        )
    report = engine.rebuild("partners")
    assert report.events == 3
    tables = inspect(runtime.read_engine).get_table_names()
    assert [t for t in tables if "__rb" in t] == []
    with pytest.raises(Exception, match="lost its claim"):
        dead.finish()


def test_a_worker_running_older_code_leaves_a_newer_projection_alone(runtime):
    class PartnersV2(PartnersProjection):
        version = 2

    register_partners(runtime, 2)
    engine_for(runtime, PartnersV2).catch_up()
    old = engine_for(runtime, PartnersProjection)
    register_partners(runtime, 2, prefix="Later")
    started = time.monotonic()
    old.catch_up(timeout=30)
    assert time.monotonic() - started < 5, "it does not wait for what it leaves alone"
    [status] = old.status()
    assert status.built_version == 2 and not status.stale
    assert status.position < runtime.app.position
    assert "built by version 2" in status.last_error
