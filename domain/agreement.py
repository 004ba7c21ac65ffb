"""Agreement: a twinning agreement, memorandum or other instrument with partners (DOMAIN.md §2)."""

from datetime import date, timedelta
from enum import StrEnum
from typing import ClassVar, Final
from uuid import UUID

from eventsourcing.domain import event

from domain import reminders
from domain.bounds import AGREEMENTS
from domain.calendar import STATUTORY, Calendar
from domain.case import Case, not_in_future
from domain.documents import Documents
from domain.errors import RuleViolation
from domain.meta import Ctx, Meta
from domain.reminders import EndOfTerm, Owed, Reminder, issued_keys, marks_of
from domain.values import Signatory, Term

DEFAULT_REMINDER_WINDOWS: Final = (90, 60, 30)


class AgreementKind(StrEnum):
    """The kind of instrument."""

    TWINNING = "twinning"
    PARTNERSHIP = "partnership"
    MEMORANDUM = "memorandum"
    FRIENDSHIP_PLEDGE = "friendship_pledge"
    PROTOCOL_OF_INTENT = "protocol_of_intent"
    DECLARATION = "declaration"
    FRAMEWORK = "framework"


class AgreementStatus(StrEnum):
    """Where an agreement stands in its life."""

    PROPOSED = "proposed"
    APPROVED = "approved"
    SIGNED = "signed"
    RENEWED = "renewed"
    SUSPENDED = "suspended"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"
    TERMINATED = "terminated"
    SUPERSEDED = "superseded"


S = AgreementStatus
IN_FORCE: Final = frozenset({S.SIGNED, S.RENEWED, S.SUSPENDED})
FINAL: Final = frozenset({S.WITHDRAWN, S.TERMINATED, S.SUPERSEDED})
TRANSITIONS: Final = {
    "approve": (frozenset({S.PROPOSED}), S.APPROVED),
    "sign": (frozenset({S.APPROVED}), S.SIGNED),
    "renew": (frozenset({S.SIGNED, S.RENEWED, S.EXPIRED}), S.RENEWED),
    "suspend": (frozenset({S.SIGNED, S.RENEWED}), S.SUSPENDED),
    "resume": (frozenset({S.SUSPENDED}), None),  # back to signed or renewed
    "expire": (frozenset({S.SIGNED, S.RENEWED, S.SUSPENDED}), S.EXPIRED),
    "terminate": (frozenset({S.SIGNED, S.RENEWED, S.SUSPENDED}), S.TERMINATED),
    "withdraw": (frozenset({S.PROPOSED, S.APPROVED}), S.WITHDRAWN),
    "supersede": (frozenset({S.SIGNED, S.RENEWED, S.SUSPENDED, S.EXPIRED}), S.SUPERSEDED),
    # A notice of non-renewal changes no status: the agreement stays in force to its expiry.
    "give_notice": (frozenset({S.SIGNED, S.RENEWED}), None),
}


class NoticeGivenBy(StrEnum):
    """Which side gave notice of non-renewal."""

    US = "us"
    PARTNER = "partner"


def check_windows(windows: tuple[int, ...]) -> None:
    """Reminder windows are distinct positive day counts."""
    if any(w <= 0 or w > 3650 for w in windows) or len(set(windows)) != len(windows):
        raise RuleViolation.on(
            "reminder_windows_days", "windows must be distinct day counts between 1 and 3650"
        )


