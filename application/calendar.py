"""Use cases for the working-day calendar: the administrator's overrides, and reading it."""

from dataclasses import dataclass
from datetime import date

from eventsourcing.application import AggregateNotFoundError

from application.casework import Casework
from application.commands.calendar import OverrideDay, RemoveOverride
from application.errors import VersionMismatch
from application.service import Caller, CaseService, Saved, store_errors
from domain.calendar import STATUTORY, Calendar, Override
from domain.working_calendar import CALENDAR_ID, CalendarRegister


def calendar_of(app: Casework) -> Calendar:
    """The working-day calendar as it stands now: the law's days off plus every override."""
    with store_errors():
        try:
            register: CalendarRegister = app.repository.get(CALENDAR_ID)
        except AggregateNotFoundError:
            return STATUTORY
    return register.calendar


@dataclass(frozen=True)
class YearView:
    """One year of the calendar: its non-working days and the overrides that shaped it."""

    year: int
    version: int
    working_days: int
    non_working_days: list[tuple[date, str]]
    overrides: list[Override]


class CalendarService(CaseService):
    """What the administrator does with the calendar, and what everyone reads of it."""

    def register(self, expected_version: int | None = None) -> CalendarRegister | None:
        """The register of overrides (None before the first one; 412 if it has moved on)."""
        register: CalendarRegister | None = None
        with store_errors():
            try:
                register = self.app.repository.get(CALENDAR_ID)
            except AggregateNotFoundError:
                pass
        version = register.version if register is not None else 0
        if expected_version is not None and expected_version != version:
            raise VersionMismatch(expected_version, version)
        return register

    def calendar(self) -> Calendar:
        """The calendar with the overrides applied."""
        return calendar_of(self.app)

    def override_day(
        self, cmd: OverrideDay, caller: Caller, expected_version: int | None = None
    ) -> Saved:
        """Make a day working or non-working; deadlines of open requests follow at once."""

        def attempt() -> Saved:
            ctx = self.ctx(caller, cmd.note)
            register = self.register(expected_version) or CalendarRegister.open(ctx)
            if cmd.working:
                register.make_working(ctx, day=cmd.date, reason=cmd.reason)
            else:
                register.make_non_working(ctx, day=cmd.date, reason=cmd.reason)
            return Saved(register, self.save(register))

        return attempt() if expected_version is not None else self.retrying(attempt)

    def remove_override(
        self, day: date, cmd: RemoveOverride, caller: Caller, expected_version: int | None = None
    ) -> Saved:
        """Withdraw a day's override: the law's calendar applies to it again."""
        ctx = self.ctx(caller, cmd.note)
        register = self.register(expected_version) or CalendarRegister.open(ctx)
        register.remove(ctx, day=day, reason=cmd.reason)
        return Saved(register, self.save(register))

    def year(self, year: int) -> YearView:
        """A year's non-working days (with why) and overrides."""
        register = self.register()
        calendar = register.calendar if register is not None else STATUTORY
        off = calendar.non_working_days(year)
        days_in_year = (date(year, 12, 31) - date(year, 1, 1)).days + 1
        overrides = (
            [] if register is None else [o for o in register.overrides if o.day.year == year]
        )
        return YearView(
            year=year,
            version=register.version if register is not None else 0,
            working_days=days_in_year - len(off),
            non_working_days=off,
            overrides=overrides,
        )
