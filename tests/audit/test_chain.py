"""The tamper-evident chain: untouched logs verify; every kind of plain-SQL tampering is named."""

import uuid

import pytest
from sqlalchemy import text

from application.audit import GENESIS, Head, event_hash, link
from infrastructure.audit_chain import audit_service, raw_log
from tests.audit.scenario import CLERK, write_history
from tests.audit.tamper import Tamper


@pytest.fixture
def sealed(runtime):
    """A runtime with a short history, all of it sealed; returns (runtime, service, tamper)."""
    write_history(runtime)
    service = audit_service(runtime.app, runtime.read_engine)
    assert service.seal().added == runtime.app.position
    return runtime, service, Tamper(runtime)


def test_an_untouched_store_verifies_and_every_position_is_compared_with_its_seal(sealed):
    rt, service, tamper = sealed
    report = service.verify()
    assert report.ok, report.problems
    assert report.checked == report.sealed == len(tamper.positions()) >= 10
    assert report.unsealed == 0
    assert report.head == service.head()
    assert report.head.position == rt.app.position


def test_the_chain_is_sha256_of_the_previous_digest_and_each_rows_hash(sealed):
    rt, service, _ = sealed
    digest = GENESIS
    for row in raw_log(rt.app.recorder).read(0, rt.app.position, 1000):
        digest = link(digest, event_hash(row))
    assert service.head().digest == digest


def test_a_changed_byte_of_a_stored_state_is_named_as_modified(sealed):
    _, service, tamper = sealed
    position = tamper.positions()[4]
    tamper.flip_state_byte(position)
    report = service.verify()
    assert not report.ok
    assert (report.first_bad_position, report.reason) == (position, "modified")
    assert [p.position for p in report.problems] == [position]


def test_a_deleted_row_is_named_at_its_position(sealed):
    _, service, tamper = sealed
    position = tamper.positions()[5]
    tamper.delete(position)
    report = service.verify()
    assert (report.first_bad_position, report.reason) == (position, "deleted")
    assert len(report.problems) == 1


def test_deleting_the_newest_rows_is_detected(sealed):
    _, service, tamper = sealed
    last_two = tamper.positions()[-2:]
    for position in last_two:
        tamper.delete(position)
    report = service.verify()
    assert [(p.position, p.reason) for p in report.problems] == [
        (last_two[0], "deleted"),
        (last_two[1], "deleted"),
    ]


def test_a_forged_row_inserted_before_the_first_event_is_named_as_inserted(sealed):
    _, service, tamper = sealed
    tamper.insert(0, like=tamper.positions()[2], originator_id=uuid.uuid4())
    report = service.verify()
    assert (report.first_bad_position, report.reason) == (0, "inserted")
    assert len(report.problems) == 1


def test_swapped_states_of_two_rows_are_named_at_the_first_of_them(sealed):
    _, service, tamper = sealed
    a, b = tamper.positions()[3], tamper.positions()[7]
    tamper.swap_states(a, b)
    report = service.verify()
    assert report.first_bad_position == a
    assert report.reason in ("modified", "reordered")
    assert {p.position for p in report.problems} == {a, b}


def test_swapped_positions_of_two_rows_are_named_as_reordered(sealed):
    _, service, tamper = sealed
    a, b = tamper.positions()[2], tamper.positions()[6]
    tamper.swap_positions(a, b)
    report = service.verify()
    assert (report.first_bad_position, report.reason) == (a, "reordered")
    assert f"sealed at position {b}" in report.detail
    assert [(p.position, p.reason) for p in report.problems] == [(a, "reordered"), (b, "reordered")]


def test_a_row_deleted_together_with_its_seal_is_still_detected_by_the_count(sealed):
    rt, service, tamper = sealed
    positions = tamper.positions()
    victim = positions[4]
    tamper.delete(victim)
    with rt.read_engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_chain WHERE position = :p"), {"p": victim})
    report = service.verify()
    assert (report.first_bad_position, report.reason) == (positions[5], "deleted")


def test_a_changed_seal_is_told_apart_from_a_changed_event(sealed):
    rt, service, tamper = sealed
    position = tamper.positions()[3]
    with rt.read_engine.begin() as conn:
        conn.execute(
            text("UPDATE audit_chain SET digest = :d WHERE position = :p"),
            {"d": b"\0" * 32, "p": position},
        )
    report = service.verify()
    assert [(p.position, p.reason) for p in report.problems] == [(position, "chain-altered")]


def test_rewriting_an_event_and_resealing_is_caught_by_a_head_copied_before(sealed):
    rt, service, tamper = sealed
    copied = service.head()
    position = tamper.positions()[4]
    tamper.flip_state_byte(position)
    with rt.read_engine.begin() as conn:  # the administrator covers their tracks
        conn.execute(text("DELETE FROM audit_chain WHERE position >= :p"), {"p": position})
    service.seal()
    assert service.verify().ok
    report = service.verify(expect=[copied])
    assert (report.first_bad_position, report.reason) == (copied.position, "head-mismatch")


def test_verification_can_start_from_a_copied_head(sealed):
    rt, service, tamper = sealed
    positions = tamper.positions()
    middle = Head.parse(str(_head_at(service, positions[5])))
    report = service.verify(start=middle)
    assert report.ok and report.checked == len(positions) - 6
    assert report.head == service.head()
    tamper.flip_state_byte(positions[8])
    report = service.verify(start=middle)
    assert (report.first_bad_position, report.reason) == (positions[8], "modified")


def test_a_copied_head_that_disagrees_with_the_seals_is_reported(sealed):
    _, service, tamper = sealed
    position = tamper.positions()[5]
    forged = Head(position, b"\1" * 32)
    report = service.verify(start=forged)
    assert (report.first_bad_position, report.reason) == (position, "head-mismatch")


def test_new_events_after_the_seal_are_unsealed_until_sealed_again(sealed):
    rt, service, _ = sealed
    write_history(rt)
    report = service.verify()
    assert report.ok and report.unsealed >= 9
    assert service.seal().added == report.unsealed
    assert service.verify().unsealed == 0


@pytest.mark.postgres
def test_a_gap_left_by_a_rolled_back_save_is_normal_but_a_row_forged_into_it_is_not(pg_runtime):
    runtime = pg_runtime
    ids = write_history(runtime)
    service = audit_service(runtime.app, runtime.read_engine)
    first = runtime.app.repository.get(ids["partners"][0])
    second = runtime.app.repository.get(ids["partners"][0])
    for partner in (first, second):
        partner.link_agreement(runtime.partners.ctx(CLERK), uuid.uuid4())
    runtime.app.save(first)
    with pytest.raises(Exception, match="(?i)integrity|duplicate|already"):
        runtime.app.save(second)  # loses the race: its notification id is never used
    write_history(runtime)
    positions = Tamper(runtime).positions()
    gaps = [p + 1 for p, q in zip(positions, positions[1:], strict=False) if q != p + 1]
    assert gaps, "a rolled-back save leaves a gap"
    service.seal()
    assert service.verify().ok
    Tamper(runtime).insert(gaps[0], like=positions[1], originator_id=uuid.uuid4())
    report = service.verify()
    assert (report.first_bad_position, report.reason) == (gaps[0], "inserted")


def _head_at(service, position):
    seal = service.chain.at(position)
    return Head(seal.position, seal.digest, seal.count)