class Agreement(Case, Documents):
    """One instrument with one or more partners, from proposal to its end."""

    EARLIEST = AGREEMENTS  # no date older than this (domain.bounds)

    TRANSITIONS: ClassVar = TRANSITIONS
    FINAL: ClassVar = FINAL

    reference: str
    kind: AgreementKind
    title: str
    partner_ids: list[UUID]
    areas: list[str]
    languages: list[str]
    owner: str | None
    term: Term | None
    auto_renew: bool
    notice_period_days: int | None
    reminder_windows_days: list[int]
    requires_state_approval: bool
    status: AgreementStatus
    council_decision_ref: str | None
    council_decided_on: date | None
    state_approval_ref: str | None
    state_approved_on: date | None
    signed_on: date | None
    signatories: list[Signatory]
    effective_from: date | None
    expires_on: date | None
    renewals: int
    renewed_on: date | None
    ended_on: date | None
    end_reason: str | None
    decision_ref: str | None
    superseded_by: UUID | None
    status_before_suspension: AgreementStatus | None
    reminders_issued: list[str]
    reminder_marks: dict[str, date]
    notice_given_by: NoticeGivenBy | None = None
    notice_given_on: date | None = None
    notice_letter_ref: str | None = None
    notice_for_expires_on: date | None = None

    @classmethod
    def propose(
        cls,
        ctx: Ctx,
        *,
        reference: str,
        kind: AgreementKind,
        title: str,
        partner_ids: list[UUID],
        areas: list[str] | None = None,
        languages: list[str] | None = None,
        owner: str | None = None,
        term: Term | None = None,
        auto_renew: bool = False,
        notice_period_days: int | None = None,
        reminder_windows_days: tuple[int, ...] = DEFAULT_REMINDER_WINDOWS,
        requires_state_approval: bool = False,
    ) -> "Agreement":
        """Propose an agreement; partners must have been checked by the caller."""
        if not partner_ids:
            raise RuleViolation.on("partner_ids", "an agreement needs at least one partner")
        if len(set(partner_ids)) != len(partner_ids):
            raise RuleViolation.on("partner_ids", "a partner is named twice")
        if not title.strip():
            raise RuleViolation.on("title", "the title is empty")
        if notice_period_days is not None and notice_period_days < 0:
            raise RuleViolation.on("notice_period_days", "the notice period cannot be negative")
        if auto_renew and term is None:
            raise RuleViolation.on("auto_renew", "automatic renewal needs an agreed term")
        windows = tuple(sorted(set(reminder_windows_days), reverse=True))
        check_windows(tuple(reminder_windows_days))
        return cls(
            meta=ctx.meta,
            reference=reference,
            kind=AgreementKind(kind),
            title=title.strip(),
            partner_ids=list(partner_ids),
            areas=list(areas or []),
            languages=list(languages or []),
            owner=owner,
            term=term,
            auto_renew=auto_renew,
            notice_period_days=notice_period_days,
            reminder_windows_days=list(windows),
            requires_state_approval=requires_state_approval,
        )

    @event("Proposed")
    def __init__(
        self,
        meta: Meta,
        reference: str,
        kind: AgreementKind,
        title: str,
        partner_ids: list[UUID],
        areas: list[str],
        languages: list[str],
        owner: str | None,
        term: Term | None,
        auto_renew: bool,
        notice_period_days: int | None,
        reminder_windows_days: list[int],
        requires_state_approval: bool,
    ) -> None:
        self.reference = reference
        self.kind = kind
        self.title = title
        self.partner_ids = partner_ids
        self.areas = areas
        self.languages = languages
        self.owner = owner
        self.term = term
        self.auto_renew = auto_renew
        self.notice_period_days = notice_period_days
        self.reminder_windows_days = reminder_windows_days
        self.requires_state_approval = requires_state_approval
        self.status = AgreementStatus.PROPOSED
        self.council_decision_ref = self.state_approval_ref = None
        self.council_decided_on = self.state_approved_on = None
        self.signed_on = self.effective_from = self.expires_on = self.renewed_on = None
        self.signatories = []
        self.renewals = 0
        self.ended_on = None
        self.end_reason = self.decision_ref = None
        self.superseded_by = None
        self.status_before_suspension = None
        self.reminders_issued = []
        self.reminder_marks = {}

    # -- approval and signature -------------------------------------------------------------

    def approve(
        self,
        ctx: Ctx,
        *,
        council_decision_ref: str,
        council_decided_on: date,
        state_approval_ref: str | None = None,
        state_approved_on: date | None = None,
    ) -> None:
        """Record the council's decision (and the state's approval, where needed)."""
        self._require("approve")
        not_in_future("council_decided_on", council_decided_on, ctx.today)
        not_in_future("state_approved_on", state_approved_on, ctx.today)
        if (state_approval_ref is None) != (state_approved_on is None):
            raise RuleViolation.on(
                "state_approval_ref", "the state's approval needs both its reference and date"
            )
        self._approved(
            ctx.meta,
            council_decision_ref,
            council_decided_on,
            state_approval_ref,
            state_approved_on,
        )

    @event("Approved")
    def _approved(
        self,
        meta: Meta,
        council_decision_ref: str,
        council_decided_on: date,
        state_approval_ref: str | None,
        state_approved_on: date | None,
    ) -> None:
        self.status = AgreementStatus.APPROVED
        self.council_decision_ref = council_decision_ref
        self.council_decided_on = council_decided_on
        self.state_approval_ref = state_approval_ref
        self.state_approved_on = state_approved_on

    def sign(
        self,
        ctx: Ctx,
        *,
        signed_on: date,
        signatories: list[Signatory] | None = None,
        effective_from: date | None = None,
        term: Term | None = None,
        expires_on: date | None = None,
    ) -> None:
        """Record the signature; the expiry follows from the term unless given."""
        self._require("sign")
        not_in_future("signed_on", signed_on, ctx.today)
        if self.requires_state_approval and self.state_approved_on is None:
            raise RuleViolation.on(
                "state_approval_ref",
                "this agreement needs the state's approval before it is signed",
            )
        if self.council_decided_on is not None and signed_on < self.council_decided_on:
            raise RuleViolation.on("signed_on", "signed before the council approved it")
        start = effective_from or signed_on
        agreed = term if term is not None or expires_on is not None else self.term
        expires_on = _expiry(start, agreed, expires_on, "effective_from")
        self._signed(ctx.meta, signed_on, list(signatories or []), start, expires_on)

    @event("Signed")
    def _signed(
        self,
        meta: Meta,
        signed_on: date,
        signatories: list[Signatory],
        effective_from: date,
        expires_on: date | None,
    ) -> None:
        self.status = AgreementStatus.SIGNED
        self.signed_on = signed_on
        self.signatories = signatories
        self.effective_from = effective_from
        self.expires_on = expires_on

    # -- renewal and expiry -----------------------------------------------------------------

    def renew(
        self,
        ctx: Ctx,
        *,
        renewed_on: date,
        term: Term | None = None,
        expires_on: date | None = None,
    ) -> None:
        """Renew: before expiry the new term runs from the old expiry, after it from renewal."""
        self._require("renew")
        not_in_future("renewed_on", renewed_on, ctx.today)
        if self.expires_on is None:
            raise RuleViolation.on("renewed_on", "an agreement without end cannot be renewed")
        if self.signed_on is not None and renewed_on < self.signed_on:
            raise RuleViolation.on("renewed_on", "renewed before it was signed")
        start = self.expires_on if renewed_on < self.expires_on else renewed_on
        agreed = term if term is not None or expires_on is not None else self.term
        new_expiry = _expiry(start, agreed, expires_on, "renewed_on")
        if new_expiry is None:
            raise RuleViolation.on("term", "a renewal needs a term or an expiry date")
        self._renewed(ctx.meta, renewed_on, start, new_expiry)

    @event("Renewed")
    def _renewed(self, meta: Meta, renewed_on: date, term_from: date, expires_on: date) -> None:
        self.status = AgreementStatus.RENEWED
        self.renewed_on = renewed_on
        self.expires_on = expires_on
        self.ended_on = None  # a lapsed memorandum revived is in force again
        self.renewals += 1
        self.notice_given_by = self.notice_given_on = self.notice_letter_ref = None
        self.notice_for_expires_on = None

    def give_notice(
        self,
        ctx: Ctx,
        calendar: Calendar = STATUTORY,
        *,
        given_by: NoticeGivenBy,
        given_on: date,
        letter_ref: str,
    ) -> None:
        """Record a notice of non-renewal: the agreement will expire instead of renewing."""
        self._require("give_notice")
        not_in_future("given_on", given_on, ctx.today)
        given_by = NoticeGivenBy(given_by)
        if not letter_ref.strip():
            raise RuleViolation.on("letter_ref", "the notice letter needs a reference")
        # DOMAIN.md §2: a notice stops an automatic renewal; without one there is nothing to stop.
        if not self.auto_renew or self.expires_on is None:
            raise RuleViolation.on(
                "given_on", "the agreement does not renew automatically: no notice is needed"
            )
        if self.notice_for_expires_on == self.expires_on:
            raise RuleViolation.on(
                "given_on", f"notice was already given on {self.notice_given_on}"
            )
        if self.signed_on is not None and given_on < self.signed_on:
            raise RuleViolation.on("given_on", "notice given before the agreement was signed")
        # The agreed notice period: notice given after its deadline does not stop the renewal
        # (no late-notice exception: docs/DEADLINES.md).
        # Without an agreed period, notice can be given up to the day before the expiry.
        deadline = self.notice_deadline(calendar) or self.expires_on - timedelta(days=1)
        if given_on > deadline:
            raise RuleViolation.on(
                "given_on", f"the notice deadline of this term was {deadline.isoformat()}"
            )
        self._notice_given(ctx.meta, given_by, given_on, letter_ref.strip(), self.expires_on)

    @event("NoticeGiven")
    def _notice_given(
        self,
        meta: Meta,
        given_by: NoticeGivenBy,
        given_on: date,
        letter_ref: str,
        for_expires_on: date,
    ) -> None:
        self.notice_given_by = given_by
        self.notice_given_on = given_on
        self.notice_letter_ref = letter_ref
        self.notice_for_expires_on = for_expires_on

    @property
    def renews_automatically(self) -> bool:
        """Whether the current term renews by itself: auto-renewal, a term, and no notice given."""
        return (
            self.auto_renew
            and self.term is not None
            and (self.expires_on is None or self.notice_for_expires_on != self.expires_on)
        )

    def expire(self, ctx: Ctx) -> None:
        """Record that the term ran out (the reminder job does this on `expires_on`)."""
        self._require("expire")
        if self.expires_on is None or self.expires_on > ctx.today:
            raise RuleViolation.on("expires_on", "the agreement has not reached its expiry date")
        self._expired(ctx.meta, self.expires_on)

    @event("Expired")
    def _expired(self, meta: Meta, expired_on: date) -> None:
        self.status = AgreementStatus.EXPIRED
        self.ended_on = expired_on

    # -- suspension ---------------------------------------------------------------------------

    def suspend(
        self, ctx: Ctx, *, suspended_on: date, reason: str, decision_ref: str | None = None
    ) -> None:
        """Put the agreement on hold."""
        self._require("suspend")
        not_in_future("suspended_on", suspended_on, ctx.today)
        self._suspended(ctx.meta, suspended_on, reason, decision_ref)

    @event("Suspended")
    def _suspended(
        self, meta: Meta, suspended_on: date, reason: str, decision_ref: str | None
    ) -> None:
        self.status_before_suspension = self.status
        self.status = AgreementStatus.SUSPENDED
        self.end_reason = reason
        self.decision_ref = decision_ref

    def resume(self, ctx: Ctx, *, resumed_on: date) -> None:
        """Lift a suspension; the agreement returns to the status it had."""
        self._require("resume")
        not_in_future("resumed_on", resumed_on, ctx.today)
        self._resumed(ctx.meta, resumed_on)

    @event("Resumed")
    def _resumed(self, meta: Meta, resumed_on: date) -> None:
        self.status = self.status_before_suspension or AgreementStatus.SIGNED
        self.status_before_suspension = None
        self.end_reason = None

    # -- endings ------------------------------------------------------------------------------

    def terminate(self, ctx: Ctx, *, terminated_on: date, grounds: str, decision_ref: str) -> None:
        """End the agreement at once, one-sided; the notice period does not apply."""
        self._require("terminate")
        not_in_future("terminated_on", terminated_on, ctx.today)
        if self.signed_on is not None and terminated_on < self.signed_on:
            raise RuleViolation.on("terminated_on", "terminated before it was signed")
        self._terminated(ctx.meta, terminated_on, grounds, decision_ref)

    @event("Terminated")
    def _terminated(self, meta: Meta, terminated_on: date, grounds: str, decision_ref: str) -> None:
        self.status = AgreementStatus.TERMINATED
        self.ended_on = terminated_on
        self.end_reason = grounds
        self.decision_ref = decision_ref

    def withdraw(self, ctx: Ctx, *, reason: str, withdrawn_on: date | None = None) -> None:
        """Abandon a proposal before it is signed."""
        self._require("withdraw")
        withdrawn_on = withdrawn_on or ctx.today
        not_in_future("withdrawn_on", withdrawn_on, ctx.today)
        self._withdrawn(ctx.meta, withdrawn_on, reason)

    @event("Withdrawn")
    def _withdrawn(self, meta: Meta, withdrawn_on: date, reason: str) -> None:
        self.status = AgreementStatus.WITHDRAWN
        self.ended_on = withdrawn_on
        self.end_reason = reason

    def supersede(self, ctx: Ctx, *, superseded_on: date, by_agreement_id: UUID) -> None:
        """Replace this agreement by another one (checked to exist by the caller)."""
        self._require("supersede")
        not_in_future("superseded_on", superseded_on, ctx.today)
        if by_agreement_id == self.id:
            raise RuleViolation.on("by_agreement_id", "an agreement cannot supersede itself")
        self._superseded(ctx.meta, superseded_on, by_agreement_id)

    @event("Superseded")
    def _superseded(self, meta: Meta, superseded_on: date, by_agreement_id: UUID) -> None:
        self.status = AgreementStatus.SUPERSEDED
        self.ended_on = superseded_on
        self.superseded_by = by_agreement_id

    # -- reminders and the end of a term (the reminder job, DOMAIN.md §2) -----------------------

    def end_of_term_due(self, today: date) -> EndOfTerm | None:
        """From the expiry date on, while in force: renew by its own terms, or record the expiry."""
        return reminders.end_of_term(
            expires_on=self.expires_on,
            in_force=self.status in IN_FORCE,
            renewable=self.renews_automatically and self.can("renew"),
            today=today,
        )

    def reminders_due(self, today: date) -> list[Reminder]:
        """The current term's reminders due by today and not yet issued (a late run catches up)."""
        if self.expires_on is None or self.status not in IN_FORCE:
            return []
        due = reminders.agreement_reminders(
            expires_on=self.expires_on,
            windows=self.reminder_windows_days,
            notice_period_days=self.notice_period_days,
            today=today,
            end=self.end_of_term_due(today),
        )
        return reminders.not_issued(due, issued_keys(self), marks_of(self))

    def issue_reminder(
        self, ctx: Ctx, key: str, due: list[Reminder] | None = None, owed: Owed | None = None
    ) -> None:
        """Record that a due reminder went out; a key is never issued twice."""
        due = self.reminders_due(ctx.today) if due is None else due
        reminders.record(self, ctx, key, due, owed, (self.reference, self.title, self.owner))

    _reminder_issued = reminders.issued_applier()

    def renew_automatically(self, ctx: Ctx) -> None:
        """Renew for the agreed term from the expiry date, as the agreement itself provides."""
        if self.end_of_term_due(ctx.today) is not EndOfTerm.RENEW or self.expires_on is None:
            raise RuleViolation.on("auto_renew", "the agreement is not due for automatic renewal")
        self.renew(ctx, renewed_on=self.expires_on)

    # -- what users ask about -------------------------------------------------------------------

    def days_to_expiry(self, today: date) -> int | None:
        """Days from today to the expiry date, while the agreement can still expire."""
        if self.expires_on is None or self.status not in IN_FORCE:
            return None
        return (self.expires_on - today).days

    def lapsed_on(self, today: date) -> date | None:
        """The expiry date once it has passed, whether or not the job has recorded it yet."""
        # DOMAIN.md §7: past `expires_on` an agreement is not in force; reads say so from the date.
        lapsing = self.status in IN_FORCE or self.status is AgreementStatus.EXPIRED
        if lapsing and self.expires_on is not None and self.expires_on <= today:
            return self.expires_on
        return None

    def in_force(self, today: date) -> bool:
        """Signed (or renewed, or suspended) and not past its expiry date as of today."""
        return self.status in IN_FORCE and self.lapsed_on(today) is None

    def notice_deadline(self, calendar: Calendar = STATUTORY) -> date | None:
        """The last day to give notice of non-renewal: expiry minus the notice period."""
        if self.expires_on is None or self.notice_period_days is None:
            return None
        # DOMAIN.md §7, Civil Code Art. 254(5): a deadline on a non-working day moves to the next
        # working day (docs/DEADLINES.md).
        return calendar.term_end(self.expires_on - timedelta(days=self.notice_period_days))


# The @event decorator makes the event class at runtime, where the type checker cannot see it.
reminders.version_issued_event(Agreement.ReminderIssued)  # type: ignore[attr-defined]


def _expiry(
    start: date, term: Term | None, expires_on: date | None, start_name: str
) -> date | None:
    """The expiry from an explicit date or a term; it must fall after the start."""
    if term is not None and expires_on is not None:
        raise RuleViolation.on("expires_on", "give either a term or an expiry date, not both")
    if expires_on is None and term is not None:
        expires_on = term.after(start)
    if expires_on is not None and expires_on <= start:
        raise RuleViolation.on("expires_on", f"expires_on must fall after {start_name} {start}")
    return expires_on
