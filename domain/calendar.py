"""Working days in Ukraine (DOMAIN.md §5): weekends, the statutory days off, admin overrides."""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from types import MappingProxyType

import holidays

ONE_DAY = timedelta(days=1)
# Saturday and Sunday; the Labour Code's five-day week.
WEEKEND = frozenset({5, 6})


@dataclass(frozen=True)
class Override:
    """An administrator's decision that a date is (or is not) a working day, with the reason."""

    day: date
    working: bool
    reason: str


@cache
def _ukraine(year: int) -> holidays.HolidayBase:
    # The package models martial law (Law 2136-IX, Art. 6(6), in force from March 2022): the
    # Labour Code's public holidays are not days off then, so 2023 and 2024 have none.
    return holidays.country_holidays("UA", years=year, language="uk")


def statutory_day_off(day: date) -> str | None:
    """Why a day is off by law without overrides (a holiday's name, or "weekend"); else None."""
    country = _ukraine(day.year)
    name = country.get(day)
    if name is not None:
        return str(name)
    # A Saturday made a working day in exchange for a bridge day off (Cabinet recommendations,
    # e.g. 16.01.2021 worked for 08.01.2021): the package lists these as weekend workdays.
    if day.weekday() in WEEKEND and day not in country.weekend_workdays:
        return "weekend"
    return None


@dataclass(frozen=True)
class Calendar:
    """Ukraine's working days with the administrator's overrides applied (date -> working?)."""

    overrides: Mapping[date, bool] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def of(cls, overrides: "list[Override] | tuple[Override, ...]") -> "Calendar":
        """A calendar from override records (a later record for the same day wins)."""
        return cls(MappingProxyType({o.day: o.working for o in overrides}))

    def is_working_day(self, day: date) -> bool:
        """Whether the council works on that day."""
        if day in self.overrides:
            return self.overrides[day]
        return statutory_day_off(day) is None

    def nth_working_day_after(self, day: date, n: int) -> date:
        """The n-th working day counted strictly after `day` (the day itself is day 0)."""
        if n < 1:
            raise ValueError("n counts working days after the day: it must be at least 1")
        current, found = day, 0
        while found < n:
            current += ONE_DAY
            if self.is_working_day(current):
                found += 1
        return current

    def term_end(self, last_day: date) -> date:
        """Civil Code Art. 254(5): a term ending on a day off ends on the next working day."""
        current = last_day
        while not self.is_working_day(current):
            current += ONE_DAY
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days fall in (start, end]: after start, up to and including end."""
        return sum(1 for d in _days(start + ONE_DAY, end) if self.is_working_day(d))

    def non_working_days(self, year: int) -> list[tuple[date, str]]:
        """Every non-working day of a year with the reason it is off."""
        out = []
        for d in _days(date(year, 1, 1), date(year, 12, 31)):
            if self.overrides.get(d) is False:
                out.append((d, "override"))
            elif d not in self.overrides and (why := statutory_day_off(d)) is not None:
                out.append((d, why))
        return out


STATUTORY = Calendar()


def _days(first: date, last: date) -> Iterator[date]:
    current = first
    while current <= last:
        yield current
        current += ONE_DAY


def is_working_day(day: date, calendar: Calendar = STATUTORY) -> bool:
    """Whether a day is a working day (weekends and statutory days off are not)."""
    return calendar.is_working_day(day)


def nth_working_day_after(day: date, n: int, calendar: Calendar = STATUTORY) -> date:
    """The n-th working day strictly after `day` (DOMAIN.md §5: the day itself is day 0)."""
    return calendar.nth_working_day_after(day, n)


def term_end(last_day: date, calendar: Calendar = STATUTORY) -> date:
    """The end of a calendar-day term (Civil Code Art. 254(5)): moved past non-working days."""
    return calendar.term_end(last_day)


def working_days_between(start: date, end: date, calendar: Calendar = STATUTORY) -> int:
    """The number of working days in (start, end]; 0 when end is not after start."""
    return calendar.working_days_between(start, end)
