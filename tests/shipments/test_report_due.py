"""The 90-day reporting clock: calendar days from customs clearance, across months and years,
ending on a working day (Civil Code Art. 254(5), DOMAIN.md §7)."""

from datetime import date

import pytest

from domain.aid_shipment import report_due
from tests.shipments.builders import D, announced, ctx


@pytest.mark.parametrize(
    ("cleared_on", "due_on"),
    [
        # Nov 15 + 15 = Nov 30; + 31 = Dec 31 (46); + 31 = Jan 31 (77); + 13 = Feb 13 (90).
        (date(2022, 11, 15), date(2023, 2, 13)),
        # Dec 31 + 31 = Jan 31; + 29 = Feb 29 (60, leap year 2024); + 30 = Mar 30 (90).
        # 30.03.2024 is a Saturday: the term ends on Monday 01.04.2024.
        (date(2023, 12, 31), date(2024, 4, 1)),
        # Dec 31 + 31 = Jan 31; + 28 = Feb 28 (59, no leap year); + 31 = Mar 31 (90).
        (date(2022, 12, 31), date(2023, 3, 31)),
        # Jan 31 + 28 = Feb 28; + 31 = Mar 31 (59); + 30 = Apr 30 (89); + 1 = May 1 (90).
        # 01.05.2023 is Labour Day, but under martial law (Law 2136-IX) not a day off: it stays.
        (date(2023, 1, 31), date(2023, 5, 1)),
        # Jan 18 + 13 = Jan 31; + 28 = Feb 28 (41); + 31 = Mar 31 (72); + 18 = Apr 18 (90).
        (date(2023, 1, 18), date(2023, 4, 18)),
        # Nov 29 + 1 = Nov 30; + 31 = Dec 31 (32); + 31 = Jan 31 (63); + 27 = Feb 27 (90).
        (date(2022, 11, 29), date(2023, 2, 27)),
        # Feb 29 (leap) + 31 = Mar 31 (31); + 30 = Apr 30 (61); + 29 = May 29 (90).
        (date(2024, 2, 29), date(2024, 5, 29)),
        # Oct 5 + 26 = Oct 31; + 30 = Nov 30 (56); + 31 = Dec 31 (87); + 3 = Jan 3 (90).
        # 03.01.2027 is a Sunday: the term ends on Monday 04.01.2027.
        (date(2026, 10, 5), date(2027, 1, 4)),
        # Dec 2 + 29 = Dec 31; + 31 = Jan 31 (60); + 28 = Feb 28 (88); + 2 = Mar 2 (90), a Sunday:
        # the term ends on Monday 03.03.2025 (the case of issue 16).
        (date(2024, 12, 2), date(2025, 3, 3)),
        # Oct 9 + 22 = Oct 31; + 30 = Nov 30 (52); + 31 = Dec 31 (83); + 7 = Jan 7 (90):
        # Orthodox Christmas 2022, before martial law a day off; Sat, Sun → Monday 10.01.2022.
        (date(2021, 10, 9), date(2022, 1, 10)),
    ],
)
def test_the_report_is_due_ninety_calendar_days_after_clearance(cleared_on, due_on):
    assert report_due(cleared_on) == due_on


def test_the_due_date_is_recorded_when_customs_clears_the_shipment():
    s = announced()
    s.declare(ctx(), code="HA-1", declared_on=date(2022, 11, 10))
    s.dispatch(ctx(), dispatched_on=date(2022, 11, 12))
    s.clear_customs(ctx(), cleared_on=date(2022, 11, 15), customs_ref="UA1")
    assert s.report_due_on == date(2023, 2, 13)
    cleared = s.collect_events()[-1]
    assert (cleared.cleared_on, cleared.report_due_on) == (date(2022, 11, 15), date(2023, 2, 13))


def test_an_overridden_day_off_moves_the_end_of_the_term():
    from domain.calendar import Calendar, Override

    # Cleared 17.11.2022 + 90 = 15.02.2023, a Wednesday; made non-working by the administrator.
    calendar = Calendar.of([Override(date(2023, 2, 15), working=False, reason="blackout")])
    assert report_due(date(2022, 11, 17)) == date(2023, 2, 15)
    assert report_due(date(2022, 11, 17), calendar) == date(2023, 2, 16)


def test_a_later_override_re_plans_an_open_report_and_the_report_fixes_its_due_date():
    from domain.aid_lines import LineReceipt
    from domain.calendar import Calendar, Override

    s = announced()
    s.declare(ctx(), code="HA-1", declared_on=date(2022, 11, 10))
    s.dispatch(ctx(), dispatched_on=date(2022, 11, 12))
    s.clear_customs(ctx(), cleared_on=date(2022, 11, 17), customs_ref="UA1")  # due 15.02.2023
    s.receive(
        ctx(),
        received_on=date(2022, 11, 20),
        lines=[LineReceipt(line.line_no, D(0), damaged=line.quantity, discrepancy_reason="shelled")
               for line in s.lines],
    )  # fmt: skip
    later = Calendar.of([Override(date(2023, 2, 15), working=False, reason="blackout")])
    assert s.current_report_due_on(later) == date(2023, 2, 16)
    assert not s.overdue(date(2023, 2, 16), later) and s.overdue(date(2023, 2, 16))
    s.report(ctx(), later, reported_on=date(2023, 2, 16), report_ref="r")
    assert (s.late, s.report_due_on) == (False, date(2023, 2, 16))
    # Once reported, the due date recorded with the report stands, whatever the calendar.
    assert s.current_report_due_on(Calendar()) == date(2023, 2, 16)
