"""The administrator's register of working-day overrides, kept as events (DOMAIN.md §5)."""

from datetime import date
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.bounds import CALENDAR_OVERRIDES
from domain.calendar import Calendar, Override
from domain.case import check_plausible_dates
from domain.errors import RuleViolation
from domain.meta import Ctx, Meta

CALENDAR_ID = uuid5(NAMESPACE_URL, "pobratym:working-calendar")


class CalendarRegister(Aggregate):
    """The one register of days the administrator made working or non-working, and why."""

    overrides: list[Override]

    @staticmethod
    def create_id() -> UUID:
        """There is one register: found again by a fixed id."""
        return CALENDAR_ID

    @classmethod
    def open(cls, ctx: Ctx) -> "CalendarRegister":
        """Open the register (with the first override)."""
        return cls(meta=ctx.meta)

    @event("Opened")
    def __init__(self, meta: Meta) -> None:
        self.overrides = []

    @property
    def calendar(self) -> Calendar:
        """The working-day calendar with these overrides applied."""
        return Calendar.of(self.overrides)

    def override_on(self, day: date) -> Override | None:
        """The override recorded for a day, if any."""
        return next((o for o in self.overrides if o.day == day), None)

    def make_working(self, ctx: Ctx, *, day: date, reason: str) -> None:
        """Record that the council works on a day that would otherwise be off."""
        self._check(day, reason, working=True)
        self._made_working(ctx.meta, day, reason.strip())

    def make_non_working(self, ctx: Ctx, *, day: date, reason: str) -> None:
        """Record that the council does not work on a day that would otherwise be working."""
        self._check(day, reason, working=False)
        self._made_non_working(ctx.meta, day, reason.strip())

    def remove(self, ctx: Ctx, *, day: date, reason: str) -> None:
        """Withdraw the override of a day: the statutory calendar applies to it again."""
        if self.override_on(day) is None:
            raise RuleViolation.on("date", f"there is no override on {day.isoformat()}")
        if not reason.strip():
            raise RuleViolation.on("reason", "say why the override is removed")
        self._removed(ctx.meta, day, reason.strip())

    def _check(self, day: date, reason: str, *, working: bool) -> None:
        check_plausible_dates({"date": day}, CALENDAR_OVERRIDES)
        if not reason.strip():
            raise RuleViolation.on("reason", "an override needs a reason (the decision behind it)")
        if self.calendar.is_working_day(day) == working:
            state = "a working day" if working else "a non-working day"
            raise RuleViolation.on("date", f"{day.isoformat()} is already {state}")

    @event("DayMadeWorking")
    def _made_working(self, meta: Meta, day: date, reason: str) -> None:
        self._replace(Override(day, True, reason))

    @event("DayMadeNonWorking")
    def _made_non_working(self, meta: Meta, day: date, reason: str) -> None:
        self._replace(Override(day, False, reason))

    @event("OverrideRemoved")
    def _removed(self, meta: Meta, day: date, reason: str) -> None:
        self.overrides = [o for o in self.overrides if o.day != day]

    def _replace(self, override: Override) -> None:
        kept = [o for o in self.overrides if o.day != override.day]
        self.overrides = sorted([*kept, override], key=lambda o: o.day)
