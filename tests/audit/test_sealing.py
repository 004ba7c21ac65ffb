"""Automatic sealing: the projection engine seals new positions; rebuilds never touch the seals."""

import logging
import time

from sqlalchemy import insert, select

from application.audit import GENESIS
from application.commands.partners import RegisterPartner
from infrastructure.audit_chain import AutoSeal, ChainTable, audit_chain, audit_service, raw_log
from infrastructure.migrations import upgrade_read_models
from infrastructure.readdb import create_read_engine
from projections.registry import PROJECTIONS
from tests.audit.scenario import CLERK, write_history
from tests.audit.tamper import Tamper
from tests.conftest import auth
from tests.projections.test_migrations import schema_differences


def seals(runtime) -> list[tuple]:
    with runtime.read_engine.connect() as conn:
        return [
            tuple(r) for r in conn.execute(select(audit_chain).order_by(audit_chain.c.position))
        ]


def test_after_the_engine_caught_up_verify_finds_nothing_unsealed(client, runtime):
    engine = runtime.extras["projections"]
    for _ in range(2):
        write_history(runtime)
        engine.catch_up()
        body = client.get("/audit/verify", headers=auth("auditor")).json()
        assert body["ok"], body["problems"]
        assert body["unsealed"] == 0
        assert body["sealed"] == body["checked"] == len(Tamper(runtime).positions())
        assert body["head"]["position"] == runtime.app.position


def test_a_running_engine_keeps_the_chain_sealed_as_events_arrive(runtime):
    engine = runtime.extras["projections"]
    service = audit_service(runtime.app, runtime.read_engine)
    engine.start()
    write_history(runtime)
    deadline = time.monotonic() + 30
    while service.verify().unsealed and time.monotonic() < deadline:
        time.sleep(0.05)
    report = service.verify()
    assert report.ok and report.unsealed == 0 and report.sealed == report.checked > 0


def test_a_tampered_sealed_row_is_still_named_after_automatic_sealing(runtime):
    write_history(runtime)
    runtime.extras["projections"].catch_up()
    tamper = Tamper(runtime)
    victim = tamper.positions()[3]
    tamper.flip_state_byte(victim)
    runtime.partners.register_partner(
        RegisterPartner(name="Poznan", country="PL", kind="city"), CLERK
    )
    runtime.extras["projections"].catch_up()  # seals the new row, never re-seals old ones
    report = audit_service(runtime.app, runtime.read_engine).verify()
    assert (report.first_bad_position, report.reason) == (victim, "modified")
    assert report.unsealed == 0


def test_rebuilding_every_projection_leaves_the_seals_untouched(runtime):
    assert "audit_chain" not in {t.name for p in PROJECTIONS for t in p.tables}
    engine = runtime.extras["projections"]
    write_history(runtime)
    engine.catch_up()
    before = seals(runtime)
    assert len(before) == len(Tamper(runtime).positions())
    for projection in PROJECTIONS:
        engine.rebuild(projection.name)
    assert seals(runtime) == before
    assert audit_service(runtime.app, runtime.read_engine).verify().ok


def test_a_backlog_is_sealed_a_round_at_a_time(memory_runtime):
    write_history(memory_runtime)
    service = audit_service(memory_runtime.app, memory_runtime.read_engine)
    total = memory_runtime.app.position
    hook = AutoSeal(service, per_round=5)
    hook()
    report = service.verify()
    assert (report.sealed, report.unsealed) == (5, total - 5)
    for _ in range(total // 5 + 1):
        hook()
    report = service.verify()
    assert report.ok and (report.sealed, report.unsealed) == (total, 0)
    hook()  # nothing new: nothing happens
    assert service.chain.last().position == total


def test_a_failing_sealer_logs_once_and_never_stops_the_projections(
    memory_runtime, tmp_path, caplog
):
    write_history(memory_runtime)
    unmigrated = create_read_engine(f"sqlite:///{tmp_path / 'unmigrated.sqlite3'}")
    service = audit_service(memory_runtime.app, memory_runtime.read_engine)
    broken = AutoSeal(type(service)(raw_log(memory_runtime.app.recorder), ChainTable(unmigrated)))
    engine = memory_runtime.extras["projections"]
    engine.after_batch[:] = [broken, lambda: 1 / 0, AutoSeal(service)]
    with caplog.at_level(logging.WARNING):
        engine.catch_up()
        engine.run_once()
    warnings = [r for r in caplog.records if "sealing failed" in r.getMessage()]
    assert len(warnings) == 1
    assert any("after-batch hook" in r.getMessage() for r in caplog.records)
    assert set(engine.positions().values()) == {memory_runtime.app.position}
    assert service.verify().unsealed == 0  # the hooks after the failing ones still ran
    unmigrated.dispose()


def test_a_seals_table_made_by_the_old_self_creating_code_is_adopted_with_its_seals(tmp_path):
    engine = create_read_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    audit_chain.create(engine)  # what ChainTable used to do before the migration owned it
    seal = {
        "position": 1,
        "originator_id": b"\1" * 16,
        "originator_version": 1,
        "event_hash": b"\2" * 32,
        "digest": GENESIS,
        "count": 1,
    }
    with engine.begin() as conn:
        conn.execute(insert(audit_chain), [seal])
    upgrade_read_models(engine)
    upgrade_read_models(engine)
    assert schema_differences(engine) == []
    with engine.connect() as conn:
        assert [r._asdict() for r in conn.execute(select(audit_chain))] == [seal]
    engine.dispose()
