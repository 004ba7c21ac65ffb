"""Project: a joint project with partner cities and donors, its funding and milestones."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import ClassVar, Final

import pycountry
from eventsourcing.domain import event

from domain import reminders
from domain.bounds import Bound
from domain.case import Case, not_in_future
from domain.engagement import CounterpartType
from domain.errors import RuleViolation
from domain.links import Links, text
from domain.meta import Ctx, Meta
from domain.reminders import Owed, Reminder, issued_keys, marks_of
from domain.values import Money

PROJECTS = Bound(date(1950, 1, 1), "the council's international ties date from 1950 on")
MAX_MILESTONES = 100
MAX_AMOUNT = Decimal("1e12")


class ProjectStatus(StrEnum):
    """Where a project stands."""

    PLANNED = "planned"
    ACTIVE = "active"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Funder:
    """Who pays: a name, the kind of body, its country (none for an international one)."""

    name: str
    type: CounterpartType
    country: str | None = None


@dataclass(frozen=True)
class Milestone:
    """A step of the project with its due date."""

    no: int
    title: str
    due_on: date
    done_on: date | None = None


def funding(amount: Decimal | None, currency: str | None) -> Money | None:
    """An amount needs an ISO 4217 currency, and a currency an amount (422 naming the field)."""
    if amount is None and currency is None:
        return None
    if amount is None:
        raise RuleViolation.on("amount", "a currency without an amount")
    if currency is None or not currency.strip():
        raise RuleViolation.on("currency", "an amount needs its ISO 4217 currency")
    code = currency.strip().upper()
    if len(code) != 3 or pycountry.currencies.get(alpha_3=code) is None:
        raise RuleViolation.on("currency", f"'{currency}' is not an ISO 4217 currency code")
    if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
        raise RuleViolation.on("amount", f"the amount is not between 0 and {MAX_AMOUNT:f}")
    return Money(amount, code)


S = ProjectStatus
OPEN: Final = frozenset({S.PLANNED, S.ACTIVE})
TRANSITIONS: Final = {
    "start": (frozenset({S.PLANNED}), S.ACTIVE),
    "complete": (frozenset({S.ACTIVE}), S.COMPLETED),
    "cancel": (OPEN, S.CANCELLED),
    "link": (frozenset(S), None),
    "add_milestone": (OPEN, None),
    "complete_milestone": (OPEN, None),
}


class Project(Case):
    """A project: planned, active, then completed or cancelled; milestones fall due on the way."""

    EARLIEST = PROJECTS
    TRANSITIONS: ClassVar = TRANSITIONS
    FINAL: ClassVar = frozenset({S.COMPLETED, S.CANCELLED})

    reference: str
    title: str
    funder: Funder | None
    budget: Money | None
    starts_on: date
    ends_on: date
    links: Links
    officer: str | None
    illustrative: bool
    status: ProjectStatus
    milestones: list[Milestone]
    started_on: date | None
    closed_on: date | None
    reason: str | None
    reminders_issued: list[str]
    reminder_marks: dict[str, date]

    @classmethod
    def plan(
        cls,
        ctx: Ctx,
        *,
        reference: str,
        title: str,
        starts_on: date,
        ends_on: date,
        funder: Funder | None = None,
        budget: Money | None = None,
        milestones: list[Milestone] | None = None,
        links: Links = Links(),
        officer: str | None = None,
        illustrative: bool = False,
    ) -> "Project":
        """Plan a project: its dates, funder, budget and milestones."""
        if ends_on < starts_on:
            raise RuleViolation.on("ends_on", f"ends_on {ends_on} is before starts_on {starts_on}")
        if funder is not None:
            funder = Funder(
                text("funder.name", funder.name, "the funder"),
                CounterpartType(funder.type),
                funder.country.upper() if funder.country else None,
            )
        steps = list(milestones or [])
        if len(steps) > MAX_MILESTONES:
            raise RuleViolation.on("milestones", f"at most {MAX_MILESTONES} milestones")
        for i, m in enumerate(steps):
            check_milestone(f"milestones.{i}.", m.title, m.due_on, starts_on)
        return cls(
            meta=ctx.meta,
            reference=reference,
            title=text("title", title, "the title"),
            funder=funder,
            budget=budget,
            starts_on=starts_on,
            ends_on=ends_on,
            milestones=[Milestone(n, m.title.strip(), m.due_on) for n, m in enumerate(steps, 1)],
            links=links,
            officer=(officer or "").strip() or None,
            illustrative=illustrative,
        )

    @event("Planned")
    def __init__(
        self,
        meta: Meta,
        reference: str,
        title: str,
        funder: Funder | None,
        budget: Money | None,
        starts_on: date,
        ends_on: date,
        milestones: list[Milestone],
        links: Links,
        officer: str | None,
        illustrative: bool,
    ) -> None:
        self.reference = reference
        self.title = title
        self.funder = funder
        self.budget = budget
        self.starts_on = starts_on
        self.ends_on = ends_on
        self.milestones = milestones
        self.links = links
        self.officer = officer
        self.illustrative = illustrative
        self.status = ProjectStatus.PLANNED
        self.started_on = self.closed_on = None
        self.reason = None
        self.reminders_issued = []
        self.reminder_marks = {}

    def start(self, ctx: Ctx, *, started_on: date) -> None:
        """The project began."""
        self._require("start")
        not_in_future("started_on", started_on, ctx.today)
        self._started(ctx.meta, started_on)

    @event("Started")
    def _started(self, meta: Meta, started_on: date) -> None:
        self.status = ProjectStatus.ACTIVE
        self.started_on = started_on

    def complete(self, ctx: Ctx, *, completed_on: date) -> None:
        """The project is done."""
        self._require("complete")
        not_in_future("completed_on", completed_on, ctx.today)
        if self.started_on is not None and completed_on < self.started_on:
            raise RuleViolation.on(
                "completed_on", f"completed_on {completed_on} is before the start"
            )
        self._completed(ctx.meta, completed_on)

    @event("Completed")
    def _completed(self, meta: Meta, completed_on: date) -> None:
        self.status = ProjectStatus.COMPLETED
        self.closed_on = completed_on

    def cancel(self, ctx: Ctx, *, cancelled_on: date, reason: str) -> None:
        """The project will not go on."""
        self._require("cancel")
        not_in_future("cancelled_on", cancelled_on, ctx.today)
        self._cancelled(ctx.meta, cancelled_on, text("reason", reason, "the reason"))

    @event("Cancelled")
    def _cancelled(self, meta: Meta, cancelled_on: date, reason: str) -> None:
        self.status = ProjectStatus.CANCELLED
        self.closed_on = cancelled_on
        self.reason = reason

    def link(self, ctx: Ctx, *, links: Links) -> None:
        """Link more partners, engagements, agreements or aid shipments (the service checked)."""
        self._require("link")
        added = links.without(self.links)
        if added.empty:
            raise RuleViolation.on("links", "nothing new to link")
        self._linked(ctx.meta, added)

    @event("Linked")
    def _linked(self, meta: Meta, links: Links) -> None:
        self.links = self.links.joined(links)

    def add_milestone(self, ctx: Ctx, *, title: str, due_on: date) -> int:
        """Add a milestone; its number is returned."""
        self._require("add_milestone")
        if len(self.milestones) >= MAX_MILESTONES:
            raise RuleViolation.on("milestones", f"at most {MAX_MILESTONES} milestones")
        check_milestone("", title, due_on, self.starts_on)
        no = len(self.milestones) + 1
        self._milestone_added(ctx.meta, no, title.strip(), due_on)
        return no

    @event("MilestoneAdded")
    def _milestone_added(self, meta: Meta, no: int, title: str, due_on: date) -> None:
        self.milestones = [*self.milestones, Milestone(no, title, due_on)]

    def complete_milestone(self, ctx: Ctx, *, no: int, done_on: date) -> None:
        """A milestone reached."""
        self._require("complete_milestone")
        found = next((m for m in self.milestones if m.no == no), None)
        if found is None:
            raise RuleViolation.on("no", f"no milestone number {no}")
        if found.done_on is not None:
            raise RuleViolation.on("no", f"milestone {no} was reached on {found.done_on}")
        not_in_future("done_on", done_on, ctx.today)
        self._milestone_reached(ctx.meta, no, done_on)

    @event("MilestoneReached")
    def _milestone_reached(self, meta: Meta, no: int, done_on: date) -> None:
        self.milestones = [
            Milestone(m.no, m.title, m.due_on, done_on) if m.no == no else m
            for m in self.milestones
        ]

    # -- reminders ----------------------------------------------------------------------------

    def reminders_due(self, today: date) -> list[Reminder]:
        """Reminders of the open milestones of an open project, due by today, not yet issued."""
        if self.status not in OPEN:
            return []
        due: list[Reminder] = []
        for m in self.milestones:
            if m.done_on is None:
                due += reminders.milestone_reminders(f"ms{m.no}", m.due_on, today)
        return reminders.not_issued(due, issued_keys(self), marks_of(self))

    def issue_reminder(
        self, ctx: Ctx, key: str, due: list[Reminder] | None = None, owed: Owed | None = None
    ) -> None:
        """Record that a due reminder went out to the project's officer."""
        due = self.reminders_due(ctx.today) if due is None else due
        reminders.record(self, ctx, key, due, owed, (self.reference, self.title, self.officer))

    _reminder_issued = reminders.issued_applier()


def check_milestone(field: str, title: str, due_on: date, starts_on: date) -> None:
    """A milestone has a title and falls due no earlier than the project starts."""
    text(f"{field}title", title, "the milestone")
    if due_on < starts_on:
        raise RuleViolation.on(f"{field}due_on", f"due_on {due_on} is before the start {starts_on}")
