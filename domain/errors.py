"""Errors the domain raises when a command cannot be carried out."""

from dataclasses import dataclass, field
from datetime import date


class DomainError(Exception):
    """Base of every refusal by the domain."""


class TransitionNotAllowed(DomainError):
    """The command is not allowed in the case's current status (API: 409)."""

    def __init__(self, case_type: str, command: str, status: str) -> None:
        self.case_type = case_type
        self.command = command
        self.status = status
        super().__init__(f"{case_type} in status '{status}' cannot be asked to {command}")


@dataclass(frozen=True)
class FieldProblem:
    """One field a rule refused, with the reason in plain words."""

    field: str
    message: str


class RuleViolation(DomainError):
    """A domain rule refuses the facts given (API: 422)."""

    def __init__(self, message: str, *problems: FieldProblem) -> None:
        self.message = message
        self.problems: tuple[FieldProblem, ...] = problems
        super().__init__(message)

    @classmethod
    def on(cls, field_name: str, message: str) -> "RuleViolation":
        """A violation that concerns one field."""
        return cls(message, FieldProblem(field_name, message))


class FutureDateError(RuleViolation):
    """A fact dated after today: facts record what already happened."""

    def __init__(self, field_name: str, value: date, today: date) -> None:
        message = (
            f"{field_name} {value.isoformat()} is in the future (today is {today.isoformat()})"
        )
        super().__init__(message, FieldProblem(field_name, message))


@dataclass(frozen=True)
class Violations:
    """Collects several field problems so a client learns all of them at once."""

    problems: list[FieldProblem] = field(default_factory=list)

    def add(self, field_name: str, message: str) -> None:
        """Record one problem."""
        self.problems.append(FieldProblem(field_name, message))

    def raise_if_any(self, summary: str) -> None:
        """Raise a RuleViolation naming every problem collected, if there is one."""
        if self.problems:
            raise RuleViolation(summary, *self.problems)
