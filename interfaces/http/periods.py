"""The period a statistics read covers: `?year=` or `?from=&to=` (default: this year to date)."""

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from litestar.exceptions import ValidationException
from litestar.params import Parameter, QueryParameter

Year = Annotated[int | None, Parameter(ge=1991, le=2100, description="a calendar year")]
From = Annotated[date | None, QueryParameter(name="from", description="first day (with `to`)")]
To = Annotated[date | None, QueryParameter(name="to", description="last day, inclusive")]


@dataclass(frozen=True)
class Period:
    """Days from `start` to `end`, both included."""

    start: date
    end: date


def year_period(year: int) -> Period:
    """A calendar year."""
    return Period(date(year, 1, 1), date(year, 12, 31))


def period_of(year: int | None, start: date | None, end: date | None, today: date) -> Period:
    """The period asked for: a year, or from/to; neither means this year up to today."""
    if year is not None:
        if start is not None or end is not None:
            raise _bad("year", "give year, or from and to, not both")
        return year_period(year)
    if start is None and end is None:
        return Period(date(today.year, 1, 1), today)
    if start is None or end is None:
        raise _bad("from" if start is None else "to", "give both from and to")
    if start > end:
        raise _bad("to", "to is before from")
    return Period(start, end)


def _bad(key: str, message: str) -> ValidationException:
    return ValidationException(f"{key}: {message}", extra=[{"key": key, "message": message}])
