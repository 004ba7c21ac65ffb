"""Honorary consul: of Ukraine abroad, or of another state in Kharkiv (Vienna Convention 1963,
ch. III; Regulation on honorary consuls of Ukraine, Presidential Decree 1092/2013 as amended).

The person is sealed like a contact's (domain.sealed). The term ends on `term_ends_on`; the
reminder job warns before it (domain.reminders.consul_term_reminders) and it is a deadline.
"""

from datetime import date, datetime
from enum import StrEnum
from typing import ClassVar, Final
from uuid import UUID

from eventsourcing.domain import event

from domain import reminders
from domain.case import Case, not_in_future
from domain.contact import check_erasure
from domain.errors import RuleViolation
from domain.illustrative import flagged_on_creation
from domain.meta import Ctx, Meta
from domain.reminders import Owed, Reminder, issued_keys, marks_of

UKRAINE = "UA"


class ConsulStatus(StrEnum):
    """Whether the consul serves."""

    SERVING = "serving"
    ENDED = "ended"


S = ConsulStatus
TRANSITIONS: Final = {
    "extend": (frozenset({S.SERVING}), S.SERVING),
    "end": (frozenset({S.SERVING}), S.ENDED),
}


def check_term(appointed_on: date, term_ends_on: date | None) -> None:
    """A term ends after the appointment (exequatur) date."""
    if term_ends_on is not None and term_ends_on <= appointed_on:
        raise RuleViolation.on(
            "term_ends_on",
            f"term_ends_on {term_ends_on.isoformat()} is not after appointed_on "
            f"{appointed_on.isoformat()}",
        )


