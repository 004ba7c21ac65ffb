"""The FOI requests read model fed events directly: filters, search, deadlines, statistics."""

from datetime import date

import pytest
from sqlalchemy import select

from domain.calendar import STATUTORY
from projections.foi_figures import utc
from projections.foi_requests import FoiRequestsProjection, foi_requests
from projections.reads.foi_queries import FoiFilter, foi_stats, list_foi_requests
from tests.readmodels.builders import (
    TODAY,
    calendar_events,
    calendar_of,
    ctx,
    events_of,
    feed,
    foi,
    kyiv,
)

NOV = 11


def day(d: int, month: int = NOV, year: int = 2026) -> date:
    return date(year, month, d)


def requests():
    """Nine requests of every fate; the figures below are counted by hand from them."""
    c = ctx()
    r1 = foi(1, day(2), subject="Міжнародне співробітництво у 2026 році")
    r1.answer(c, answered_on=day(6), outcome="granted", outgoing_number="17/0/1-26")
    r2 = foi(
        2,
        day(2),
        name="Оксана Коваленко",
        kind="individual",
        channel="post",
        subject="Youth exchanges with Košice",
        contacts={"postal_address": "Kharkiv, Sumska St 1"},
    )
    r2.assign(c, officer="olena")
    r2.extend(c, STATUTORY, notice_sent_on=day(4), reason="large_volume", justification="many acts")
    r2.answer(
        c,
        answered_on=day(23),
        outcome="partially_granted",
        refusal_grounds=["restricted"],
        outgoing_number="17/0/2-26",
    )
    r3 = foi(3, day(10), name="ТОВ «Логістика»", kind="legal_entity", subject="Гуманітарні вантажі")
    r3.assign(c, officer="taras")
    r3.clarify(c, on=day(11), note="which year?")
    r3.answer(
        c,
        answered_on=day(20),
        outcome="refused",
        refusal_grounds=["not_held", "requirements_not_met"],
        outgoing_number="17/0/3-26",
    )
    r4 = foi(4, day(16), name="Ivan P.", kind="individual", channel="phone", subject="Water")
    r4.assign(c, officer="taras")
    r5 = foi(
        5,
        day(12),
        name="Civic Monitor",
        kind="association",
        channel="portal",
        subject="Chlorine tablets",
        urgent=True,
        received_at=kyiv(day(12), 10),
        urgency_reason="drinking water safety",
    )
    r6 = foi(6, day(3), name="Logistics LLC", kind="legal_entity", subject="Customs")
    r6.transfer(
        c, to_holder="State Customs Service", transferred_on=day(4), requester_notified_on=day(4)
    )
    r7 = foi(7, day(5), name="Petro S.", kind="individual", channel="in_person", subject="Consuls")
    r7.withdraw(c, withdrawn_on=day(6))
    r8 = foi(8, day(9), name="Olha", kind="individual", channel="fax", subject="Shelters")
    r8.defer(c, STATUTORY, decided_on=day(12), reason="blackout", new_due_on=day(15, 12))
    r9 = foi(9, day(3, year=2025), subject="Twin cities in 2025")
    r9.answer(c, answered_on=day(5, year=2025), outcome="granted", outgoing_number="17/0/9-25")
    return [r1, r2, r3, r4, r5, r6, r7, r8, r9]


@pytest.fixture
def fed(read_engine):
    made = requests()
    projection = FoiRequestsProjection()
    n = feed(read_engine, projection, events_of(*made))
    return read_engine, projection, made, n


def refs(conn, **f) -> list[str]:
    page = list_foi_requests(conn, FoiFilter(**f), 50)
    return [r["reference"].rsplit("-", 1)[1].lstrip("0") for r in page.items]


def test_requests_are_listed_newest_first_and_filtered(fed):
    engine, _, _, _ = fed
    with engine.connect() as conn:
        assert refs(conn) == ["4", "5", "3", "8", "7", "6", "2", "1", "9"]
        assert refs(conn, status="answered") == ["3", "2", "1", "9"]
        assert refs(conn, outcome="refused") == ["3"]
        assert refs(conn, channel="email") == ["3", "6", "1", "9"]
        assert refs(conn, requester_kind="individual") == ["4", "8", "7", "2"]
        assert refs(conn, officer="taras") == ["4", "3"]
        assert refs(conn, received_from=day(5), received_to=day(12)) == ["5", "3", "8", "7"]
        assert refs(conn, urgent=True) == ["5"]
        assert refs(conn, overdue=True, as_of=TODAY) == ["5"]
        assert refs(conn, overdue=True, as_of=day(24)) == ["4", "5"]
        assert refs(conn, overdue=False, as_of=day(24)) == ["3", "8", "7", "6", "2", "1", "9"]


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("оксана", ["2"]),
        ("КОВАЛЕНКО", ["2"]),
        ("kosice", ["2"]),
        ("KOŠICE", ["2"]),
        ("гуманітарні", ["3"]),
        ("«логістика»", ["3"]),
        ("foi-2026-0004", ["4"]),
        ("gwara", ["1", "9"]),
        ("МІЖНАРОДНЕ", ["1"]),
        ("sumska", []),  # the postal address is not searchable: it is not kept
        ("example.org", []),
        ("%", []),
    ],
)
def test_search_is_case_insensitive_in_ukrainian_and_latin(fed, q, found):
    engine, _, _, _ = fed
    with engine.connect() as conn:
        assert refs(conn, q=q) == found


