"""FoiRequest: a request for public information under Law 2939-VI (DOMAIN.md §3)."""

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar, Final

from eventsourcing.domain import event

from domain import foi_deadlines as deadlines
from domain import reminders
from domain.bounds import FOI_REQUESTS
from domain.calendar import STATUTORY, Calendar
from domain.case import Case, not_in_future
from domain.documents import Documents
from domain.errors import FutureDateError, RuleViolation
from domain.foi_fees import billable_pages, copy_fee
from domain.meta import Ctx, Meta
from domain.reminders import Owed, Reminder, issued_keys, marks_of

# The requester's personal data: shown to staff who handle the request, never to auditors.
CONTACT_FIELDS: Final = ("email", "postal_address", "phone")


class RequesterKind(StrEnum):
    """Who asks."""

    INDIVIDUAL = "individual"
    LEGAL_ENTITY = "legal_entity"
    ASSOCIATION = "association"
    MEDIA = "media"


class Channel(StrEnum):
    """How a request came in, or how the answer went out."""

    EMAIL = "email"
    POST = "post"
    FAX = "fax"
    PHONE = "phone"
    IN_PERSON = "in_person"
    PORTAL = "portal"


class FoiStatus(StrEnum):
    """Where a request stands."""

    RECEIVED = "received"
    IN_PROGRESS = "in_progress"
    EXTENDED = "extended"
    DEFERRED = "deferred"
    TRANSFERRED = "transferred"
    ANSWERED = "answered"
    WITHDRAWN = "withdrawn"


class Outcome(StrEnum):
    """What the answer gave."""

    GRANTED = "granted"
    PARTIALLY_GRANTED = "partially_granted"
    REFUSED = "refused"


class RefusalGround(StrEnum):
    """The law's closed list of grounds to refuse (Art. 22(1))."""

    NOT_HELD = "not_held"  # the council neither holds nor must hold it
    RESTRICTED = "restricted"  # information with restricted access, Art. 6(2)
    UNPAID_COSTS = "unpaid_costs"  # copying costs under Art. 21 not paid
    REQUIREMENTS_NOT_MET = "requirements_not_met"  # the request misses Art. 19(5)


class ExtensionReason(StrEnum):
    """Why 20 working days are needed (Art. 20(4))."""

    LARGE_VOLUME = "large_volume"
    LARGE_SEARCH = "large_search"


class Direction(StrEnum):
    """Which way a clarification went."""

    TO_REQUESTER = "to_requester"
    FROM_REQUESTER = "from_requester"


@dataclass(frozen=True)
class Requester:
    """The person or body asking, and how to reach them."""

    name: str
    kind: RequesterKind
    email: str | None = None
    postal_address: str | None = None
    phone: str | None = None

    def checked(self) -> "Requester":
        """Art. 19(5): a request names the requester and a way to send the answer."""
        if not self.name.strip():
            raise RuleViolation.on("requester.name", "the requester's name is empty")
        contacts = {f: (getattr(self, f) or "").strip() or None for f in CONTACT_FIELDS}
        if not any(contacts.values()):
            raise RuleViolation.on(
                "requester",
                "give at least one way to reach the requester: email, postal_address or phone",
            )
        return Requester(self.name.strip(), RequesterKind(self.kind), **contacts)


@dataclass(frozen=True)
class Extension:
    """The reasoned notice that the answer will take up to 20 working days."""

    notice_sent_on: date
    reason: ExtensionReason
    justification: str


@dataclass(frozen=True)
class Deferral:
    """A written deferral for force majeure with the new date (Art. 22(5)-(6))."""

    decided_on: date
    reason: str
    new_due_on: date


@dataclass(frozen=True)
class Transfer:
    """The request sent on to the holder of the information (Art. 22(3))."""

    to_holder: str
    transferred_on: date
    requester_notified_on: date


@dataclass(frozen=True)
class Clarification:
    """One exchange with the requester; it never stops or moves the clock."""

    on: date
    direction: Direction
    note: str


