"""Engagement: a meeting, a visit or an event of the department, from plan to record (issue 17)."""

from datetime import date
from typing import ClassVar, Final

from eventsourcing.domain import event

from domain import reminders
from domain.bounds import Bound
from domain.case import Case, not_in_future
from domain.engagement_facts import (
    EVENTS,
    VISITS,
    Counterpart,
    CounterpartType,
    EngagementFormat,
    EngagementKind,
    EngagementStatus,
    FollowUp,
    Participants,
    Side,
)
from domain.errors import RuleViolation
from domain.links import Links, text
from domain.meta import Ctx, Meta
from domain.reminders import Owed, Reminder, issued_keys, marks_of

# The department's record of meetings and events begins with the city's post-war ties (1950).
ENGAGEMENTS = Bound(date(1950, 1, 1), "the council's international ties date from 1950 on")
MAX_FOLLOW_UPS = 50

__all__ = [
    "EVENTS",
    "TRANSITIONS",
    "VISITS",
    "Counterpart",
    "CounterpartType",
    "Engagement",
    "EngagementFormat",
    "EngagementKind",
    "EngagementStatus",
    "FollowUp",
    "Participants",
    "Side",
]


S = EngagementStatus
PENDING: Final = frozenset({S.PLANNED, S.POSTPONED})
FINAL: Final = frozenset({S.HELD, S.CANCELLED})
EVERY: Final = frozenset(S)
TRANSITIONS: Final = {
    "postpone": (PENDING, S.POSTPONED),
    "hold": (PENDING, S.HELD),
    "cancel": (PENDING, S.CANCELLED),
    "link": (EVERY, None),
    "add_follow_up": (frozenset({S.HELD}), None),
    "complete_follow_up": (frozenset({S.HELD}), None),
}


def check_follow_up(field: str, action: str, owner: str, due_on: date, held_on: date) -> None:
    """A follow-up says what, who and by when; never due before the engagement itself."""
    text(f"{field}action", action, "the action")
    text(f"{field}owner", owner, "the owner")
    if due_on < held_on:
        raise RuleViolation.on(
            f"{field}due_on", f"due_on {due_on} is before the engagement on {held_on}"
        )


