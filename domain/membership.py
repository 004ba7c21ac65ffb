"""Membership: the city's membership of an association (e.g. Eurocities, the Association of
Ukrainian Cities), with the day it falls due for renewal (a deadline, with reminders)."""

from datetime import date, datetime
from enum import StrEnum
from typing import ClassVar, Final

from eventsourcing.domain import event

from domain import reminders
from domain.case import Case, not_in_future
from domain.errors import RuleViolation
from domain.illustrative import flagged_on_creation
from domain.meta import Ctx, Meta
from domain.reminders import Owed, Reminder, issued_keys, marks_of


class MembershipStatus(StrEnum):
    """Whether the city is a member."""

    ACTIVE = "active"
    ENDED = "ended"


S = MembershipStatus
TRANSITIONS: Final = {
    "renew": (frozenset({S.ACTIVE}), S.ACTIVE),
    "end": (frozenset({S.ACTIVE}), S.ENDED),
}


def check_renewal(after: date, renewal_due_on: date | None, field_name: str) -> None:
    """A renewal falls due after the day it is counted from."""
    if renewal_due_on is not None and renewal_due_on <= after:
        raise RuleViolation.on(
            "renewal_due_on",
            f"renewal_due_on {renewal_due_on.isoformat()} is not after {field_name} "
            f"{after.isoformat()}",
        )


class Membership(Case):
    """The council's membership of one association."""

    TRANSITIONS: ClassVar = TRANSITIONS
    FINAL: ClassVar = frozenset({S.ENDED})

    reference: str
    association: str
    country: str | None
    joined_on: date
    renewal_due_on: date | None
    illustrative: bool
    status: MembershipStatus
    renewed_on: date | None
    ended_on: date | None
    reminders_issued: list[str]
    reminder_marks: dict[str, date]

    @classmethod
    def join(
        cls,
        ctx: Ctx,
        *,
        reference: str,
        association: str,
        country: str | None,
        joined_on: date,
        renewal_due_on: date | None,
        illustrative: bool = False,
    ) -> "Membership":
        """Record that the city joined an association."""
        if not association.strip():
            raise RuleViolation.on("association", "name the association")
        not_in_future("joined_on", joined_on, ctx.today)
        check_renewal(joined_on, renewal_due_on, "joined_on")
        return cls(
            meta=ctx.meta,
            reference=reference,
            association=association.strip(),
            country=country.upper() if country else None,
            joined_on=joined_on,
            renewal_due_on=renewal_due_on,
            illustrative=illustrative,
        )

    class Joined(Case.Created):
        """The city joined an association."""

        meta: Meta
        reference: str
        association: str
        country: str | None
        joined_on: date
        renewal_due_on: date | None
        illustrative: bool

    flagged_on_creation(Joined)

    @event("Joined")
    def __init__(
        self,
        meta: Meta,
        reference: str,
        association: str,
        country: str | None,
        joined_on: date,
        renewal_due_on: date | None,
        illustrative: bool = False,
    ) -> None:
        self.reference = reference
        self.association = association
        self.country = country
        self.joined_on = joined_on
        self.renewal_due_on = renewal_due_on
        self.illustrative = illustrative
        self.status = MembershipStatus.ACTIVE
        self.renewed_on = None
        self.ended_on = None
        self.reminders_issued = []
        self.reminder_marks = {}

    def renew(self, ctx: Ctx, *, renewed_on: date, next_renewal_on: date | None) -> None:
        """Renewed (fee paid, membership confirmed); the next renewal after this one."""
        self._require("renew")
        not_in_future("renewed_on", renewed_on, ctx.today)
        if renewed_on < self.joined_on:
            raise RuleViolation.on("renewed_on", "renewed before the city joined")
        if next_renewal_on is not None and next_renewal_on <= renewed_on:
            raise RuleViolation.on("next_renewal_on", "the next renewal is after this one")
        self._renewed(ctx.meta, renewed_on, next_renewal_on)

    @event("Renewed")
    def _renewed(self, meta: Meta, renewed_on: date, next_renewal_on: date | None) -> None:
        self.renewed_on = renewed_on
        self.renewal_due_on = next_renewal_on

    def end(self, ctx: Ctx, *, ended_on: date, reason: str) -> None:
        """The city left the association."""
        self._require("end")
        not_in_future("ended_on", ended_on, ctx.today)
        if ended_on < self.joined_on:
            raise RuleViolation.on("ended_on", "a membership cannot end before it began")
        if not reason.strip():
            raise RuleViolation.on("reason", "say why the membership ends")
        self._ended(ctx.meta, ended_on, reason.strip())

    @event("Ended")
    def _ended(self, meta: Meta, ended_on: date, reason: str) -> None:
        self.status = MembershipStatus.ENDED
        self.ended_on = ended_on

    # -- reminders before the renewal (the reminder job) -------------------------------------

    def reminders_due(self, today: date) -> list[Reminder]:
        """The reminders before the renewal falls due, due by today and not yet issued."""
        if self.status is not MembershipStatus.ACTIVE or self.renewal_due_on is None:
            return []
        due = reminders.renewal_reminders(self.renewal_due_on, today)
        return reminders.not_issued(due, issued_keys(self), marks_of(self))

    def issue_reminder(
        self, ctx: Ctx, key: str, due: list[Reminder] | None = None, owed: Owed | None = None
    ) -> None:
        """Record that a due reminder went out; a key is never issued twice."""
        r = reminders.pick(
            self.reminders_due(ctx.today) if due is None else due,
            key,
            issued_keys(self),
            marks_of(self),
        )
        reminders.issue(self, ctx, r, owed or Owed(r), (self.reference, self.association, None))

    @event("ReminderIssued")
    def _reminder_issued(
        self,
        meta: Meta,
        key: str,
        what: str,
        due_on: date,
        remind_on: date,
        window: int | None,
        due_at: datetime | None,
        issued_on: date,
        reference: str,
        title: str | None,
        responsible: str | None,
        skipped: int,
        skipped_since: date | None,
    ) -> None:
        reminders.apply_issued(self, key, remind_on)


# The @event decorator makes the event class at runtime, where the type checker cannot see it.
reminders.version_issued_event(Membership.ReminderIssued)  # type: ignore[attr-defined]
