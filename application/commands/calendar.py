"""Commands on the working-day calendar: the administrator's overrides."""

import datetime as dt

from application.commands.fields import Command, Text


class OverrideDay(Command, kw_only=True):
    """Make a date working (`working: true`) or non-working, with the decision behind it."""

    date: dt.date
    working: bool
    reason: Text

    def __post_init__(self) -> None:
        if not 1991 <= self.date.year <= 2100:
            raise ValueError("date: a date between 1991 and 2100")


class RemoveOverride(Command, kw_only=True):
    """Withdraw a date's override."""

    reason: Text
