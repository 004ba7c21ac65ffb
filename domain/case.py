"""What every case aggregate shares: a status driven by a transition table, and date checks."""

from dataclasses import is_dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar  # noqa: F401 (ClassVar: in the type comments)

from eventsourcing.domain import Aggregate

from domain.bounds import ANY_RECORD, LATEST_PLAUSIBLE, Bound
from domain.errors import FutureDateError, RuleViolation, TransitionNotAllowed


class Case(Aggregate):
    """An event-sourced case; subclasses declare TRANSITIONS: command -> (allowed, target)."""

    # No annotations here: the library turns an annotated aggregate class into a dataclass.
    TRANSITIONS = {}  # type: ClassVar[dict[str, tuple[frozenset[Any], Any]]]
    FINAL = frozenset()  # type: ClassVar[frozenset[Any]]
    # The oldest date this kind of case can carry (domain.bounds); subclasses name their own.
    EARLIEST = ANY_RECORD  # type: ClassVar[Bound]
    if TYPE_CHECKING:  # declared for the type checker only (not a dataclass field at runtime)
        status: Any  # each case type's own status enum

    @classmethod
    def _create(cls, event_class: Any, *, id: Any = None, **kwargs: Any) -> Any:
        check_plausible_dates(kwargs, cls.EARLIEST)
        return super()._create(event_class, id=id, **kwargs)

    def trigger_event(self, event_class: Any, **kwargs: Any) -> None:
        """Record an event, after checking that every date in it is a plausible one."""
        check_plausible_dates(kwargs, self.EARLIEST)
        super().trigger_event(event_class, **kwargs)

    def _require(self, command: str) -> Any:
        """Refuse the command unless the current status allows it; return the target status."""
        allowed, target = self.TRANSITIONS[command]
        if self.status not in allowed:
            raise TransitionNotAllowed(type(self).__name__, command, str(self.status))
        return target

    @classmethod
    def status_after(cls, command: str) -> str:
        """The status a command leads to, by the transition table: what read models record."""
        target = cls.TRANSITIONS[command][1]
        if target is None:
            raise ValueError(f"{cls.__name__}.{command} leads to no status of its own")
        return str(target)

    def can(self, command: str) -> bool:
        """Whether the transition table allows the command now."""
        allowed, _ = self.TRANSITIONS[command]
        return self.status in allowed

    @property
    def is_final(self) -> bool:
        """A final case accepts no more commands that change its status."""
        return self.status in self.FINAL


def check_plausible_dates(
    facts: dict[str, Any], bound: Bound = ANY_RECORD, prefix: str = ""
) -> None:
    """Refuse any date (also nested in value objects and lists) before the case kind's bound
    (domain.bounds) or after 2199: a record of the council cannot carry it."""
    for name, value in facts.items():
        field = f"{prefix}{name}"
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            if value < bound.earliest:
                raise RuleViolation.on(
                    field,
                    f"{field} {value.isoformat()} is before {bound.earliest.isoformat()}: "
                    f"{bound.why}",
                )
            if value > LATEST_PLAUSIBLE:
                raise RuleViolation.on(
                    field, f"{field} {value.isoformat()} is not a plausible date"
                )
        elif is_dataclass(value) and not isinstance(value, type):
            check_plausible_dates(vars(value), bound, f"{field}.")
        elif isinstance(value, list | tuple):
            for i, item in enumerate(value):
                check_plausible_dates({str(i): item}, bound, f"{field}.")


def not_in_future(field_name: str, value: date | None, today: date) -> None:
    """Facts record what happened: a date after today is refused."""
    if value is not None and value > today:
        raise FutureDateError(field_name, value, today)
