"""The 90-day reporting clock: calendar days from customs clearance, across months and years."""

from datetime import date

import pytest

from domain.aid_shipment import report_due
from tests.shipments.builders import announced, ctx


@pytest.mark.parametrize(
    ("cleared_on", "due_on"),
    [
        # Nov 15 + 15 = Nov 30; + 31 = Dec 31 (46); + 31 = Jan 31 (77); + 13 = Feb 13 (90).
        (date(2022, 11, 15), date(2023, 2, 13)),
        # Dec 31 + 31 = Jan 31; + 29 = Feb 29 (60, leap year 2024); + 30 = Mar 30 (90).
        (date(2023, 12, 31), date(2024, 3, 30)),
        # Dec 31 + 31 = Jan 31; + 28 = Feb 28 (59, no leap year); + 31 = Mar 31 (90).
        (date(2022, 12, 31), date(2023, 3, 31)),
        # Jan 31 + 28 = Feb 28; + 31 = Mar 31 (59); + 30 = Apr 30 (89); + 1 = May 1 (90).
        (date(2023, 1, 31), date(2023, 5, 1)),
        # Jan 18 + 13 = Jan 31; + 28 = Feb 28 (41); + 31 = Mar 31 (72); + 18 = Apr 18 (90).
        (date(2023, 1, 18), date(2023, 4, 18)),
        # Nov 29 + 1 = Nov 30; + 31 = Dec 31 (32); + 31 = Jan 31 (63); + 27 = Feb 27 (90).
        (date(2022, 11, 29), date(2023, 2, 27)),
        # Feb 29 (leap) + 31 = Mar 31 (31); + 30 = Apr 30 (61); + 29 = May 29 (90).
        (date(2024, 2, 29), date(2024, 5, 29)),
        # Oct 5 + 26 = Oct 31; + 30 = Nov 30 (56); + 31 = Dec 31 (87); + 3 = Jan 3 (90).
        (date(2026, 10, 5), date(2027, 1, 3)),
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
