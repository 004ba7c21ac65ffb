"""FoiRequest rules (DOMAIN.md §3, Law 2939-VI), with deadlines counted by hand."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from domain.calendar import STATUTORY, Calendar, Override
from domain.errors import FutureDateError, RuleViolation, TransitionNotAllowed
from domain.foi_fees import copy_fee, rate_on
from domain.foi_request import FoiStatus, Outcome
from tests.foi.builders import ctx, in_status, kyiv, registered, requester

FRIDAY = date(2024, 3, 1)
TODAY = date(2024, 6, 3)


def refused_on(field, call, *args, **kwargs):
    with pytest.raises(RuleViolation) as caught:
        call(*args, **kwargs)
    assert field in [p.field for p in caught.value.problems], caught.value.problems
    return caught.value


# -- deadlines --------------------------------------------------------------------------------


def test_receipt_on_a_friday_is_due_the_next_friday():
    # Fri 01.03.2024 = day 0; Mon 4 (1), Tue 5 (2), Wed 6 (3), Thu 7 (4), Fri 8 (5).
    r = registered(FRIDAY, TODAY)
    assert r.due_on(STATUTORY) == date(2024, 3, 8)
    assert r.extension_notice_due_on(STATUTORY) == date(2024, 3, 8)
    assert not r.overdue(date(2024, 3, 8), STATUTORY)
    assert r.overdue(date(2024, 3, 9), STATUTORY)


def test_receipt_before_new_year_under_martial_law_counts_the_holidays_as_working_days():
    # Fri 29.12.2023 = day 0; 1, 2, 3, 4, 5 January 2024 are the 1st to 5th working days.
    r = registered(date(2023, 12, 29), TODAY)
    assert r.due_on(STATUTORY) == date(2024, 1, 5)


def test_receipt_before_new_year_in_peacetime_skips_the_holidays():
    # Wed 30.12.2020 = day 0; Thu 31.12 (1); 1 Jan off; Mon 4 (2), Tue 5 (3), Wed 6 (4);
    # 7 Jan Christmas and 8 Jan bridge day off; Mon 11.01.2021 (5).
    r = registered(date(2020, 12, 30), TODAY)
    assert r.due_on(STATUTORY) == date(2021, 1, 11)


def test_the_journalists_request_of_christmas_2023_answered_12_january_was_9_working_days_late():
    # Mon 25.12.2023 = day 0; 26, 27, 28, 29 Dec, Mon 1 Jan (5): due 01.01.2024.
    # Late days in (1 Jan, 12 Jan]: 2, 3, 4, 5, 8, 9, 10, 11, 12 January = 9.
    r = registered(date(2023, 12, 25), TODAY)
    assert r.due_on(STATUTORY) == date(2024, 1, 1)
    r.answer(
        ctx(TODAY), answered_on=date(2024, 1, 12), outcome="granted", outgoing_number="17/0/972-24"
    )
    assert r.late(STATUTORY) is True
    assert r.working_days_late(STATUTORY) == 9
    assert not r.overdue(date(2024, 6, 1), STATUTORY)


def test_an_answer_on_the_due_day_is_on_time():
    r = registered(date(2023, 12, 25), TODAY)
    r.answer(ctx(TODAY), answered_on=date(2024, 1, 1), outcome="granted", outgoing_number="1")
    assert r.late(STATUTORY) is False
    assert r.working_days_late(STATUTORY) == 0


def test_an_open_request_has_no_lateness_yet():
    r = registered(FRIDAY, TODAY)
    assert r.late(STATUTORY) is None
    assert r.working_days_late(STATUTORY) is None


def test_an_override_moves_the_due_date_of_an_open_request_without_touching_its_events():
    r = registered(FRIDAY, TODAY)
    version = r.version
    blackout = Calendar.of([Override(date(2024, 3, 5), False, "blackout")])
    # Mon 4 (1), Tue 5 off, Wed 6 (2), Thu 7 (3), Fri 8 (4), Mon 11.03.2024 (5).
    assert r.due_on(blackout) == date(2024, 3, 11)
    assert r.overdue(date(2024, 3, 9), STATUTORY)
    assert not r.overdue(date(2024, 3, 9), blackout)
    assert r.version == version


def test_a_clarification_does_not_move_the_deadline():
    r = registered(FRIDAY, TODAY)
    r.clarify(ctx(TODAY), on=date(2024, 3, 4), note="Which year do you mean?")
    r.clarify(ctx(TODAY), on=date(2024, 3, 6), note="2023", direction="from_requester")
    assert r.due_on(STATUTORY) == date(2024, 3, 8)
    assert [c.direction for c in r.clarifications] == ["to_requester", "from_requester"]
    assert r.status is FoiStatus.RECEIVED


# -- extension (Art. 20(4)) -------------------------------------------------------------------


def extend(r, notice_sent_on, calendar=STATUTORY):
    r.extend(
        ctx(TODAY),
        calendar,
        notice_sent_on=notice_sent_on,
        reason="large_volume",
        justification="Hundreds of acts to copy",
    )


def test_an_extension_notice_on_exactly_the_fifth_working_day_is_allowed():
    # Fri 01.03.2024: 5th working day Fri 08.03; 20th: 4-8 (5), 11-15 (10), 18-22 (15),
    # 25-29 March (20) = Fri 29.03.2024.
    r = registered(FRIDAY, TODAY)
    extend(r, date(2024, 3, 8))
    assert r.status is FoiStatus.EXTENDED
    assert r.extended
    assert r.due_on(STATUTORY) == date(2024, 3, 29)
    assert r.extension_notice_due_on(STATUTORY) == date(2024, 3, 8)


def test_an_extension_notice_on_the_sixth_working_day_is_refused_and_changes_nothing():
    r = registered(FRIDAY, TODAY)
    version = r.version
    refused_on("notice_sent_on", extend, r, date(2024, 3, 11))  # Monday: the 6th working day
    assert r.version == version
    assert r.status is FoiStatus.RECEIVED
    assert r.due_on(STATUTORY) == date(2024, 3, 8)


def test_a_notice_on_a_day_made_working_by_override_counts_that_day():
    # With Tue 05.03 off, the 5th working day is Mon 11.03: a notice then is in time.
    r = registered(FRIDAY, TODAY)
    extend(r, date(2024, 3, 11), Calendar.of([Override(date(2024, 3, 5), False, "blackout")]))
    assert r.extended


def test_a_second_extension_is_refused():
    r = registered(FRIDAY, TODAY)
    extend(r, date(2024, 3, 4))
    with pytest.raises(TransitionNotAllowed):
        extend(r, date(2024, 3, 5))


def test_an_extension_notice_before_receipt_is_refused():
    r = registered(FRIDAY, TODAY)
    refused_on("notice_sent_on", extend, r, date(2024, 2, 29))


def test_reassigning_an_extended_request_keeps_it_extended():
    r = registered(FRIDAY, TODAY)
    r.assign(ctx(TODAY), officer="taras")
    assert r.status is FoiStatus.IN_PROGRESS
    extend(r, date(2024, 3, 4))
    r.assign(ctx(TODAY), officer="olha")
    assert r.status is FoiStatus.EXTENDED
    assert r.officer == "olha"


# -- urgency (Art. 20(2)) ---------------------------------------------------------------------


def urgent(received_at: datetime):
    return registered(
        received_at.date(),
        TODAY,
        received_at=received_at,
        urgent=True,
        urgency_reason="drinking water after shelling",
    )


def test_an_urgent_request_received_on_friday_afternoon_is_due_48_hours_later_on_sunday():
    r = urgent(kyiv(FRIDAY, 15, 30))
    assert r.urgent_due_at == kyiv(date(2024, 3, 3), 15, 30)  # Sunday
    assert r.due_on(STATUTORY) == date(2024, 3, 3)


def test_an_urgent_answer_is_judged_by_the_hour_when_the_moment_is_known():
    on_time = urgent(kyiv(FRIDAY, 15, 30))
    on_time.answer(
        ctx(TODAY),
        answered_on=date(2024, 3, 3),
        answered_at=kyiv(date(2024, 3, 3), 15, 0),
        outcome="granted",
        outgoing_number="1",
    )
    assert on_time.late(STATUTORY) is False
    late = urgent(kyiv(FRIDAY, 15, 30))
    late.answer(
        ctx(TODAY),
        answered_on=date(2024, 3, 3),
        answered_at=kyiv(date(2024, 3, 3), 16, 0),
        outcome="granted",
        outgoing_number="1",
    )
    assert late.late(STATUTORY) is True
    assert late.working_days_late(STATUTORY) == 0  # the same Sunday


def test_an_urgent_answer_on_monday_is_one_working_day_late():
    r = urgent(kyiv(FRIDAY, 15, 30))
    r.answer(ctx(TODAY), answered_on=date(2024, 3, 4), outcome="granted", outgoing_number="1")
    assert r.late(STATUTORY) is True
    assert r.working_days_late(STATUTORY) == 1  # (Sun 3, Mon 4]


def test_urgency_needs_a_reason_and_the_moment_of_receipt():
    refused_on(
        "urgency_reason",
        registered,
        FRIDAY,
        TODAY,
        received_at=kyiv(FRIDAY, 15),
        urgent=True,
    )
    refused_on("received_at", registered, FRIDAY, TODAY, urgent=True, urgency_reason="flood")
    refused_on("urgency_reason", registered, FRIDAY, TODAY, urgency_reason="flood")


def test_the_moment_of_receipt_must_fall_on_the_day_of_receipt_and_not_after_now():
    refused_on("received_at", registered, FRIDAY, TODAY, received_at=kyiv(date(2024, 3, 2), 9))
    with pytest.raises(FutureDateError):
        registered(TODAY, TODAY, received_at=kyiv(TODAY, 23))  # ctx is at 18:00


# -- registration -----------------------------------------------------------------------------


def test_a_request_with_no_way_to_reach_the_requester_is_refused():
    refused_on("requester", registered, FRIDAY, TODAY, requester=requester(email="  "))
    refused_on("requester", registered, FRIDAY, TODAY, requester=requester(phone=""))


@pytest.mark.parametrize(
    "contact", [{"email": "a@b.ua"}, {"postal_address": "Kharkiv"}, {"phone": "+380577000000"}]
)
def test_any_one_contact_is_enough(contact):
    assert registered(FRIDAY, TODAY, requester=requester(**contact)).requester.name


def test_a_received_date_in_the_future_is_refused():
    with pytest.raises(FutureDateError):
        registered(date(2024, 6, 4), TODAY)


# -- answer, refusal grounds and fees (Art. 21, 22) -------------------------------------------


def answer(r, **facts):
    values = {"answered_on": date(2024, 3, 6), "outcome": "granted", "outgoing_number": "17/0/1"}
    values.update(facts)
    r.answer(ctx(TODAY), **values)
    return r


def test_a_refusal_without_a_ground_is_refused():
    refused_on("refusal_grounds", answer, registered(FRIDAY, TODAY), outcome="refused")


def test_a_grant_with_a_refusal_ground_is_refused():
    r = registered(FRIDAY, TODAY)
    refused_on("refusal_grounds", answer, r, refusal_grounds=["not_held"])


def test_a_ground_outside_the_laws_list_is_refused():
    with pytest.raises(ValueError):
        answer(registered(FRIDAY, TODAY), outcome="refused", refusal_grounds=["inconvenient"])


def test_refusal_and_partial_grant_record_their_grounds():
    refused = answer(registered(FRIDAY, TODAY), outcome="refused", refusal_grounds=["restricted"])
    assert refused.outcome is Outcome.REFUSED
    assert refused.refusal_grounds == ["restricted"]
    partial = answer(
        registered(FRIDAY, TODAY),
        outcome="partially_granted",
        refusal_grounds=["not_held", "not_held", "unpaid_costs"],
    )
    assert partial.refusal_grounds == ["not_held", "unpaid_costs"]


def test_an_answer_dated_before_receipt_is_refused():
    refused_on("answered_on", answer, registered(FRIDAY, TODAY), answered_on=date(2024, 2, 29))


def test_an_answer_dated_in_the_future_is_refused():
    with pytest.raises(FutureDateError):
        answer(registered(FRIDAY, TODAY), answered_on=date(2024, 6, 4))


def test_a_transfer_of_an_answered_request_is_refused():
    r = answer(registered(FRIDAY, TODAY))
    with pytest.raises(TransitionNotAllowed):
        r.transfer(
            ctx(TODAY),
            to_holder="Customs",
            transferred_on=date(2024, 3, 7),
            requester_notified_on=date(2024, 3, 7),
        )


@pytest.mark.parametrize(
    ("pages", "answered_on", "flags", "billable", "fee"),
    [
        (None, date(2024, 1, 12), {}, 0, "0.00"),
        (10, date(2024, 1, 12), {}, 0, "0.00"),  # the first ten pages are free
        (11, date(2024, 1, 12), {}, 1, "7.10"),  # 1 x 7.10 (0.1% of 7,100 UAH)
        (14, date(2024, 1, 12), {}, 4, "28.40"),  # 4 x 7.10
        (25, date(2024, 5, 2), {}, 15, "120.00"),  # 15 x 8.00 (0.1% of 8,000 UAH)
        (14, date(2024, 1, 12), {"own_personal_data": True}, 4, "0.00"),
        (14, date(2024, 1, 12), {"public_interest": True}, 4, "0.00"),
        (14, date(2024, 1, 12), {"outcome": "refused", "refusal_grounds": ["restricted"]}, 4, "0"),
    ],
)
def test_copying_beyond_ten_pages_is_charged_at_the_rate_unless_exempt(
    pages, answered_on, flags, billable, fee
):
    r = answer(registered(date(2024, 1, 2), TODAY), pages=pages, answered_on=answered_on, **flags)
    assert r.billable_pages == billable
    assert r.fee == Decimal(fee)


def test_the_rate_changes_on_the_day_a_new_row_applies():
    assert rate_on(date(2024, 3, 31)) == Decimal("7.10")
    assert rate_on(date(2024, 4, 1)) == Decimal("8.00")
    assert copy_fee(12, date(2020, 6, 1)) == Decimal("12.00")  # before the table: first row


def test_payment_of_the_fee_is_recorded_once_and_for_the_amount_charged():
    r = answer(registered(date(2024, 1, 2), TODAY), answered_on=date(2024, 1, 12), pages=14)
    refused_on("amount", r.record_payment, ctx(TODAY), paid_on=date(2024, 1, 15), amount=10)
    r.record_payment(ctx(TODAY), paid_on=date(2024, 1, 15), amount=Decimal("28.4"))
    assert r.paid_on == date(2024, 1, 15)
    assert r.paid_amount == Decimal("28.40")
    refused_on(
        "paid_on", r.record_payment, ctx(TODAY), paid_on=date(2024, 1, 16), amount=Decimal("28.40")
    )


def test_no_payment_is_recorded_when_nothing_was_charged():
    r = answer(registered(FRIDAY, TODAY), pages=3)
    refused_on("amount", r.record_payment, ctx(TODAY), paid_on=date(2024, 3, 7), amount=1)


# -- deferral, transfer, withdrawal -----------------------------------------------------------


def test_a_deferral_sets_the_due_date_to_the_new_date():
    r = registered(FRIDAY, TODAY)
    r.defer(
        ctx(TODAY),
        STATUTORY,
        decided_on=date(2024, 3, 5),
        reason="shelling",
        new_due_on=date(2024, 4, 1),
    )
    assert r.status is FoiStatus.DEFERRED
    assert r.due_on(STATUTORY) == date(2024, 4, 1)
    assert not r.overdue(date(2024, 3, 20), STATUTORY)


def test_a_deferral_to_a_date_not_after_the_current_due_date_is_refused():
    r = registered(FRIDAY, TODAY)
    refused_on(
        "new_due_on",
        r.defer,
        ctx(TODAY),
        STATUTORY,
        decided_on=date(2024, 3, 5),
        reason="shelling",
        new_due_on=date(2024, 3, 8),
    )


def test_a_transfer_ends_the_case_for_us():
    r = registered(FRIDAY, TODAY)
    r.transfer(
        ctx(TODAY),
        to_holder="State Customs Service",
        transferred_on=date(2024, 3, 4),
        requester_notified_on=date(2024, 3, 4),
    )
    assert r.status is FoiStatus.TRANSFERRED
    assert r.is_final
    assert not r.overdue(date(2024, 5, 1), STATUTORY)
    assert r.late(STATUTORY) is None


def test_a_withdrawal_dated_before_receipt_is_refused():
    refused_on(
        "withdrawn_on",
        registered(FRIDAY, TODAY).withdraw,
        ctx(TODAY),
        withdrawn_on=date(2024, 2, 1),
    )


def test_an_answered_request_accepts_a_payment_but_no_other_command():
    r = in_status(FoiStatus.ANSWERED)
    assert r.is_final
    assert r.fee == Decimal("32.00")


def test_a_partial_grant_without_a_ground_for_the_withheld_part_is_refused():
    with pytest.raises(RuleViolation):
        answer(registered(FRIDAY, TODAY), outcome="partially_granted", refusal_grounds=[])


def test_lateness_is_fixed_by_the_calendar_in_force_when_answered():
    # Mon 04.03.2024 = day 0; due Mon 11.03; answered Tue 12.03: one working day late.
    r = registered(date(2024, 3, 4), TODAY)
    r.answer(
        ctx(TODAY),
        answered_on=date(2024, 3, 12),
        outcome="granted",
        outgoing_number="1",
        calendar=STATUTORY,
    )
    later = Calendar.of([Override(date(2024, 3, 6), False, "a day off decided afterwards")])
    assert (r.due_on(later), r.late(later), r.working_days_late(later)) == (
        date(2024, 3, 11),
        True,
        1,
    )
    # An open request is re-planned with the calendar as it stands.
    assert registered(date(2024, 3, 4), TODAY).due_on(later) == date(2024, 3, 12)
