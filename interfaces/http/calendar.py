"""HTTP resource /calendar: the working-day calendar; overrides by the administrator."""

import datetime as dt
from typing import Annotated, Any

import msgspec
from litestar import Controller, Response, get, post
from litestar.params import Parameter

from application.calendar import CalendarService, YearView
from application.clock import Clock
from application.commands.calendar import OverrideDay, RemoveOverride
from application.service import Caller, Saved
from interfaces.http.auth import can_admin, can_read
from interfaces.http.deps import IfMatch

Year = Annotated[int | None, Parameter(ge=1991, le=2100)]


class OverrideView(msgspec.Struct):
    """One override."""

    date: dt.date
    working: bool
    reason: str


class DayOff(msgspec.Struct):
    """A non-working day and why: "weekend", a holiday's name, or "override"."""

    date: dt.date
    reason: str


class CalendarYear(msgspec.Struct):
    """A year of the calendar as deadlines use it now."""

    year: int
    version: int
    working_days: int
    non_working_days: list[DayOff]
    overrides: list[OverrideView]


class YearShown:
    """A year as the API writes it: days off and overrides keyed by `date`."""

    def __init__(self, view: YearView) -> None:
        self.view = view

    def __getattr__(self, name: str) -> Any:
        return getattr(self.view, name)

    @property
    def non_working_days(self) -> list[dict[str, Any]]:
        """Each non-working day with why."""
        return [{"date": day, "reason": why} for day, why in self.view.non_working_days]

    @property
    def overrides(self) -> list[dict[str, Any]]:
        """Each override of the year."""
        return [
            {"date": o.day, "working": o.working, "reason": o.reason} for o in self.view.overrides
        ]


def year_view(view: YearView) -> CalendarYear:
    """Render a year."""
    return msgspec.convert(YearShown(view), CalendarYear, from_attributes=True)


def _reply(calendar: CalendarService, saved: Saved, day: dt.date, status: int) -> Response[Any]:
    view = calendar.year(day.year)
    headers = {"ETag": f'"{saved.case.version}"'}
    if status == 201:
        headers["Location"] = f"/calendar?year={day.year}"
    return Response(year_view(view), status_code=status, headers=headers)


class CalendarController(Controller):
    """Ukraine's working days (martial law included) with the administrator's overrides."""

    path = "/calendar"
    tags = ["calendar"]

    @get("/", guards=[can_read], sync_to_thread=True)
    def year(
        self, calendar: CalendarService, clock: Clock, year: Year = None
    ) -> Response[CalendarYear]:
        """A year's non-working days and overrides (default: this year)."""
        view = calendar.year(year or clock.today().year)
        return Response(year_view(view), headers={"ETag": f'"{view.version}"'})

    @post("/overrides", guards=[can_admin], sync_to_thread=True, status_code=201)
    def override(
        self, data: OverrideDay, calendar: CalendarService, caller: Caller, if_match: IfMatch
    ) -> Response[CalendarYear]:
        """Make a day working or non-working; open requests' deadlines follow at once."""
        saved = calendar.override_day(data, caller, if_match)
        return _reply(calendar, saved, data.date, 201)

    @post("/overrides/{day:date}/remove", guards=[can_admin], sync_to_thread=True, status_code=200)
    def remove(
        self,
        day: dt.date,
        data: RemoveOverride,
        calendar: CalendarService,
        caller: Caller,
        if_match: IfMatch,
    ) -> Response[CalendarYear]:
        """Withdraw a day's override: the law's calendar applies to it again."""
        saved = calendar.remove_override(day, data, caller, if_match)
        return _reply(calendar, saved, day, 200)
