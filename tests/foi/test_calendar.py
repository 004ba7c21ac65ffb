"""The working-day calendar (DOMAIN.md §5), pinned with dates counted by hand."""

from datetime import date

import pytest

from domain.calendar import (
    STATUTORY,
    Calendar,
    Override,
    is_working_day,
    nth_working_day_after,
    working_days_between,
)
from domain.errors import RuleViolation
from domain.working_calendar import CALENDAR_ID, CalendarRegister
from tests.foi.builders import ctx


def test_weekends_are_not_working_days():
    assert not is_working_day(date(2024, 3, 2))  # Saturday
    assert not is_working_day(date(2024, 3, 3))  # Sunday
    assert is_working_day(date(2024, 3, 4))  # Monday


@pytest.mark.parametrize(
    "day",
    [
        date(2023, 12, 25),  # Christmas, a day off until 2022
        date(2024, 1, 1),  # New Year
        date(2024, 3, 8),  # International Women's Day
        date(2024, 5, 1),  # Labour Day, a Wednesday
    ],
)
def test_under_martial_law_public_holidays_are_working_days(day):
    assert is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        date(2021, 1, 1),  # New Year, a Friday
        date(2021, 1, 7),  # Christmas (Julian), a Thursday
        date(2021, 1, 8),  # bridge day off, worked on Saturday 16.01.2021
        date(2021, 3, 8),  # International Women's Day
    ],
)
def test_in_peacetime_2021_public_holidays_were_days_off(day):
    assert not is_working_day(day)


def test_a_saturday_worked_in_exchange_for_a_bridge_day_was_a_working_day():
    assert is_working_day(date(2021, 1, 16))


def test_the_day_itself_is_day_zero_and_counting_starts_the_day_after():
    # Monday 04.03.2024 is day 0; Tuesday 05.03 is the 1st working day.
    assert nth_working_day_after(date(2024, 3, 4), 1) == date(2024, 3, 5)


def test_fifth_working_day_after_a_friday_is_the_next_friday():
    # Fri 01.03.2024 = day 0; Mon 4 (1), Tue 5 (2), Wed 6 (3), Thu 7 (4), Fri 8 (5).
    # 8 March is not a day off under martial law.
    assert nth_working_day_after(date(2024, 3, 1), 5) == date(2024, 3, 8)


def test_fifth_working_day_after_29_december_2023_under_martial_law():
    # Fri 29.12.2023 = day 0; Mon 01.01 (1), Tue 02.01 (2), Wed 03.01 (3), Thu 04.01 (4),
    # Fri 05.01.2024 (5): New Year is a working day.
    assert nth_working_day_after(date(2023, 12, 29), 5) == date(2024, 1, 5)


def test_fifth_working_day_after_30_december_2020_in_peacetime():
    # Wed 30.12.2020 = day 0; Thu 31.12 (1); Fri 01.01 New Year: off; weekend; Mon 04.01 (2),
    # Tue 05.01 (3), Wed 06.01 (4); Thu 07.01 Christmas: off; Fri 08.01 bridge day: off;
    # weekend; Mon 11.01.2021 (5).
    assert nth_working_day_after(date(2020, 12, 30), 5) == date(2021, 1, 11)


def test_a_worked_saturday_counts():
    # Mon 11.01.2021 = day 0; Tue 12 (1), Wed 13 (2), Thu 14 (3), Fri 15 (4), Sat 16 worked (5).
    assert nth_working_day_after(date(2021, 1, 11), 5) == date(2021, 1, 16)


def test_twentieth_working_day_after_a_receipt_on_christmas_2023():
    # Mon 25.12.2023 = day 0; 26-29.12 (4), 01-05.01 (9), 08-12.01 (14), 15-19.01 (19),
    # Mon 22.01.2024 (20).
    assert nth_working_day_after(date(2023, 12, 25), 20) == date(2024, 1, 22)


def test_working_days_between_counts_after_the_start_up_to_and_including_the_end():
    # (01.01.2024, 12.01.2024]: 2, 3, 4, 5, 8, 9, 10, 11, 12 January.
    assert working_days_between(date(2024, 1, 1), date(2024, 1, 12)) == 9
    assert working_days_between(date(2024, 1, 12), date(2024, 1, 12)) == 0
    assert working_days_between(date(2024, 1, 12), date(2024, 1, 1)) == 0


def test_nth_working_day_needs_a_positive_count():
    with pytest.raises(ValueError):
        nth_working_day_after(date(2024, 1, 1), 0)


def test_an_override_makes_a_working_day_non_working_and_a_weekend_day_working():
    calendar = Calendar.of(
        [
            Override(date(2024, 3, 5), False, "blackout"),
            Override(date(2024, 3, 9), True, "worked Saturday"),
        ]
    )
    assert not calendar.is_working_day(date(2024, 3, 5))
    assert calendar.is_working_day(date(2024, 3, 9))
    # Fri 01.03 = day 0; Mon 4 (1), Tue 5 off, Wed 6 (2), Thu 7 (3), Fri 8 (4), Sat 9 (5).
    assert nth_working_day_after(date(2024, 3, 1), 5, calendar) == date(2024, 3, 9)
    assert STATUTORY.is_working_day(date(2024, 3, 5))


def test_a_years_non_working_days_name_why():
    off = dict(STATUTORY.non_working_days(2021))
    assert off[date(2021, 1, 2)] == "weekend"
    assert off[date(2021, 1, 1)] == "Новий рік"
    assert date(2021, 1, 16) not in off
    # 2024 under martial law: only the 104 weekend days (it starts on a Monday, 366 days).
    assert set(dict(STATUTORY.non_working_days(2024)).values()) == {"weekend"}
    assert len(STATUTORY.non_working_days(2024)) == 104


def test_the_register_records_overrides_as_events_and_builds_the_calendar():
    register = CalendarRegister.open(ctx())
    assert register.id == CALENDAR_ID
    register.make_non_working(ctx(), day=date(2026, 11, 5), reason="city-wide blackout")
    register.make_working(ctx(), day=date(2026, 11, 7), reason="worked Saturday")
    assert not register.calendar.is_working_day(date(2026, 11, 5))
    assert register.calendar.is_working_day(date(2026, 11, 7))
    register.remove(ctx(), day=date(2026, 11, 5), reason="decision revoked")
    assert register.calendar.is_working_day(date(2026, 11, 5))
    events = [type(e).__name__ for e in register.collect_events()]
    assert events == ["Opened", "DayMadeNonWorking", "DayMadeWorking", "OverrideRemoved"]


@pytest.mark.parametrize(
    ("action", "day"),
    [
        ("make_working", date(2026, 11, 4)),  # a Wednesday is already working
        ("make_non_working", date(2026, 11, 8)),  # a Sunday is already off
        ("remove", date(2026, 11, 4)),  # no override there
    ],
)
def test_an_override_that_changes_nothing_is_refused(action, day):
    register = CalendarRegister.open(ctx())
    with pytest.raises(RuleViolation):
        getattr(register, action)(ctx(), day=day, reason="because")


def test_an_override_needs_a_reason():
    register = CalendarRegister.open(ctx())
    with pytest.raises(RuleViolation):
        register.make_non_working(ctx(), day=date(2026, 11, 4), reason="  ")
