"""The business clock: Europe/Kyiv by default; tests and `--as-of` set it."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Protocol, runtime_checkable
from zoneinfo import ZoneInfo


# Runtime-checkable: Litestar checks a value injected as `clock: Clock` against the type.
@runtime_checkable
class Clock(Protocol):
    """Tells the time and today's date in the council's time zone."""

    def now(self) -> datetime:
        """The current moment, timezone-aware."""
        ...

    def today(self) -> date:
        """Today's date in the council's time zone."""
        ...


@dataclass
class SystemClock:
    """The real clock, in the council's time zone."""

    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/Kyiv"))

    def now(self) -> datetime:
        """The current moment in the council's time zone."""
        return datetime.now(self.tz)

    def today(self) -> date:
        """Today in the council's time zone."""
        return self.now().date()


@dataclass
class FixedClock:
    """A clock that stands still at a given moment (tests, demo loading, `--as-of`)."""

    moment: datetime

    @classmethod
    def on(cls, day: date, tz: str = "Europe/Kyiv") -> "FixedClock":
        """A clock fixed at noon of a day in the given zone."""
        return cls(datetime.combine(day, time(12, 0), ZoneInfo(tz)))

    def now(self) -> datetime:
        """The fixed moment."""
        return self.moment

    def today(self) -> date:
        """The fixed moment's date in its own zone."""
        return self.moment.date()

    def set(self, moment: datetime | date) -> None:
        """Move the clock (a date means noon that day, in the clock's zone)."""
        if isinstance(moment, datetime):
            self.moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        else:
            self.moment = datetime.combine(moment, time(12, 0), self.moment.tzinfo)
