"""When each reminder falls due (DOMAIN.md §2–4), with dates worked out by hand."""

from datetime import date, datetime, time
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest

from domain.agreement import Agreement, AgreementStatus
from domain.calendar import STATUTORY, Calendar
from domain.errors import RuleViolation
from domain.meta import Ctx
from domain.reminders import EndOfTerm, ReminderAlreadyIssued, What
from domain.values import Term
from tests.foi import builders as foi_builders
from tests.shipments import builders as shipment_builders

KYIV = ZoneInfo("Europe/Kyiv")


def ctx(today: date, at: time = time(12, 0)) -> Ctx:
    return Ctx(actor="system", today=today, now=datetime.combine(today, at, KYIV))


def keys(reminders) -> list[str]:
    return [r.key for r in reminders]


def issue_all(case, today: date, *args) -> list[str]:
    """Issue everything due, as the job does; the keys issued."""
    c = ctx(today)
    due = keys(case.reminders_due(*args, c.today, c.now) if args else case.reminders_due(today))
    for key in due:
        case.issue_reminder(c, *args, key)
    return due


# -- agreements -----------------------------------------------------------------------------------

# Kharkiv–Cincinnati MoU renewed 19.09.2023 for 5 years: expires 19.09.2028.
EXPIRES = date(2028, 9, 19)


def cincinnati(**facts) -> Agreement:
    a = Agreement.propose(
        ctx(date(2023, 9, 1)),
        reference="AGR-2023-0004",
        kind="memorandum",
        title="Memorandum with Cincinnati",
        partner_ids=[uuid4()],
        term=Term(years=5),
        owner="olena",
        **facts,
    )
    a.approve(
        ctx(date(2023, 9, 1)), council_decision_ref="5/2023", council_decided_on=date(2023, 9, 1)
    )
    a.sign(ctx(date(2023, 9, 19)), signed_on=date(2023, 9, 19))
    assert a.expires_on == EXPIRES
    return a


def test_the_90_day_window_opens_on_21_june_2028_and_not_a_day_before():
    a = cincinnati()
    assert keys(a.reminders_due(date(2028, 6, 20))) == []
    assert keys(a.reminders_due(date(2028, 6, 21))) == ["window:90:2028-09-19"]


def test_the_60_and_30_day_windows_open_on_21_july_and_20_august():
    a = cincinnati()
    issue_all(a, date(2028, 6, 21))
    assert keys(a.reminders_due(date(2028, 7, 20))) == []
    assert keys(a.reminders_due(date(2028, 7, 21))) == ["window:60:2028-09-19"]
    issue_all(a, date(2028, 7, 21))
    assert keys(a.reminders_due(date(2028, 8, 19))) == []
    assert keys(a.reminders_due(date(2028, 8, 20))) == ["window:30:2028-09-19"]


def test_a_run_after_a_gap_issues_every_window_it_missed():
    a = cincinnati()
    assert issue_all(a, date(2028, 8, 25)) == [
        "window:90:2028-09-19",
        "window:60:2028-09-19",
        "window:30:2028-09-19",
    ]
    assert a.reminders_due(date(2028, 8, 25)) == []


def test_a_reminder_is_never_issued_twice():
    a = cincinnati()
    issue_all(a, date(2028, 6, 21))
    with pytest.raises(ReminderAlreadyIssued):
        a.issue_reminder(ctx(date(2028, 6, 22)), "window:90:2028-09-19")
    assert a.reminders_issued == ["window:90:2028-09-19"]


def test_a_reminder_not_yet_due_is_refused():
    a = cincinnati()
    with pytest.raises(RuleViolation):
        a.issue_reminder(ctx(date(2028, 6, 20)), "window:90:2028-09-19")


def test_the_notice_deadline_is_expiry_minus_the_notice_period():
    a = cincinnati(notice_period_days=45)  # 19.09.2028 - 45 days = 05.08.2028
    assert "notice:2028-09-19" not in keys(a.reminders_due(date(2028, 8, 4)))
    due = {r.key: r for r in a.reminders_due(date(2028, 8, 5))}
    assert due["notice:2028-09-19"].what is What.AGREEMENT_NOTICE
    assert due["notice:2028-09-19"].due_on == date(2028, 8, 5)


def test_windows_are_set_per_agreement():
    a = cincinnati(reminder_windows_days=(14,))
    assert keys(a.reminders_due(date(2028, 9, 4))) == []
    assert keys(a.reminders_due(date(2028, 9, 5))) == ["window:14:2028-09-19"]


def test_each_term_has_its_own_reminders():
    a = cincinnati()
    issue_all(a, date(2028, 8, 25))
    a.renew(ctx(date(2028, 9, 1)), renewed_on=date(2028, 9, 1))  # runs on from 19.09.2028
    assert a.expires_on == date(2033, 9, 19)
    assert keys(a.reminders_due(date(2033, 6, 21))) == ["window:90:2033-09-19"]


