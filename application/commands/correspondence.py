"""Commands on the correspondence register."""

from datetime import date
from uuid import UUID

from application.commands.fields import Command, Ref, Text


class CaseLink(Command, kw_only=True):
    """The case a letter is about: its type as the API spells it, and its id."""

    case_type: Ref
    case_id: UUID


class RegisterOutgoingLetter(Command, kw_only=True):
    """Register a letter the department sends; it takes the next number of its year."""

    dated_on: date
    correspondent: Text
    subject: Text
    case: CaseLink | None = None


class RegisterIncomingLetter(Command, kw_only=True):
    """Register a letter received, with the sender's own number and date if it has them."""

    received_on: date
    correspondent: Text
    subject: Text
    sender_number: Ref | None = None
    sender_dated_on: date | None = None
    case: CaseLink | None = None