S = FoiStatus
OPEN: Final = frozenset({S.RECEIVED, S.IN_PROGRESS, S.EXTENDED, S.DEFERRED})
FINAL: Final = frozenset({S.ANSWERED, S.TRANSFERRED, S.WITHDRAWN})
# A target of None keeps the status (assign moves a received request to in_progress).
TRANSITIONS: Final = {
    "assign": (OPEN, None),
    "extend": (frozenset({S.RECEIVED, S.IN_PROGRESS}), S.EXTENDED),
    "transfer": (OPEN, S.TRANSFERRED),
    "defer": (frozenset({S.RECEIVED, S.IN_PROGRESS, S.EXTENDED}), S.DEFERRED),
    "clarify": (OPEN, None),
    "answer": (OPEN, S.ANSWERED),
    "record_payment": (frozenset({S.ANSWERED}), None),
    "withdraw": (OPEN, S.WITHDRAWN),
}


def _text(field_name: str, value: str | None, what: str) -> str:
    if value is None or not value.strip():
        raise RuleViolation.on(field_name, f"{what} is empty")
    return value.strip()


def _moment(field_name: str, value: datetime, day: date, ctx: Ctx) -> datetime:
    """A moment in the council's zone that falls on `day` and not after now."""
    zone: tzinfo | None = ctx.now.tzinfo
    moment = value.replace(tzinfo=zone) if value.tzinfo is None else value.astimezone(zone)
    if moment > ctx.now:
        raise FutureDateError(field_name, moment.date(), ctx.today)
    if moment.date() != day:
        raise RuleViolation.on(field_name, f"{field_name} {moment} is not on {day.isoformat()}")
    return moment