def test_a_suspended_agreement_is_still_reminded_but_an_ended_one_is_not():
    a = cincinnati()
    a.suspend(ctx(date(2028, 1, 1)), suspended_on=date(2028, 1, 1), reason="war")
    assert keys(a.reminders_due(date(2028, 6, 21))) == ["window:90:2028-09-19"]
    a.terminate(
        ctx(date(2028, 2, 1)), terminated_on=date(2028, 2, 1), grounds="g", decision_ref="d"
    )
    assert a.reminders_due(date(2028, 6, 21)) == []


def test_the_expiry_is_due_on_expires_on_and_not_the_day_before():
    a = cincinnati()
    assert a.end_of_term_due(date(2028, 9, 18)) is None
    assert a.end_of_term_due(date(2028, 9, 19)) is EndOfTerm.EXPIRE
    due = {r.key: r.what for r in a.reminders_due(date(2028, 9, 19))}
    assert due["expiry:2028-09-19"] is What.AGREEMENT_EXPIRED


def test_an_auto_renewing_agreement_renews_for_its_term_from_the_old_expiry():
    a = cincinnati(auto_renew=True)
    assert a.end_of_term_due(date(2028, 9, 19)) is EndOfTerm.RENEW
    due = {r.key: r.what for r in a.reminders_due(date(2028, 9, 19))}
    assert due["expiry:2028-09-19"] is What.AGREEMENT_RENEWED
    a.renew_automatically(ctx(date(2028, 10, 3)))  # a late run: the term still runs from 19.09
    assert a.status is AgreementStatus.RENEWED
    assert a.renewed_on == date(2028, 9, 19)
    assert a.expires_on == date(2033, 9, 19)


def test_automatic_renewal_is_refused_before_the_expiry_date():
    a = cincinnati(auto_renew=True)
    with pytest.raises(RuleViolation):
        a.renew_automatically(ctx(date(2028, 9, 18)))


def test_a_suspended_auto_renewing_agreement_expires_instead():
    a = cincinnati(auto_renew=True)
    a.suspend(ctx(date(2028, 1, 1)), suspended_on=date(2028, 1, 1), reason="war")
    assert a.end_of_term_due(date(2028, 9, 19)) is EndOfTerm.EXPIRE


def test_an_agreement_without_end_is_never_reminded():
    a = Agreement.propose(
        ctx(date(2023, 9, 1)), reference="AGR-1", kind="twinning", title="T", partner_ids=[uuid4()]
    )
    a.approve(ctx(date(2023, 9, 1)), council_decision_ref="1", council_decided_on=date(2023, 9, 1))
    a.sign(ctx(date(2023, 9, 2)), signed_on=date(2023, 9, 2))
    assert a.reminders_due(date(2099, 1, 1)) == []
    assert a.end_of_term_due(date(2099, 1, 1)) is None


# -- FOI requests ---------------------------------------------------------------------------------

# Received Monday 02.11.2026 (martial law: no public holidays). Working days after it:
# 1 Tue 03, 2 Wed 04, 3 Thu 05, 4 Fri 06, 5 Mon 09.11 = due_on.
RECEIVED = date(2026, 11, 2)


def request(**facts):
    r = foi_builders.registered(received_on=RECEIVED, today=RECEIVED, **facts)
    r.assign(foi_builders.ctx(RECEIVED), officer="taras")
    return r


def foi_due(r, today: date, calendar: Calendar = STATUTORY, at: time = time(12, 0)) -> list[str]:
    return keys(r.reminders_due(calendar, today, datetime.combine(today, at, KYIV)))


def test_the_third_working_day_reminder_comes_on_thursday_5_november():
    r = request()
    assert foi_due(r, date(2026, 11, 4)) == []
    due = {
        x.key: x for x in r.reminders_due(STATUTORY, date(2026, 11, 5), ctx(date(2026, 11, 5)).now)
    }
    assert list(due) == ["day3:2026-11-05"]
    assert due["day3:2026-11-05"].due_on == date(2026, 11, 9)  # the notices are due by the 5th


def test_the_day_before_is_friday_6_november_and_the_due_day_monday_9_november():
    r = request()
    assert foi_due(r, date(2026, 11, 6)) == ["day3:2026-11-05", "before:2026-11-09"]
    assert foi_due(r, date(2026, 11, 9))[-1] == "due:2026-11-09"


