"""The correspondence register as the API shows it."""

from datetime import date
from uuid import UUID

import msgspec


class LetterItem(msgspec.Struct):
    """One registered letter."""

    id: UUID
    direction: str
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


class LetterPage(msgspec.Struct):
    """A page of the register, newest first."""

    items: list[LetterItem]
    next_cursor: str | None
