"""What every case aggregate shares: a status driven by a transition table, and date checks."""

from datetime import date
from enum import StrEnum
from typing import Any

from eventsourcing.domain import Aggregate

from domain.errors import FutureDateError, TransitionNotAllowed


class Case(Aggregate):
    """An event-sourced case; subclasses declare TRANSITIONS: command -> (allowed, target)."""

    # No annotations here: the library turns an annotated aggregate class into a dataclass.
    TRANSITIONS = {}  # type: ClassVar[dict[str, tuple[frozenset[Any], Any]]]
    FINAL = frozenset()  # type: ClassVar[frozenset[Any]]

    def _require(self, command: str) -> Any:
        """Refuse the command unless the current status allows it; return the target status."""
        allowed, target = self.TRANSITIONS[command]
        if self.status not in allowed:
            raise TransitionNotAllowed(type(self).__name__, command, str(self.status))
        return target

    def can(self, command: str) -> bool:
        """Whether the transition table allows the command now."""
        allowed, _ = self.TRANSITIONS[command]
        return self.status in allowed

    @property
    def is_final(self) -> bool:
        """A final case accepts no more commands that change its status."""
        return self.status in self.FINAL


def not_in_future(field_name: str, value: date | None, today: date) -> None:
    """Facts record what happened: a date after today is refused."""
    if value is not None and value > today:
        raise FutureDateError(field_name, value, today)


def status_values(enum: type[StrEnum]) -> list[str]:
    """The values of a status enum, in declaration order (for docs and schemas)."""
    return [member.value for member in enum]