def test_an_overdue_request_is_reminded_each_working_day_and_a_late_run_catches_up():
    r = request()
    assert foi_due(r, date(2026, 11, 16)) == [
        "day3:2026-11-05",
        "before:2026-11-09",
        "due:2026-11-09",
        "overdue:2026-11-10",
        "overdue:2026-11-11",
        "overdue:2026-11-12",
        "overdue:2026-11-13",
        "overdue:2026-11-16",  # not Saturday 14 or Sunday 15
    ]


def test_an_overdue_reminder_each_day_once():
    r = request()
    issue_all(r, date(2026, 11, 10), STATUTORY)
    assert foi_due(r, date(2026, 11, 10)) == []
    assert foi_due(r, date(2026, 11, 11)) == ["overdue:2026-11-11"]


def test_a_day_the_administrator_makes_non_working_moves_the_reminders():
    from domain.calendar import Override

    calendar = Calendar.of([Override(date(2026, 11, 4), False, "blackout")])
    r = request()
    # 1 Tue 03, 2 Thu 05, 3 Fri 06, 4 Mon 09, 5 Tue 10 = due; day before = Mon 09.
    assert foi_due(r, date(2026, 11, 9), calendar) == ["day3:2026-11-06", "before:2026-11-10"]


def test_an_extended_request_gets_no_third_day_reminder_and_is_due_on_the_20th_working_day():
    r = request()
    r.extend(
        foi_builders.ctx(date(2026, 11, 4)),
        STATUTORY,
        notice_sent_on=date(2026, 11, 4),
        reason="large_volume",
        justification="archives",
    )
    assert r.due_on(STATUTORY) == date(2026, 11, 30)
    assert foi_due(r, date(2026, 11, 26)) == []
    assert foi_due(r, date(2026, 11, 27)) == ["before:2026-11-30"]


def test_an_answered_request_is_not_reminded():
    r = request()
    r.answer(
        foi_builders.ctx(date(2026, 11, 6)),
        answered_on=date(2026, 11, 6),
        outcome="granted",
        outgoing_number="17/0/1-26",
    )
    assert foi_due(r, date(2026, 11, 20)) == []


def test_an_urgent_request_is_reminded_at_24_and_40_hours():
    # Received Friday 06.11.2026 at 10:00: 24 h = Sat 07.11 10:00, 40 h = Sun 08.11 02:00,
    # and the 48 hours end on Sun 08.11 10:00.
    received_at = datetime(2026, 11, 6, 10, 0, tzinfo=KYIV)
    r = foi_builders.registered(
        received_on=date(2026, 11, 6),
        today=date(2026, 11, 6),
        received_at=received_at,
        urgent=True,
        urgency_reason="a flood",
    )
    assert foi_due(r, date(2026, 11, 7), at=time(9, 59)) == []
    assert foi_due(r, date(2026, 11, 7), at=time(10, 0)) == ["urgent:24"]
    assert foi_due(r, date(2026, 11, 8), at=time(1, 59)) == ["urgent:24"]
    due = r.reminders_due(STATUTORY, date(2026, 11, 8), datetime(2026, 11, 8, 2, 0, tzinfo=KYIV))
    assert keys(due) == ["urgent:24", "urgent:40"]
    assert due[1].due_at == datetime(2026, 11, 8, 10, 0, tzinfo=KYIV)
    # Overdue from the next working day: Monday 09.11.
    assert foi_due(r, date(2026, 11, 9))[-1] == "overdue:2026-11-09"


# -- aid shipments --------------------------------------------------------------------------------

# Cleared 01.09.2026: the report is due 90 days later, on 30.11.2026.
CLEARED = date(2026, 9, 1)


def cleared():
    s = shipment_builders.announced(expected_on=date(2026, 8, 30))
    c = shipment_builders.ctx(CLEARED)
    s.declare(c, code="HA-1", declared_on=CLEARED)
    s.dispatch(c, dispatched_on=CLEARED)
    s.clear_customs(c, cleared_on=CLEARED, customs_ref="UA/1")
    assert s.report_due_on == date(2026, 11, 30)
    return s


@pytest.mark.parametrize(
    ("window", "first_day"),
    [
        (30, date(2026, 10, 31)),
        (14, date(2026, 11, 16)),
        (7, date(2026, 11, 23)),
        (1, date(2026, 11, 29)),
    ],
)
def test_the_report_reminders_come_30_14_7_and_1_days_before(window, first_day):
    s = cleared()
    key = f"report:{window}:2026-11-30"
    assert key not in keys(s.reminders_due(date.fromordinal(first_day.toordinal() - 1)))
    assert key in keys(s.reminders_due(first_day))


def test_an_unreported_shipment_is_reminded_every_calendar_day_after_the_due_date():
    s = cleared()
    issue_all(s, date(2026, 11, 30))
    assert keys(s.reminders_due(date(2026, 12, 6))) == [
        "report_overdue:2026-12-01",
        "report_overdue:2026-12-02",
        "report_overdue:2026-12-03",
        "report_overdue:2026-12-04",
        "report_overdue:2026-12-05",  # a Saturday: the 90 days are calendar days
        "report_overdue:2026-12-06",
    ]