def test_pages_follow_the_cursor(fed):
    engine, _, _, _ = fed
    seen, cursor = [], None
    with engine.connect() as conn:
        for _ in range(3):
            page = list_foi_requests(conn, FoiFilter(), 4, cursor)
            seen += [r["reference"] for r in page.items]
            cursor = page.next_cursor
        everyone = [r["reference"] for r in list_foi_requests(conn, FoiFilter(), 50).items]
    assert cursor is None
    assert seen == everyone


def test_the_read_model_keeps_no_contact_details(fed):
    engine, _, made, _ = fed
    columns = {c.name for c in foi_requests.columns}
    assert not columns & {"email", "phone", "postal_address", "requester_email", "text"}
    contacts = {
        v
        for r in made
        for v in (r.requester.email, r.requester.phone, r.requester.postal_address)
        if v
    }
    with engine.connect() as conn:
        cells = {str(v) for row in conn.execute(select(foi_requests)) for v in row}
    assert contacts and not any(c in cell for c in contacts for cell in cells)


def assert_as_the_domain_computes(engine, made, calendar):
    """Every request's figures equal FoiRequest's own with the same calendar."""
    with engine.connect() as conn:
        rows = {r["id"]: r for r in list_foi_requests(conn, FoiFilter(), 50).items}
    for r in made:
        row = rows[r.id]
        assert row["due_on"] == r.due_on(calendar), r.reference
        assert row["extension_notice_due_on"] == r.extension_notice_due_on(calendar), r.reference
        assert row["late"] == r.late(calendar), r.reference
        assert row["working_days_late"] == r.working_days_late(calendar), r.reference
        assert row["version"] == r.version
    return rows


def test_due_dates_follow_the_law_for_every_kind_of_request(fed):
    engine, _, made, _ = fed
    rows = assert_as_the_domain_computes(engine, made, STATUTORY)
    r1, r2, r3, r4, r5, _, _, r8, _ = (rows[r.id] for r in made)
    assert r1["due_on"] == day(9) and r1["late"] is False and r1["working_days_taken"] == 4
    assert r2["due_on"] == day(30) and r2["extended"] and r2["working_days_taken"] == 15
    assert (r3["due_on"], r3["late"], r3["working_days_late"]) == (day(17), True, 3)
    assert r3["refusal_grounds"] == ["not_held", "requirements_not_met"]
    assert r3["clarifications"] == 1
    assert (r4["due_on"], r4["status"], r4["officer"]) == (day(23), "in_progress", "taras")
    # 48 clock hours from Thursday 10:00 end on Saturday 10:00 (Kyiv, 08:00 UTC).
    assert r5["due_on"] == day(14) and r5["extension_notice_due_on"] == day(19)
    assert utc(r5["urgent_due_at"]) == kyiv(day(14), 10)
    assert r8["due_on"] == day(15, 12) and r8["status"] == "deferred"


def test_a_calendar_override_moves_the_figures_of_the_requests_it_spans(fed):
    engine, projection, made, n = fed
    r3, r4 = made[2], made[3]
    steps = [
        # Wednesday 18.11 off: r4 due 24.11, r2 due 01.12; r3, answered 3 working days late
        # before the override, stays so (DOMAIN.md §7: lateness is a fact of the answer).
        (day(18), False),
        (day(18), None),  # and back
        (day(21), True),  # Saturday 21.11 worked: r4 due that Saturday
    ]
    # The register's events one change at a time, as the log holds them.
    engine_rows = None
    done: list = []
    for step in steps:
        done.append(step)
        n = feed(engine, projection, calendar_events(*done)[-1:], start=n)
        engine_rows = assert_as_the_domain_computes(engine, made, calendar_of(*done))
        if step == (day(18), False):
            assert engine_rows[r4.id]["due_on"] == day(24)
            assert engine_rows[r3.id]["working_days_late"] == 3
            assert engine_rows[r3.id]["working_days_taken"] == 8
    assert engine_rows[r4.id]["due_on"] == day(21)
    assert engine_rows[r4.id]["position"] == n - 1


def test_statistics_count_the_requests_received_in_the_period(fed):
    engine, _, _, _ = fed
    with engine.connect() as conn:
        stats = foi_stats(conn, date(2026, 1, 1), date(2026, 12, 31))
        earlier = foi_stats(conn, date(2025, 1, 1), date(2025, 12, 31))
        none = foi_stats(conn, date(2024, 1, 1), date(2024, 12, 31))
    assert stats == {
        "from": date(2026, 1, 1),
        "to": date(2026, 12, 31),
        "received": 8,
        "by_channel": {"email": 3, "fax": 1, "in_person": 1, "phone": 1, "portal": 1, "post": 1},
        "by_requester_kind": {"association": 1, "individual": 4, "legal_entity": 2, "media": 1},
        "by_status": {
            "answered": 3,
            "deferred": 1,
            "in_progress": 1,
            "received": 1,
            "transferred": 1,
            "withdrawn": 1,
        },
        "open": 3,
        "answered": 3,
        "answered_on_time": 2,
        "answered_late": 1,
        "on_time_share": 0.6667,
        "by_outcome": {"granted": 1, "partially_granted": 1, "refused": 1},
        "by_refusal_ground": {"not_held": 1, "requirements_not_met": 1, "restricted": 1},
        "transferred": 1,
        "withdrawn": 1,
        "median_working_days_to_answer": 8.0,  # of 4, 8 and 15
    }
    assert (earlier["received"], earlier["answered_on_time"], earlier["on_time_share"]) == (
        1,
        1,
        1.0,
    )
    assert earlier["median_working_days_to_answer"] == 2.0
    assert none["received"] == 0 and none["on_time_share"] is None
    assert none["median_working_days_to_answer"] is None
