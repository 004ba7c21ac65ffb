"""Use cases of the correspondence register: letters in and out, numbered without gaps."""

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from application.commands.correspondence import (
    CaseLink,
    RegisterIncomingLetter,
    RegisterOutgoingLetter,
)
from application.documents import DOCUMENTED
from application.errors import CaseNotFound
from application.service import Caller, CaseService, Saved
from domain.correspondence import (
    DEPARTMENT_INDEX,
    Letter,
    LetterDirection,
    incoming_number,
    outgoing_number,
    sequence_prefix,
)
from domain.meta import Ctx
from domain.sequence import ReferenceSequence


@dataclass(frozen=True)
class Linked:
    """A case a letter is about, as the register records it."""

    case_type: str
    case_id: UUID
    reference: str | None
    case: Any


class CorrespondenceService(CaseService):
    """The department's register of letters."""

    index: str = DEPARTMENT_INDEX

    def linked(self, link: CaseLink | None) -> Linked | None:
        """The case a letter names (404 if there is no such case of that type)."""
        if link is None:
            return None
        cls = DOCUMENTED.get(link.case_type)
        if cls is None:
            raise CaseNotFound(link.case_type, link.case_id)
        case = self.get(cls, link.case_id)
        return Linked(link.case_type, link.case_id, getattr(case, "reference", None), case)

    def next_number(
        self, direction: LetterDirection, year: int, ctx: Ctx
    ) -> tuple[ReferenceSequence, str]:
        """The sequence to save with the letter and the number it issued."""
        sequence = self.sequence(sequence_prefix(direction, self.index), year, ctx)
        sequence.issue(ctx)
        if direction is LetterDirection.OUTGOING:
            return sequence, outgoing_number(self.index, sequence.last, year)
        return sequence, incoming_number(sequence.last, year)

    def register_outgoing_letter(self, cmd: RegisterOutgoingLetter, caller: Caller) -> Saved:
        """Register a letter sent; its number is the next of its year (17/0/<n>-<yy>)."""
        link = self.linked(cmd.case)

        def attempt() -> Saved:
            ctx = self.ctx(caller, cmd.note)
            letter, sequence = self.outgoing(
                ctx, cmd.dated_on, cmd.correspondent, cmd.subject, link
            )
            return Saved(letter, self.save(sequence, letter))

        return self.retrying(attempt)

    def outgoing(
        self,
        ctx: Ctx,
        dated_on: date,
        correspondent: str,
        subject: str,
        link: Linked | None,
        document_id: UUID | None = None,
    ) -> tuple[Letter, ReferenceSequence]:
        """An outgoing letter and its sequence, to be saved together (with the case, if any)."""
        sequence, number = self.next_number(LetterDirection.OUTGOING, dated_on.year, ctx)
        letter = Letter.register(
            ctx,
            direction=LetterDirection.OUTGOING,
            number=number,
            registered_on=dated_on,
            correspondent=correspondent,
            subject=subject,
            case_type=link.case_type if link else None,
            case_id=link.case_id if link else None,
            case_reference=link.reference if link else None,
            document_id=document_id,
        )
        return letter, sequence

    def register_incoming_letter(self, cmd: RegisterIncomingLetter, caller: Caller) -> Saved:
        """Register a letter received; it takes the next incoming number of its year."""
        link = self.linked(cmd.case)

        def attempt() -> Saved:
            ctx = self.ctx(caller, cmd.note)
            year = cmd.received_on.year
            sequence, number = self.next_number(LetterDirection.INCOMING, year, ctx)
            letter = Letter.register(
                ctx,
                direction=LetterDirection.INCOMING,
                number=number,
                registered_on=cmd.received_on,
                correspondent=cmd.correspondent,
                subject=cmd.subject,
                sender_number=cmd.sender_number,
                sender_dated_on=cmd.sender_dated_on,
                case_type=link.case_type if link else None,
                case_id=link.case_id if link else None,
                case_reference=link.reference if link else None,
            )
            return Saved(letter, self.save(sequence, letter))

        return self.retrying(attempt)