def test_a_reported_shipment_is_not_reminded():
    s = shipment_builders.in_status(shipment_builders.S.REPORTED)
    assert s.reminders_due(date(2030, 1, 1)) == []


def test_an_arrival_more_than_seven_days_late_is_flagged_once():
    s = shipment_builders.announced(expected_on=date(2026, 11, 1))
    assert s.reminders_due(date(2026, 11, 8)) == []  # 7 days late: not yet
    assert keys(s.reminders_due(date(2026, 11, 9))) == ["arrival:2026-11-01"]
    issue_all(s, date(2026, 11, 9))
    assert s.reminders_due(date(2026, 12, 31)) == []


def test_an_arrival_is_not_flagged_once_customs_cleared_it_or_it_was_cancelled():
    assert cleared().reminders_due(date(2026, 9, 20)) == []
    s = shipment_builders.announced(expected_on=date(2026, 11, 1))
    s.cancel(shipment_builders.ctx(date(2026, 11, 2)), reason="withdrawn")
    assert s.reminders_due(date(2026, 12, 1)) == []


def test_a_reminder_event_carries_what_the_message_needs():
    s = cleared()
    s.issue_reminder(ctx(date(2026, 10, 31)), "report:30:2026-11-30")
    event = s.pending_events[-1]
    assert type(event).__name__ == "ReminderIssued"
    assert (event.key, event.what, event.due_on, event.window) == (
        "report:30:2026-11-30",
        "shipment_report_window",
        date(2026, 11, 30),
        30,
    )
    assert (event.reference, event.issued_on, event.meta.actor) == (
        "SHP-2022-0001",
        date(2026, 10, 31),
        "system",
    )


# -- notice of non-renewal (DOMAIN.md §2: auto-renewal "unless a notice was given") -------------


def test_a_notice_of_non_renewal_makes_an_auto_renewing_agreement_expire_instead():
    a = cincinnati(auto_renew=True, notice_period_days=90)  # expires 19.09.2028
    a.give_notice(
        ctx(date(2028, 6, 1)), given_by="partner", given_on=date(2028, 6, 1), letter_ref="L-7"
    )
    assert (a.status, a.renews_automatically) == (AgreementStatus.SIGNED, False)
    assert a.end_of_term_due(date(2028, 9, 19)) is EndOfTerm.EXPIRE
    with pytest.raises(RuleViolation):
        a.renew_automatically(ctx(date(2028, 9, 19)))


def test_a_notice_after_the_notice_deadline_is_refused():
    # 19.09.2028 − 90 days = 21.06.2028, a Wednesday: the deadline itself.
    a = cincinnati(auto_renew=True, notice_period_days=90)
    with pytest.raises(RuleViolation) as refused:
        a.give_notice(
            ctx(date(2028, 6, 22)), given_by="us", given_on=date(2028, 6, 22), letter_ref="L"
        )
    assert refused.value.problems[0].field == "given_on"
    assert a.renews_automatically
    a.give_notice(ctx(date(2028, 6, 22)), given_by="us", given_on=date(2028, 6, 21), letter_ref="L")
    assert not a.renews_automatically


def test_a_notice_deadline_on_a_sunday_moves_to_monday():
    # Civil Code Art. 254(5): 19.09.2028 − 87 days = 24.06.2028, a Saturday → Monday 26.06.2028.
    a = cincinnati(auto_renew=True, notice_period_days=87)
    assert a.notice_deadline() == date(2028, 6, 26)
    a.give_notice(ctx(date(2028, 6, 26)), given_by="us", given_on=date(2028, 6, 26), letter_ref="L")
    assert not a.renews_automatically


def test_a_notice_is_refused_twice_or_without_auto_renewal_and_a_renewal_clears_it():
    plain = cincinnati()
    with pytest.raises(RuleViolation):
        plain.give_notice(
            ctx(date(2028, 1, 1)), given_by="us", given_on=date(2028, 1, 1), letter_ref="L"
        )
    a = cincinnati(auto_renew=True)
    a.give_notice(ctx(date(2028, 1, 1)), given_by="us", given_on=date(2028, 1, 1), letter_ref="L")
    with pytest.raises(RuleViolation):
        a.give_notice(
            ctx(date(2028, 1, 2)), given_by="us", given_on=date(2028, 1, 2), letter_ref="L2"
        )
    a.renew(ctx(date(2028, 2, 1)), renewed_on=date(2028, 2, 1))  # agreed anew: renews again
    assert a.renews_automatically and a.notice_given_on is None
