"""The correspondence register: letters in and out, with the council's registration numbers.

Outgoing letters take the department's numbers in the council's own format, `17/0/972-24`: the
department's index in the council's nomenclature (17/0), the letter's number in the year, and
the year's last two digits. Numbers are gapless per year and index: the number is taken from a
`ReferenceSequence` saved together with the letter (domain/sequence.py). Incoming letters take
`ВХ-<n>-<yy>` numbers from their own sequence and keep the sender's number beside it.
"""

from datetime import date
from enum import StrEnum
from typing import Final
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.errors import RuleViolation
from domain.meta import Ctx, Meta

DEPARTMENT_INDEX: Final = "17/0"  # the Department of International Cooperation
MAX_TEXT: Final = 500


class LetterDirection(StrEnum):
    """Which way a letter went."""

    INCOMING = "incoming"
    OUTGOING = "outgoing"


def outgoing_number(index: str, number: int, year: int) -> str:
    """17/0/972-24: index, number in the year, two-digit year."""
    return f"{index}/{number}-{year % 100:02d}"


def incoming_number(number: int, year: int) -> str:
    """ВХ-15-26: our registration number of a letter received."""
    return f"ВХ-{number}-{year % 100:02d}"


def sequence_prefix(direction: LetterDirection, index: str = DEPARTMENT_INDEX) -> str:
    """The reference sequence a direction's numbers come from (one per index and year)."""
    return f"LETTER-{'OUT' if direction is LetterDirection.OUTGOING else 'IN'}-{index}"


def letter_id(number: str) -> UUID:
    """A letter is found again by its registration number (and never registered twice)."""
    return uuid5(NAMESPACE_URL, f"pobratym:letter:{number}")


def _text(field_name: str, value: str | None) -> str:
    text = (value or "").strip()
    if not text:
        raise RuleViolation.on(field_name, f"{field_name} is empty")
    if len(text) > MAX_TEXT:
        raise RuleViolation.on(field_name, f"{field_name} is longer than {MAX_TEXT} characters")
    return text


class Letter(Aggregate):
    """One registered letter, incoming or outgoing, possibly about a case."""

    direction: LetterDirection
    number: str
    registered_on: date
    correspondent: str
    subject: str
    sender_number: str | None
    sender_dated_on: date | None
    case_type: str | None
    case_id: UUID | None
    case_reference: str | None
    document_id: UUID | None

    @staticmethod
    def create_id(number: str) -> UUID:
        """The id follows from the registration number."""
        return letter_id(number)

    @classmethod
    def register(
        cls,
        ctx: Ctx,
        *,
        direction: LetterDirection,
        number: str,
        registered_on: date,
        correspondent: str,
        subject: str,
        sender_number: str | None = None,
        sender_dated_on: date | None = None,
        case_type: str | None = None,
        case_id: UUID | None = None,
        case_reference: str | None = None,
        document_id: UUID | None = None,
    ) -> "Letter":
        """Register a letter on a day not after today, with its correspondent and subject."""
        if registered_on > ctx.today:
            raise RuleViolation.on("registered_on", "a letter is registered on or before today")
        if sender_dated_on is not None and sender_dated_on > registered_on:
            raise RuleViolation.on("sender_dated_on", "the letter is dated after it was received")
        if direction is LetterDirection.OUTGOING and (sender_number or sender_dated_on):
            raise RuleViolation.on("sender_number", "an outgoing letter has no sender's number")
        return cls(
            meta=ctx.meta,
            direction=LetterDirection(direction),
            number=number,
            registered_on=registered_on,
            correspondent=_text("correspondent", correspondent),
            subject=_text("subject", subject),
            sender_number=(sender_number or "").strip() or None,
            sender_dated_on=sender_dated_on,
            case_type=case_type,
            case_id=case_id,
            case_reference=case_reference,
            document_id=document_id,
        )

    @event("Registered")
    def __init__(
        self,
        meta: Meta,
        direction: LetterDirection,
        number: str,
        registered_on: date,
        correspondent: str,
        subject: str,
        sender_number: str | None,
        sender_dated_on: date | None,
        case_type: str | None,
        case_id: UUID | None,
        case_reference: str | None,
        document_id: UUID | None,
    ) -> None:
        self.direction = direction
        self.number = number
        self.registered_on = registered_on
        self.correspondent = correspondent
        self.subject = subject
        self.sender_number = sender_number
        self.sender_dated_on = sender_dated_on
        self.case_type = case_type
        self.case_id = case_id
        self.case_reference = case_reference
        self.document_id = document_id