class FoiRequest(Case, Documents):
    """A request for public information, from receipt to answer, transfer or withdrawal."""

    EARLIEST = FOI_REQUESTS  # no date older than this (domain.bounds)

    TRANSITIONS: ClassVar = TRANSITIONS
    FINAL: ClassVar = FINAL

    reference: str
    requester: Requester
    channel: Channel
    received_on: date
    received_at: datetime | None
    subject: str
    text: str
    urgent: bool
    urgency_reason: str | None
    status: FoiStatus
    officer: str | None
    extension: Extension | None
    deferral: Deferral | None
    transferral: Transfer | None
    clarifications: list[Clarification]
    answered_on: date | None
    answer_due_on: date | None
    answer_late: bool | None
    answer_working_days_late: int | None
    answered_at: datetime | None
    outcome: Outcome | None
    refusal_grounds: list[RefusalGround]
    outgoing_number: str | None
    answer_channel: Channel | None
    pages: int | None
    own_personal_data: bool
    public_interest: bool
    fee: Decimal
    paid_on: date | None
    paid_amount: Decimal | None
    withdrawn_on: date | None
    withdrawal_reason: str | None
    reminders_issued: list[str]
    reminder_marks: dict[str, date]

    @classmethod
    def register(
        cls,
        ctx: Ctx,
        *,
        reference: str,
        requester: Requester,
        channel: Channel,
        received_on: date,
        subject: str,
        text: str,
        received_at: datetime | None = None,
        urgent: bool = False,
        urgency_reason: str | None = None,
    ) -> "FoiRequest":
        """Register a request on the day it was received (a request transferred to us too)."""
        requester = requester.checked()
        not_in_future("received_on", received_on, ctx.today)
        if received_at is not None:
            received_at = _moment("received_at", received_at, received_on, ctx)
        if urgent:
            # Art. 20(2): urgency is accepted with a reason; the 48 hours run from the moment.
            urgency_reason = _text("urgency_reason", urgency_reason, "the reason for urgency")
            if received_at is None:
                raise RuleViolation.on(
                    "received_at", "an urgent request needs the moment of receipt (48 hours)"
                )
        elif urgency_reason:
            raise RuleViolation.on("urgency_reason", "a reason for urgency needs urgent: true")
        return cls(
            meta=ctx.meta,
            reference=reference,
            requester=requester,
            channel=Channel(channel),
            received_on=received_on,
            received_at=received_at,
            subject=_text("subject", subject, "the subject"),
            text=_text("text", text, "the text of the request"),
            urgent=urgent,
            urgency_reason=urgency_reason or None,
        )

    @event("Registered")
    def __init__(
        self,
        meta: Meta,
        reference: str,
        requester: Requester,
        channel: Channel,
        received_on: date,
        received_at: datetime | None,
        subject: str,
        text: str,
        urgent: bool,
        urgency_reason: str | None,
    ) -> None:
        self.reference = reference
        self.requester = requester
        self.channel = channel
        self.received_on = received_on
        self.received_at = received_at
        self.subject = subject
        self.text = text
        self.urgent = urgent
        self.urgency_reason = urgency_reason
        self.status = FoiStatus.RECEIVED
        self.officer = None
        self.extension = self.deferral = self.transferral = None
        self.clarifications = []
        self.answered_on = self.answered_at = None
        self.answer_due_on = self.answer_late = self.answer_working_days_late = None
        self.outcome = None
        self.refusal_grounds = []
        self.outgoing_number = None
        self.answer_channel = None
        self.pages = None
        self.own_personal_data = self.public_interest = False
        self.fee = Decimal("0.00")
        self.paid_on = self.paid_amount = None
        self.withdrawn_on = self.withdrawal_reason = None
        self.reminders_issued = []
        self.reminder_marks = {}

    def _on_or_after_receipt(self, field_name: str, day: date, ctx: Ctx) -> None:
        not_in_future(field_name, day, ctx.today)
        if day < self.received_on:
            raise RuleViolation.on(
                field_name,
                f"{field_name} {day.isoformat()} is before receipt on {self.received_on}",
            )

    # -- handling -----------------------------------------------------------------------------

    def assign(self, ctx: Ctx, *, officer: str) -> None:
        """Give the request to an officer (again, to hand it over)."""
        self._require("assign")
        self._assigned(ctx.meta, _text("officer", officer, "the officer"))

    @event("Assigned")
    def _assigned(self, meta: Meta, officer: str) -> None:
        self.officer = officer
        if self.status is FoiStatus.RECEIVED:
            self.status = FoiStatus.IN_PROGRESS

    def extend(
        self,
        ctx: Ctx,
        calendar: Calendar,
        *,
        notice_sent_on: date,
        reason: ExtensionReason,
        justification: str,
    ) -> None:
        """Extend to 20 working days, once, with the notice sent by the 5th working day."""
        self._require("extend")
        self._on_or_after_receipt("notice_sent_on", notice_sent_on, ctx)
        last_day = self.extension_notice_due_on(calendar)
        # Art. 20(4): the requester must be told within five working days of receipt.
        if notice_sent_on > last_day:
            raise RuleViolation.on(
                "notice_sent_on",
                f"the extension notice had to go by the 5th working day, {last_day.isoformat()}",
            )
        justification = _text("justification", justification, "the justification")
        self._extended(ctx.meta, notice_sent_on, ExtensionReason(reason), justification)

    @event("ExtensionNoticeSent")
    def _extended(
        self, meta: Meta, notice_sent_on: date, reason: ExtensionReason, justification: str
    ) -> None:
        self.status = FoiStatus.EXTENDED
        self.extension = Extension(notice_sent_on, reason, justification)

    def transfer(
        self, ctx: Ctx, *, to_holder: str, transferred_on: date, requester_notified_on: date
    ) -> None:
        """Send the request to the holder of the information; the case ends here for us."""
        self._require("transfer")
        self._on_or_after_receipt("transferred_on", transferred_on, ctx)
        self._on_or_after_receipt("requester_notified_on", requester_notified_on, ctx)
        holder = _text("to_holder", to_holder, "the holder")
        self._transferred(ctx.meta, holder, transferred_on, requester_notified_on)

    @event("Transferred")
    def _transferred(
        self, meta: Meta, to_holder: str, transferred_on: date, requester_notified_on: date
    ) -> None:
        self.status = FoiStatus.TRANSFERRED
        self.transferral = Transfer(to_holder, transferred_on, requester_notified_on)

    def defer(
        self, ctx: Ctx, calendar: Calendar, *, decided_on: date, reason: str, new_due_on: date
    ) -> None:
        """Defer for force majeure, in writing, to a later date (Art. 22(5)-(6))."""
        self._require("defer")
        self._on_or_after_receipt("decided_on", decided_on, ctx)
        reason = _text("reason", reason, "the force majeure")
        if new_due_on <= max(decided_on, self.due_on(calendar)):
            raise RuleViolation.on(
                "new_due_on", "a deferral names a date after the decision and the current due date"
            )
        self._deferred(ctx.meta, decided_on, reason, new_due_on)

    @event("Deferred")
    def _deferred(self, meta: Meta, decided_on: date, reason: str, new_due_on: date) -> None:
        self.status = FoiStatus.DEFERRED
        self.deferral = Deferral(decided_on, reason, new_due_on)

    def clarify(
        self, ctx: Ctx, *, on: date, note: str, direction: Direction = Direction.TO_REQUESTER
    ) -> None:
        """Record a clarification exchange; the law has no clock stop, so deadlines stay."""
        self._require("clarify")
        self._on_or_after_receipt("on", on, ctx)
        self._clarified(ctx.meta, on, Direction(direction), _text("note", note, "the note"))

    @event("ClarificationRecorded")
    def _clarified(self, meta: Meta, on: date, direction: Direction, note: str) -> None:
        self.clarifications = [*self.clarifications, Clarification(on, direction, note)]

    # -- endings ------------------------------------------------------------------------------

    def answer(
        self,
        ctx: Ctx,
        *,
        answered_on: date,
        outcome: Outcome,
        outgoing_number: str,
        refusal_grounds: list[RefusalGround] | tuple[RefusalGround, ...] = (),
        channel: Channel | None = None,
        pages: int | None = None,
        answered_at: datetime | None = None,
        own_personal_data: bool = False,
        public_interest: bool = False,
        calendar: Calendar = STATUTORY,
    ) -> None:
        """Record the answer with its outcome, grounds, outgoing number, pages, fee and lateness."""
        self._require("answer")
        self._on_or_after_receipt("answered_on", answered_on, ctx)
        if answered_at is not None:
            answered_at = _moment("answered_at", answered_at, answered_on, ctx)
            if self.received_at is not None and answered_at < self.received_at:
                raise RuleViolation.on("answered_at", "answered before it was received")
        outcome = Outcome(outcome)
        grounds = list(dict.fromkeys(RefusalGround(g) for g in refusal_grounds))
        # Art. 22(1): a refusal rests on a ground from the law's closed list; so does the
        # withheld part of a partial grant.
        if outcome in (Outcome.REFUSED, Outcome.PARTIALLY_GRANTED) and not grounds:
            raise RuleViolation.on("refusal_grounds", "a refusal needs at least one legal ground")
        if outcome is Outcome.GRANTED and grounds:
            raise RuleViolation.on("refusal_grounds", "a granted request has no refusal grounds")
        if pages is not None and pages < 0:
            raise RuleViolation.on("pages", "pages cannot be negative")
        number = _text("outgoing_number", outgoing_number, "the outgoing number")
        # Art. 21(4): never charged for the requester's own data or public-interest information;
        # a refusal copies nothing.
        exempt = own_personal_data or public_interest or outcome is Outcome.REFUSED
        fee = copy_fee(pages, answered_on, exempt=exempt)
        # DOMAIN.md §7: lateness is a fact of the answer, fixed with the calendar in force now;
        # a later calendar override does not rewrite it.
        due = self.due_on(calendar)
        late = self._late(due, answered_on, answered_at)
        days_late = deadlines.working_days_late(due, answered_on, calendar)
        self._answered(
            ctx.meta,
            answered_on,
            answered_at,
            outcome,
            grounds,
            number,
            Channel(channel) if channel is not None else self.channel,
            pages,
            own_personal_data,
            public_interest,
            fee,
            due,
            late,
            days_late,
        )

    class Answered(Case.Event):
        """The answer went out; `due_on`, `late`, `working_days_late` as judged on that day."""

        class_version = 2
        meta: Meta
        answered_on: date
        answered_at: datetime | None
        outcome: Outcome
        refusal_grounds: list[RefusalGround]
        outgoing_number: str
        channel: Channel
        pages: int | None
        own_personal_data: bool
        public_interest: bool
        fee: Decimal
        due_on: date | None
        late: bool | None
        working_days_late: int | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Answers stored before version 2 did not record their lateness: readers compute it."""
            state.setdefault("due_on", None)
            state.setdefault("late", None)
            state.setdefault("working_days_late", None)

    @event(Answered)
    def _answered(
        self,
        meta: Meta,
        answered_on: date,
        answered_at: datetime | None,
        outcome: Outcome,
        refusal_grounds: list[RefusalGround],
        outgoing_number: str,
        channel: Channel,
        pages: int | None,
        own_personal_data: bool,
        public_interest: bool,
        fee: Decimal,
        due_on: date | None,
        late: bool | None,
        working_days_late: int | None,
    ) -> None:
        self.status = FoiStatus.ANSWERED
        self.answered_on = answered_on
        self.answered_at = answered_at
        self.outcome = outcome
        self.refusal_grounds = refusal_grounds
        self.outgoing_number = outgoing_number
        self.answer_channel = channel
        self.pages = pages
        self.own_personal_data = own_personal_data
        self.public_interest = public_interest
        self.fee = fee
        self.answer_due_on = due_on
        self.answer_late = late
        self.answer_working_days_late = working_days_late

    def record_payment(self, ctx: Ctx, *, paid_on: date, amount: Decimal) -> None:
        """Record that the requester paid the copying fee charged with the answer."""
        self._require("record_payment")
        self._on_or_after_receipt("paid_on", paid_on, ctx)
        if self.fee <= 0:
            raise RuleViolation.on("amount", "no fee was charged for this answer")
        if self.paid_on is not None:
            raise RuleViolation.on("paid_on", f"the fee was already paid on {self.paid_on}")
        if Decimal(amount) != self.fee:
            raise RuleViolation.on("amount", f"the fee charged is {self.fee} UAH, not {amount}")
        self._paid(ctx.meta, paid_on, Decimal(amount))

    @event("PaymentRecorded")
    def _paid(self, meta: Meta, paid_on: date, amount: Decimal) -> None:
        self.paid_on = paid_on
        self.paid_amount = amount

    def withdraw(self, ctx: Ctx, *, withdrawn_on: date, reason: str | None = None) -> None:
        """The requester withdrew the request."""
        self._require("withdraw")
        self._on_or_after_receipt("withdrawn_on", withdrawn_on, ctx)
        self._withdrawn(ctx.meta, withdrawn_on, (reason or "").strip() or None)

    @event("Withdrawn")
    def _withdrawn(self, meta: Meta, withdrawn_on: date, reason: str | None) -> None:
        self.status = FoiStatus.WITHDRAWN
        self.withdrawn_on = withdrawn_on
        self.withdrawal_reason = reason

    # -- what users ask about (computed with the calendar as it stands) -----------------------

    @property
    def extended(self) -> bool:
        """Whether the 20-working-day term applies."""
        return self.extension is not None

    @property
    def urgent_due_at(self) -> datetime | None:
        """48 clock hours after receipt, for an urgent request."""
        if not self.urgent or self.received_at is None:
            return None
        return deadlines.urgent_due_at(self.received_at)

    @property
    def billable_pages(self) -> int:
        """Pages of the answer beyond the free ten."""
        return billable_pages(self.pages)

    def _recorded(self) -> tuple[date, bool, int] | None:
        """The due date, lateness and working days late recorded with the answer (if any)."""
        # None on answers stored before they were recorded; absent from older snapshots.
        state = vars(self)
        due, late, days = (
            state.get(k) for k in ("answer_due_on", "answer_late", "answer_working_days_late")
        )
        if due is None or late is None or days is None:
            return None
        return due, late, days

    def due_on(self, calendar: Calendar) -> date:
        """The day the answer is due (once answered: as recorded with the answer)."""
        recorded = self._recorded()
        if recorded is not None:
            return recorded[0]
        return deadlines.due_on(
            self.received_on,
            calendar,
            extended=self.extended,
            urgent_at=self.received_at if self.urgent else None,
            deferred_to=self.deferral.new_due_on if self.deferral else None,
        )

    def extension_notice_due_on(self, calendar: Calendar) -> date:
        """The last day an extension notice may be sent."""
        return deadlines.extension_notice_due_on(self.received_on, calendar)

    def late(self, calendar: Calendar) -> bool | None:
        """Whether the answer came after the deadline (None until answered)."""
        if self.answered_on is None:
            return None
        recorded = self._recorded()
        if recorded is not None:
            return recorded[1]
        return self._late(self.due_on(calendar), self.answered_on, self.answered_at)

    def _late(self, due: date, answered_on: date, answered_at: datetime | None) -> bool:
        plain_urgent = self.urgent_due_at if not (self.extended or self.deferral) else None
        return deadlines.answered_late(
            due, answered_on, urgent_deadline=plain_urgent, answered_at=answered_at
        )

    def working_days_late(self, calendar: Calendar) -> int | None:
        """Working days after the due day up to the answer (None until answered)."""
        if self.answered_on is None:
            return None
        recorded = self._recorded()
        if recorded is not None:
            return recorded[2]
        return deadlines.working_days_late(self.due_on(calendar), self.answered_on, calendar)

    def overdue(self, as_of: date, calendar: Calendar) -> bool:
        """Whether the request is still open after its due day."""
        return self.status in OPEN and deadlines.overdue(self.due_on(calendar), as_of)

    # -- reminders (the reminder job, DOMAIN.md §3) ---------------------------------------------

    def reminders_due(self, calendar: Calendar, today: date, now: datetime) -> list[Reminder]:
        """Reminders due by today (urgent: by now) and not yet issued, while the request is open."""
        if self.status not in OPEN:
            return []
        plain_urgent = self.urgent_due_at is not None and not (self.extended or self.deferral)
        due = reminders.foi_reminders(
            received_on=self.received_on,
            due_on=self.due_on(calendar),
            calendar=calendar,
            today=today,
            now=now,
            decided=self.extended or self.deferral is not None,
            urgent_at=self.received_at if plain_urgent else None,
            urgent_due_at=self.urgent_due_at if plain_urgent else None,
            since=marks_of(self).get("request"),
        )
        return reminders.not_issued(due, issued_keys(self), marks_of(self))

    def issue_reminder(
        self,
        ctx: Ctx,
        calendar: Calendar,
        key: str,
        due: list[Reminder] | None = None,
        owed: Owed | None = None,
    ) -> None:
        """Record that a due reminder went out; a key is never issued twice."""
        due = self.reminders_due(calendar, ctx.today, ctx.now) if due is None else due
        reminders.record(self, ctx, key, due, owed, (self.reference, self.subject, self.officer))

    _reminder_issued = reminders.issued_applier()


# The @event decorator makes the event class at runtime, where the type checker cannot see it.
reminders.version_issued_event(FoiRequest.ReminderIssued)  # type: ignore[attr-defined]
