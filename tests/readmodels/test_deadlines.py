"""FOI and shipment obligations in the deadlines read model, fed events directly."""

from datetime import UTC, date, datetime

from domain.aid_lines import Donor
from domain.calendar import STATUTORY
from projections.deadlines import DeadlineFilter, DeadlinesProjection, list_deadlines
from projections.foi_figures import utc
from tests.agreements.builders import proposed
from tests.readmodels.builders import (
    TODAY,
    calendar_events,
    ctx,
    events_of,
    feed,
    foi,
    hand_over,
    kyiv,
    line,
    shipment,
    to_received,
)


def day(d: int, month: int = 11) -> date:
    return date(2026, month, d)


def listed(engine, **f):
    with engine.connect() as conn:
        page = list_deadlines(conn, DeadlineFilter(as_of=f.pop("as_of", TODAY), **f), 50)
    return [(r["reference"], r["kind"], r["due_on"]) for r in page.items]


def test_foi_requests_owe_an_answer_and_an_extension_notice_until_they_end(read_engine):
    c = ctx()
    standard = foi(1, day(16))  # due on the 5th working day, Monday 23.11
    standard.assign(c, officer="taras")
    urgent = foi(
        2, day(19), urgent=True, received_at=kyiv(day(19), 9), urgency_reason="water quality"
    )
    extended = foi(3, day(9))
    extended.extend(c, STATUTORY, notice_sent_on=day(11), reason="large_search", justification="j")
    deferred = foi(4, day(10))
    deferred.defer(c, STATUTORY, decided_on=day(12), reason="blackout", new_due_on=day(10, 12))
    answered = foi(5, day(2))
    answered.answer(c, answered_on=day(5), outcome="granted", outgoing_number="17/0/5-26")
    transferred = foi(6, day(18))
    transferred.transfer(
        c, to_holder="Customs", transferred_on=day(19), requester_notified_on=day(19)
    )
    withdrawn = foi(7, day(18))
    withdrawn.withdraw(c, withdrawn_on=day(19))
    projection = DeadlinesProjection()
    cases = [standard, urgent, extended, deferred, answered, transferred, withdrawn]
    feed(read_engine, projection, events_of(*cases))

    assert listed(read_engine) == [
        ("FOI-2026-0002", "foi_answer", day(21)),  # 48 hours from Thursday 09:00
        ("FOI-2026-0001", "foi_answer", day(23)),
        ("FOI-2026-0001", "foi_extension_notice", day(23)),
        ("FOI-2026-0002", "foi_extension_notice", day(26)),
        ("FOI-2026-0003", "foi_answer", day(7, 12)),  # 20th working day after 09.11
        ("FOI-2026-0004", "foi_answer", day(10, 12)),  # the deferral's date
    ]
    with read_engine.connect() as conn:
        rows = list_deadlines(conn, DeadlineFilter(as_of=TODAY, owner="taras"), 50).items
        urgent_row = list_deadlines(conn, DeadlineFilter(as_of=TODAY), 1).items[0]
    assert {r["case_status"] for r in rows} == {"in_progress"} and len(rows) == 2
    assert utc(urgent_row["due_at"]) == datetime(2026, 11, 21, 7, tzinfo=UTC)
    assert urgent_row["case_type"] == "foi_request" and urgent_row["title"] == urgent.subject
    assert listed(read_engine, kind="foi_answer", overdue=True, as_of=day(22)) == [
        ("FOI-2026-0002", "foi_answer", day(21))
    ]


def test_a_calendar_override_moves_the_open_foi_deadlines(read_engine):
    open_one = foi(1, day(16))
    answered = foi(2, day(16))
    answered.answer(ctx(), answered_on=day(17), outcome="granted", outgoing_number="1")
    projection = DeadlinesProjection()
    n = feed(read_engine, projection, events_of(open_one, answered))
    assert listed(read_engine) == [
        ("FOI-2026-0001", "foi_answer", day(23)),
        ("FOI-2026-0001", "foi_extension_notice", day(23)),
    ]
    n = feed(read_engine, projection, calendar_events((day(18), False)), start=n)
    assert listed(read_engine) == [
        ("FOI-2026-0001", "foi_answer", day(24)),
        ("FOI-2026-0001", "foi_extension_notice", day(24)),
    ]
    changes = [(day(18), False), (day(18), None)]
    n = feed(read_engine, projection, calendar_events(*changes)[-1:], start=n)
    assert [d for _, _, d in listed(read_engine)] == [day(23), day(23)]
    changes += [(day(21), True)]  # a Saturday worked
    feed(read_engine, projection, calendar_events(*changes)[-1:], start=n)
    assert [d for _, _, d in listed(read_engine)] == [day(21), day(21)]


def test_shipments_owe_their_arrival_and_the_report_90_days_after_clearance(read_engine):
    donor = Donor("Finnish donors", "FI")
    awaited = shipment(1, 2026, donor, [line(1, "food", "flour", "10", "t")], day(30))
    arrived = shipment(2, 2026, donor, [line(1, "energy", "generators", "5")], day(1, 10))
    to_received(arrived, day(5, 10), day(6, 10))
    hand_over(arrived, day(7, 10), line_1="5")
    reported = shipment(3, 2026, donor, [line(1, "energy", "generators", "5")], day(1, 8))
    to_received(reported, day(3, 8), day(4, 8))
    hand_over(reported, day(5, 8), line_1="5")
    reported.report(ctx(), reported_on=day(1, 9), report_ref="r")
    cancelled = shipment(4, 2026, donor, [line(1, "food", "rice", "1", "t")], day(1, 12))
    cancelled.cancel(ctx(), reason="no transport")
    p = proposed()
    p.approve(ctx(), council_decision_ref="1", council_decided_on=date(2024, 1, 1))
    p.sign(ctx(), signed_on=date(2024, 1, 1), expires_on=date(2027, 1, 1))
    feed(read_engine, DeadlinesProjection(), events_of(awaited, arrived, reported, cancelled, p))
    assert listed(read_engine) == [
        ("SHP-2026-0001", "shipment_arrival", day(30)),
        ("AGR-2026-0001", "agreement_expiry", date(2027, 1, 1)),
        ("SHP-2026-0002", "shipment_report", date(2027, 1, 4)),  # + 90 days: Sun → Mon
    ]
    assert listed(read_engine, case_type="shipment", overdue=True, as_of=date(2027, 1, 5)) == [
        ("SHP-2026-0001", "shipment_arrival", day(30)),
        ("SHP-2026-0002", "shipment_report", date(2027, 1, 4)),
    ]
