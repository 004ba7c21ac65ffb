"""Small value objects shared by the case types."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

# `after` states the result type itself (relativedelta arithmetic is loosely typed).
from dateutil.relativedelta import relativedelta

from domain.errors import RuleViolation


@dataclass(frozen=True)
class Term:
    """An agreed duration in whole years or months (calendar arithmetic)."""

    years: int = 0
    months: int = 0

    def __post_init__(self) -> None:
        if self.years < 0 or self.months < 0 or (self.years == 0 and self.months == 0):
            raise RuleViolation.on("term", "a term needs a positive number of years or months")

    def after(self, start: date) -> date:
        """The day the term ends when it starts on `start`: 29 Feb + 1 year = 28 Feb."""
        try:
            end: date = start + relativedelta(years=self.years, months=self.months)
        except (ValueError, OverflowError):
            raise RuleViolation.on(
                "term", f"the term from {start} runs past the calendar"
            ) from None
        return end


@dataclass(frozen=True)
class Signatory:
    """A person who signed an agreement for one of the parties."""

    party: str
    name: str
    position: str = ""


@dataclass(frozen=True)
class Money:
    """An exact amount in an ISO 4217 currency."""

    amount: Decimal
    currency: str
