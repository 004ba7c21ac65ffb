"""FOI requests and the calendar through the application, on SQLite and on PostgreSQL."""

from datetime import date
from decimal import Decimal

import pytest

from application.commands.calendar import OverrideDay, RemoveOverride
from application.commands.foi import (
    AnswerFoiRequest,
    AssignFoiRequest,
    ClarifyFoiRequest,
    ExtendFoiRequest,
    RecordFoiPayment,
    RegisterFoiRequest,
    RequesterBody,
    TransferFoiRequest,
)
from application.service import Caller
from domain.errors import RuleViolation
from domain.foi_request import FoiStatus
from interfaces.demo import foi as demo_foi

OLENA = Caller(actor="olena", role="clerk", correlation_id="req-7", note="from the registry")
ADMIN = Caller(actor="root", role="admin")
GWARA = RequesterBody(name="Gwara Media", kind="media", email="ed@gwara.ua")


def register(rt, received_on, requester=GWARA):
    return rt.foi.register_foi_request(
        RegisterFoiRequest(
            requester=requester,
            channel="email",
            received_on=received_on,
            subject="Twin cities",
            text="Which agreements were signed?",
        ),
        OLENA,
    ).case


def test_references_are_gapless_per_year_of_receipt(runtime):
    assert register(runtime, date(2023, 12, 29)).reference == "FOI-2023-0001"
    assert register(runtime, date(2024, 1, 2)).reference == "FOI-2024-0001"
    position = runtime.app.position
    with pytest.raises(RuleViolation):
        register(runtime, date(2023, 12, 30), RequesterBody(name="Anon", kind="individual"))
    assert runtime.app.position == position  # nothing stored, no number used
    assert register(runtime, date(2023, 12, 30)).reference == "FOI-2023-0002"


def test_a_request_is_stored_with_its_facts_and_replayed(runtime, clock):
    r = register(runtime, date(2026, 11, 9))
    foi = runtime.foi
    foi.assign_foi_request(r.id, AssignFoiRequest(officer="taras"), OLENA)
    foi.extend_foi_request(
        r.id,
        ExtendFoiRequest(
            notice_sent_on=date(2026, 11, 16),
            reason="large_volume",
            justification="archives of 2022",
        ),
        Caller("marta", role="manager"),
    )
    foi.clarify_foi_request(
        r.id, ClarifyFoiRequest(on=date(2026, 11, 17), note="Which partners?"), OLENA
    )
    foi.answer_foi_request(
        r.id,
        AnswerFoiRequest(
            answered_on=date(2026, 11, 20),
            outcome="partially_granted",
            refusal_grounds=["restricted"],
            outgoing_number="17/0/9-26",
            pages=12,
        ),
        OLENA,
    )
    saved = foi.record_foi_payment(
        r.id, RecordFoiPayment(paid_on=date(2026, 11, 23), amount=Decimal("16")), OLENA
    )

    loaded = foi.get_request(r.id)
    calendar = foi.calendar()
    assert loaded.status is FoiStatus.ANSWERED
    assert loaded.fee == Decimal("16.00")  # 2 pages beyond ten at 8.00
    assert loaded.paid_amount == Decimal("16.00")
    # Mon 09.11.2026 = day 0; 10-13 (4), 16-20 (9), 23-27 (14), 30.11-03.12 (18), 4 Dec (19),
    # Mon 07.12.2026 (20).
    assert loaded.due_on(calendar) == date(2026, 12, 7)
    assert loaded.late(calendar) is False
    assert loaded.requester == GWARA.to_domain()
    assert foi.get_request(r.id, version=2).status is FoiStatus.IN_PROGRESS
    events = list(runtime.app.events.get(r.id))
    assert [type(e).__name__ for e in events] == [
        "Registered",
        "Assigned",
        "ExtensionNoticeSent",
        "ClarificationRecorded",
        "Answered",
        "PaymentRecorded",
    ]
    assert events[0].meta.note == "from the registry"
    assert events[2].meta.actor == "marta"
    assert saved.position == runtime.app.position


def test_an_override_moves_the_due_date_of_an_open_request(runtime):
    r = register(runtime, date(2026, 11, 20))
    foi, versions = runtime.foi, r.version
    # Fri 20.11.2026 = day 0; Mon 23 (1), Tue 24 (2), Wed 25 (3), Thu 26 (4), Fri 27 (5).
    assert foi.get_request(r.id).due_on(foi.calendar()) == date(2026, 11, 27)
    runtime.calendar.override_day(
        OverrideDay(date=date(2026, 11, 25), working=False, reason="blackout"), ADMIN
    )
    # Wed 25 off: Thu 26 (3), Fri 27 (4), Mon 30.11.2026 (5).
    assert foi.get_request(r.id).due_on(foi.calendar()) == date(2026, 11, 30)
    runtime.calendar.override_day(
        OverrideDay(date=date(2026, 11, 28), working=True, reason="Saturday"), ADMIN
    )
    assert foi.get_request(r.id).due_on(foi.calendar()) == date(2026, 11, 28)
    runtime.calendar.remove_override(date(2026, 11, 25), RemoveOverride(reason="revoked"), ADMIN)
    runtime.calendar.remove_override(date(2026, 11, 28), RemoveOverride(reason="revoked"), ADMIN)
    assert foi.get_request(r.id).due_on(foi.calendar()) == date(2026, 11, 27)
    assert foi.get_request(r.id).version == versions  # the request itself did not change
    year = runtime.calendar.year(2026)
    assert year.overrides == []
    assert year.version == 5  # opened, two overrides, two removals


def test_the_demo_records_the_journalists_request_as_answered_nine_working_days_late(
    memory_runtime,
):
    lines = list(demo_foi.load(memory_runtime))
    assert "FOI-2023-0001" in lines[0]
    assert "was due 2024-01-01" in lines[0]
    assert "9 working days late" in lines[0]
    assert lines[1] == "FOI answers: 3 on time, 2 late"


def test_requests_and_the_calendar_register_survive_a_snapshot(runtime):
    r = register(runtime, date(2026, 11, 9))
    foi = runtime.foi
    foi.transfer_foi_request(
        r.id,
        TransferFoiRequest(
            to_holder="State Customs Service",
            transferred_on=date(2026, 11, 10),
            requester_notified_on=date(2026, 11, 10),
        ),
        OLENA,
    )
    saved = runtime.calendar.override_day(
        OverrideDay(date=date(2026, 11, 12), working=False, reason="x"), ADMIN
    )
    answered = register(runtime, date(2026, 11, 9))
    foi.clarify_foi_request(
        answered.id, ClarifyFoiRequest(on=date(2026, 11, 10), note="Which year?"), OLENA
    )
    foi.answer_foi_request(
        answered.id,
        AnswerFoiRequest(
            answered_on=date(2026, 11, 13),
            outcome="partially_granted",
            refusal_grounds=["restricted", "not_held"],
            outgoing_number="17/0/3-26",
            pages=15,
        ),
        Caller("marta", role="manager"),
    )
    for case_id in (r.id, answered.id):
        before = foi.get_request(case_id)
        runtime.app.take_snapshot(case_id)
        assert vars(foi.get_request(case_id)) == vars(before)
    runtime.app.take_snapshot(saved.case.id)
    after = foi.get_request(r.id)
    assert after.transferral.to_holder == "State Customs Service"
    assert runtime.calendar.register().overrides == saved.case.overrides
    assert runtime.app.snapshots is not None
    assert len(list(runtime.app.snapshots.get(r.id))) == 1