class Engagement(Case):
    """A meeting, visit or event: planned, then held (with its record), postponed or cancelled."""

    EARLIEST = ENGAGEMENTS
    TRANSITIONS: ClassVar = TRANSITIONS
    FINAL: ClassVar = frozenset({S.CANCELLED})

    reference: str
    kind: EngagementKind
    format: EngagementFormat | None
    title: str
    planned_on: date
    place: str | None
    counterpart: Counterpart
    links: Links
    officer: str | None
    illustrative: bool
    status: EngagementStatus
    held_on: date | None
    ended_on: date | None
    participants: list[Participants]
    topics: list[str]
    outcome: str | None
    decisions: list[str]
    follow_ups: list[FollowUp]
    postponed_to: date | None
    reason: str | None
    reminders_issued: list[str]
    reminder_marks: dict[str, date]

    @classmethod
    def plan(
        cls,
        ctx: Ctx,
        *,
        reference: str,
        kind: EngagementKind,
        title: str,
        planned_on: date,
        counterpart: Counterpart,
        format: EngagementFormat | None = None,
        place: str | None = None,
        links: Links = Links(),
        officer: str | None = None,
        illustrative: bool = False,
    ) -> "Engagement":
        """Plan an engagement (an event needs its format); it gets the year's next reference."""
        kind = EngagementKind(kind)
        if kind in EVENTS and format is None:
            raise RuleViolation.on("format", "an event needs its format (conference, forum, ...)")
        if kind is EngagementKind.MEETING and format is not None:
            raise RuleViolation.on("format", "a meeting has no event format")
        return cls(
            meta=ctx.meta,
            reference=reference,
            kind=kind,
            format=EngagementFormat(format) if format is not None else None,
            title=text("title", title, "the title"),
            planned_on=planned_on,
            place=(place or "").strip() or None,
            counterpart=counterpart.checked(),
            links=links,
            officer=(officer or "").strip() or None,
            illustrative=illustrative,
        )

    @event("Planned")
    def __init__(
        self,
        meta: Meta,
        reference: str,
        kind: EngagementKind,
        format: EngagementFormat | None,
        title: str,
        planned_on: date,
        place: str | None,
        counterpart: Counterpart,
        links: Links,
        officer: str | None,
        illustrative: bool,
    ) -> None:
        self.reference = reference
        self.kind = kind
        self.format = format
        self.title = title
        self.planned_on = planned_on
        self.place = place
        self.counterpart = counterpart
        self.links = links
        self.officer = officer
        self.illustrative = illustrative
        self.status = EngagementStatus.PLANNED
        self.held_on = self.ended_on = self.postponed_to = None
        self.participants = []
        self.topics = []
        self.outcome = self.reason = None
        self.decisions = []
        self.follow_ups = []
        self.reminders_issued = []
        self.reminder_marks = {}

    @property
    def on(self) -> date:
        """The day it took place, or the day it is planned for."""
        return self.held_on or self.postponed_to or self.planned_on

    def postpone(self, ctx: Ctx, *, to_on: date | None, reason: str) -> None:
        """Put it off, to a new day (after the one planned) or to a day not yet known."""
        self._require("postpone")
        if to_on is not None and to_on <= self.on:
            raise RuleViolation.on("to_on", f"to_on {to_on} is not after {self.on}")
        self._postponed(ctx.meta, to_on, text("reason", reason, "the reason"))

    @event("Postponed")
    def _postponed(self, meta: Meta, to_on: date | None, reason: str) -> None:
        self.status = EngagementStatus.POSTPONED
        self.postponed_to = to_on
        self.reason = reason

    def cancel(self, ctx: Ctx, *, cancelled_on: date, reason: str) -> None:
        """It will not take place."""
        self._require("cancel")
        not_in_future("cancelled_on", cancelled_on, ctx.today)
        self._cancelled(ctx.meta, cancelled_on, text("reason", reason, "the reason"))

    @event("Cancelled")
    def _cancelled(self, meta: Meta, cancelled_on: date, reason: str) -> None:
        self.status = EngagementStatus.CANCELLED
        self.reason = reason

    def hold(
        self,
        ctx: Ctx,
        *,
        held_on: date,
        ended_on: date | None = None,
        place: str | None = None,
        counterpart: Counterpart | None = None,
        participants: list[Participants] | None = None,
        topics: list[str] | None = None,
        outcome: str | None = None,
        decisions: list[str] | None = None,
        follow_ups: list[FollowUp] | None = None,
    ) -> None:
        """Record that it took place: when, where, who, about what, with what outcome."""
        self._require("hold")
        not_in_future("held_on", held_on, ctx.today)
        if ended_on is not None:
            if ended_on < held_on:
                raise RuleViolation.on("ended_on", f"ended_on {ended_on} is before {held_on}")
            not_in_future("ended_on", ended_on, ctx.today)
        people = [
            Participants(Side(p.side), p.count, (p.who or "").strip() or None)
            for p in participants or []
        ]
        for i, p in enumerate(people):
            if p.count < 1:
                raise RuleViolation.on(f"participants.{i}.count", "a side has at least one")
        if len({p.side for p in people}) != len(people):
            raise RuleViolation.on("participants", "each side is listed once")
        todo = list(follow_ups or [])
        if len(todo) > MAX_FOLLOW_UPS:
            raise RuleViolation.on("follow_ups", f"at most {MAX_FOLLOW_UPS} follow-ups")
        for i, f in enumerate(todo):
            check_follow_up(f"follow_ups.{i}.", f.action, f.owner, f.due_on, held_on)
        self._held(
            ctx.meta,
            held_on,
            ended_on,
            (place or "").strip() or self.place,
            counterpart.checked() if counterpart is not None else self.counterpart,
            people,
            [text(f"topics.{i}", t, "a topic") for i, t in enumerate(topics or [])],
            (outcome or "").strip() or None,
            [text(f"decisions.{i}", d, "a decision") for i, d in enumerate(decisions or [])],
            [
                FollowUp(n, f.action.strip(), f.owner.strip(), f.due_on)
                for n, f in enumerate(todo, start=1)
            ],
        )

    @event("Held")
    def _held(
        self,
        meta: Meta,
        held_on: date,
        ended_on: date | None,
        place: str | None,
        counterpart: Counterpart,
        participants: list[Participants],
        topics: list[str],
        outcome: str | None,
        decisions: list[str],
        follow_ups: list[FollowUp],
    ) -> None:
        self.status = EngagementStatus.HELD
        self.held_on = held_on
        self.ended_on = ended_on
        self.place = place
        self.counterpart = counterpart
        self.participants = participants
        self.topics = topics
        self.outcome = outcome
        self.decisions = decisions
        self.follow_ups = follow_ups

    def link(self, ctx: Ctx, *, links: Links) -> None:
        """Link it to more partners, agreements or projects (the service checked they exist)."""
        self._require("link")
        added = links.without(self.links)
        if added.empty:
            raise RuleViolation.on("links", "nothing new to link")
        self._linked(ctx.meta, added)

    @event("Linked")
    def _linked(self, meta: Meta, links: Links) -> None:
        self.links = self.links.joined(links)

    def add_follow_up(self, ctx: Ctx, *, action: str, owner: str, due_on: date) -> int:
        """Add a follow-up agreed at (or after) the engagement; its number is returned."""
        self._require("add_follow_up")
        if len(self.follow_ups) >= MAX_FOLLOW_UPS:
            raise RuleViolation.on("follow_ups", f"at most {MAX_FOLLOW_UPS} follow-ups")
        assert self.held_on is not None
        check_follow_up("", action, owner, due_on, self.held_on)
        no = len(self.follow_ups) + 1
        self._follow_up_added(ctx.meta, no, action.strip(), owner.strip(), due_on)
        return no

    @event("FollowUpAdded")
    def _follow_up_added(self, meta: Meta, no: int, action: str, owner: str, due_on: date) -> None:
        self.follow_ups = [*self.follow_ups, FollowUp(no, action, owner, due_on)]

    def complete_follow_up(self, ctx: Ctx, *, no: int, done_on: date) -> None:
        """Record that a follow-up was done."""
        self._require("complete_follow_up")
        found = next((f for f in self.follow_ups if f.no == no), None)
        if found is None:
            raise RuleViolation.on("no", f"no follow-up number {no}")
        if found.done_on is not None:
            raise RuleViolation.on("no", f"follow-up {no} was done on {found.done_on}")
        not_in_future("done_on", done_on, ctx.today)
        assert self.held_on is not None
        if done_on < self.held_on:
            raise RuleViolation.on("done_on", f"done_on {done_on} is before {self.held_on}")
        self._follow_up_done(ctx.meta, no, done_on)

    @event("FollowUpDone")
    def _follow_up_done(self, meta: Meta, no: int, done_on: date) -> None:
        self.follow_ups = [
            FollowUp(f.no, f.action, f.owner, f.due_on, done_on) if f.no == no else f
            for f in self.follow_ups
        ]

    # -- reminders ----------------------------------------------------------------------------

    def reminders_due(self, today: date) -> list[Reminder]:
        """Reminders of the open follow-ups due by today and not yet issued."""
        due: list[Reminder] = []
        for f in self.follow_ups:
            if f.done_on is None:
                due += reminders.follow_up_reminders(f"fu{f.no}", f.due_on, today)
        return reminders.not_issued(due, issued_keys(self), marks_of(self))

    def issue_reminder(
        self, ctx: Ctx, key: str, due: list[Reminder] | None = None, owed: Owed | None = None
    ) -> None:
        """Record that a due reminder went out to the follow-up's owner."""
        due = self.reminders_due(ctx.today) if due is None else due
        owner = next((f.owner for f in self.follow_ups if key.startswith(f"fu{f.no}:")), None)
        reminders.record(self, ctx, key, due, owed, (self.reference, self.title, owner))

    _reminder_issued = reminders.issued_applier()