class HonoraryConsul(Case):
    """An honorary consul: the state represented, the seat, the consular district, the term."""

    TRANSITIONS: ClassVar = TRANSITIONS
    FINAL: ClassVar = frozenset({S.ENDED})

    reference: str
    represents: str
    seat_country: str
    seat_city: str
    district: str
    appointed_on: date
    term_ends_on: date | None
    key_id: UUID
    sealed: str | None
    illustrative: bool
    status: ConsulStatus
    ended_on: date | None
    erased_on: date | None
    reminders_issued: list[str]
    reminder_marks: dict[str, date]

    @property
    def of_ukraine(self) -> bool:
        """A consul of Ukraine abroad (else one of another state, in Kharkiv)."""
        return self.represents == UKRAINE

    @classmethod
    def appoint(
        cls,
        ctx: Ctx,
        *,
        reference: str,
        represents: str,
        seat_country: str,
        seat_city: str,
        district: str,
        appointed_on: date,
        term_ends_on: date | None,
        key_id: UUID,
        sealed: str,
        blocked: frozenset[str] = frozenset(),
        illustrative: bool = False,
    ) -> "HonoraryConsul":
        """Record an appointment (the exequatur date); one state or the other is Ukraine."""
        represents, seat_country = represents.upper(), seat_country.upper()
        if UKRAINE not in (represents, seat_country):
            raise RuleViolation.on(
                "represents", "a consul of Ukraine abroad, or of another state in Ukraine"
            )
        if represents == seat_country:
            raise RuleViolation.on("seat_country", "a consul represents a state in another one")
        for field_name, code in (("represents", represents), ("seat_country", seat_country)):
            if code in blocked:
                raise RuleViolation.on(field_name, f"cooperation with {code} is banned")
        not_in_future("appointed_on", appointed_on, ctx.today)
        check_term(appointed_on, term_ends_on)
        if not district.strip():
            raise RuleViolation.on("district", "name the consular district")
        return cls(
            meta=ctx.meta,
            reference=reference,
            represents=represents,
            seat_country=seat_country,
            seat_city=seat_city.strip(),
            district=district.strip(),
            appointed_on=appointed_on,
            term_ends_on=term_ends_on,
            key_id=key_id,
            sealed=sealed,
            illustrative=illustrative,
        )

    class Appointed(Case.Created):
        """An honorary consul was appointed (the person sealed)."""

        meta: Meta
        reference: str
        represents: str
        seat_country: str
        seat_city: str
        district: str
        appointed_on: date
        term_ends_on: date | None
        key_id: UUID
        sealed: str
        illustrative: bool

    flagged_on_creation(Appointed)

    @event("Appointed")
    def __init__(
        self,
        meta: Meta,
        reference: str,
        represents: str,
        seat_country: str,
        seat_city: str,
        district: str,
        appointed_on: date,
        term_ends_on: date | None,
        key_id: UUID,
        sealed: str,
        illustrative: bool = False,
    ) -> None:
        self.reference = reference
        self.represents = represents
        self.seat_country = seat_country
        self.seat_city = seat_city
        self.district = district
        self.appointed_on = appointed_on
        self.term_ends_on = term_ends_on
        self.key_id = key_id
        self.sealed = sealed
        self.illustrative = illustrative
        self.status = ConsulStatus.SERVING
        self.ended_on = None
        self.erased_on = None
        self.reminders_issued = []
        self.reminder_marks = {}

    def extend_term(self, ctx: Ctx, *, term_ends_on: date, decision_ref: str) -> None:
        """A new term end (a renewed appointment); it lies after the current one."""
        self._require("extend")
        check_term(self.appointed_on, term_ends_on)
        if self.term_ends_on is not None and term_ends_on <= self.term_ends_on:
            raise RuleViolation.on("term_ends_on", "an extension ends after the current term")
        self._term_extended(ctx.meta, term_ends_on, decision_ref)

    @event("TermExtended")
    def _term_extended(self, meta: Meta, term_ends_on: date, decision_ref: str) -> None:
        self.term_ends_on = term_ends_on

    def end(self, ctx: Ctx, *, ended_on: date, reason: str) -> None:
        """The consul no longer serves (term over, exequatur withdrawn, resigned)."""
        self._require("end")
        not_in_future("ended_on", ended_on, ctx.today)
        if ended_on < self.appointed_on:
            raise RuleViolation.on("ended_on", "a term cannot end before the appointment")
        if not reason.strip():
            raise RuleViolation.on("reason", "say why the consul no longer serves")
        self._ended(ctx.meta, ended_on, reason.strip())

    @event("Ended")
    def _ended(self, meta: Meta, ended_on: date, reason: str) -> None:
        self.status = ConsulStatus.ENDED
        self.ended_on = ended_on

    def change_person(self, ctx: Ctx, *, sealed: str) -> None:
        """Corrected or new contact details of the consul (sealed with the same key)."""
        if self.erased_on is not None:
            raise RuleViolation.on("person", "the consul's personal data was erased")
        self._person_changed(ctx.meta, sealed)

    @event("PersonChanged")
    def _person_changed(self, meta: Meta, sealed: str) -> None:
        self.sealed = sealed

    def erase_person(self, ctx: Ctx, *, requested_on: date, grounds: str) -> None:
        """Erase the consul's personal data; the office (state, district, term) stays on record."""
        if self.erased_on is not None:
            raise RuleViolation.on("person", "the consul's personal data is already erased")
        grounds = check_erasure(ctx, requested_on, grounds)
        self._person_erased(ctx.meta, requested_on, grounds)

    @event("PersonErased")
    def _person_erased(self, meta: Meta, requested_on: date, grounds: str) -> None:
        self.sealed = None
        self.erased_on = requested_on

    # -- reminders before the term ends (the reminder job) -----------------------------------

    def reminders_due(self, today: date) -> list[Reminder]:
        """The reminders before the term ends, due by today and not yet issued."""
        if self.status is not ConsulStatus.SERVING or self.term_ends_on is None:
            return []
        due = reminders.consul_term_reminders(self.term_ends_on, today)
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
        title = f"honorary consul of {self.represents} in {self.seat_city or self.seat_country}"
        reminders.issue(self, ctx, r, owed or Owed(r), (self.reference, title, None))

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
reminders.version_issued_event(HonoraryConsul.ReminderIssued)  # type: ignore[attr-defined]
