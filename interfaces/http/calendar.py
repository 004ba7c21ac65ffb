"""HTTP resource /calendar: the working-day calendar; overrides by the administrator."""

import datetime as dt
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import Parameter

from application.calendar import YearView
from application.service import Saved
from interfaces.http.auth import can_admin, can_read
from interfaces.http.context import caller, expected_version, runtime_of
from interfaces.http.fields import Body, Text

Year = Annotated[int | None, Parameter(ge=1991, le=2100)]


class OverrideDay(Body, kw_only=True):
    """Make a date working (`working: true`) or non-working, with the decision behind it."""

    date: dt.date
    working: bool
    reason: Text

    def __post_init__(self) -> None:
        if not 1991 <= self.date.year <= 2100:
            raise ValueError("date: a date between 1991 and 2100")


class RemoveOverride(Body, kw_only=True):
    """Withdraw a date's override."""

    reason: Text


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


def year_view(view: YearView) -> CalendarYear:
    """Render a year."""
    return CalendarYear(
        year=view.year,
        version=view.version,
        working_days=view.working_days,
        non_working_days=[DayOff(d, why) for d, why in view.non_working_days],
        overrides=[OverrideView(o.day, o.working, o.reason) for o in view.overrides],
    )


class CalendarController(Controller):
    """Ukraine's working days (martial law included) with the administrator's overrides."""

    path = "/calendar"
    tags = ["calendar"]

    def _reply(
        self, request: Request[Any, Any, Any], saved: Saved, day: dt.date, status: int
    ) -> Response[CalendarYear]:
        view = runtime_of(request).calendar.year(day.year)
        headers = {"ETag": f'"{saved.case.version}"'}
        if status == 201:
            headers["Location"] = f"/calendar?year={day.year}"
        return Response(year_view(view), status_code=status, headers=headers)

    @get("/", guards=[can_read], sync_to_thread=True)
    def year(self, request: Request[Any, Any, Any], year: Year = None) -> Response[CalendarYear]:
        """A year's non-working days and overrides (default: this year)."""
        rt = runtime_of(request)
        view = rt.calendar.year(year or rt.clock.today().year)
        return Response(year_view(view), headers={"ETag": f'"{view.version}"'})

    @post("/overrides", guards=[can_admin], sync_to_thread=True, status_code=201)
    def override(
        self, request: Request[Any, Any, Any], data: OverrideDay
    ) -> Response[CalendarYear]:
        """Make a day working or non-working; open requests' deadlines follow at once."""
        saved = runtime_of(request).calendar.override_day(
            caller(request, data.note),
            day=data.date,
            working=data.working,
            reason=data.reason,
            expected_version=expected_version(request),
        )
        return self._reply(request, saved, data.date, 201)

    @post("/overrides/{day:date}/remove", guards=[can_admin], sync_to_thread=True, status_code=200)
    def remove(
        self, request: Request[Any, Any, Any], day: dt.date, data: RemoveOverride
    ) -> Response[CalendarYear]:
        """Withdraw a day's override: the law's calendar applies to it again."""
        saved = runtime_of(request).calendar.remove_override(
            caller(request, data.note),
            day=day,
            reason=data.reason,
            expected_version=expected_version(request),
        )
        return self._reply(request, saved, day, 200)
