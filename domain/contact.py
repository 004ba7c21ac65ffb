"""Contact: a person at a counterpart or a partner, with their personal data sealed (domain.sealed).

The events hold the sealed text and the id of the person's data key, never the person in clear.
Erasure (the person's request under Law 2297-VI, Art. 8) is final: the key is destroyed and
`Erased` records when and on what grounds, with no personal data.
"""

from datetime import date
from enum import StrEnum
from typing import ClassVar, Final
from uuid import UUID

from eventsourcing.domain import event

from domain.case import Case, not_in_future
from domain.errors import RuleViolation
from domain.illustrative import flagged_on_creation
from domain.meta import Ctx, Meta


class ContactStatus(StrEnum):
    """Whether the person's data can still be read."""

    ACTIVE = "active"
    ERASED = "erased"


S = ContactStatus
TRANSITIONS: Final = {
    "change": (frozenset({S.ACTIVE}), S.ACTIVE),
    "erase": (frozenset({S.ACTIVE}), S.ERASED),
}


def check_erasure(ctx: Ctx, requested_on: date, grounds: str) -> str:
    """An erasure is requested on a day not in the future, on stated grounds."""
    not_in_future("requested_on", requested_on, ctx.today)
    if not grounds.strip():
        raise RuleViolation.on("grounds", "say on what grounds the data is erased")
    return grounds.strip()


class Contact(Case):
    """A contact person of a counterpart organisation or of a partner."""

    TRANSITIONS: ClassVar = TRANSITIONS
    FINAL: ClassVar = frozenset({S.ERASED})

    reference: str
    counterpart_id: UUID | None
    partner_id: UUID | None
    key_id: UUID
    sealed: str | None
    illustrative: bool
    status: ContactStatus
    erased_on: date | None

    @classmethod
    def register(
        cls,
        ctx: Ctx,
        *,
        reference: str,
        counterpart_id: UUID | None,
        partner_id: UUID | None,
        key_id: UUID,
        sealed: str,
        illustrative: bool = False,
    ) -> "Contact":
        """Register a contact person of a counterpart or a partner (one of them, at least)."""
        if counterpart_id is None and partner_id is None:
            raise RuleViolation.on(
                "counterpart_id", "a contact belongs to a counterpart or a partner"
            )
        return cls(
            meta=ctx.meta,
            reference=reference,
            counterpart_id=counterpart_id,
            partner_id=partner_id,
            key_id=key_id,
            sealed=sealed,
            illustrative=illustrative,
        )

    class Registered(Case.Created):
        """A contact person was registered (their data sealed)."""

        meta: Meta
        reference: str
        counterpart_id: UUID | None
        partner_id: UUID | None
        key_id: UUID
        sealed: str
        illustrative: bool

    flagged_on_creation(Registered)

    @event("Registered")
    def __init__(
        self,
        meta: Meta,
        reference: str,
        counterpart_id: UUID | None,
        partner_id: UUID | None,
        key_id: UUID,
        sealed: str,
        illustrative: bool = False,
    ) -> None:
        self.reference = reference
        self.counterpart_id = counterpart_id
        self.partner_id = partner_id
        self.key_id = key_id
        self.sealed = sealed
        self.illustrative = illustrative
        self.status = ContactStatus.ACTIVE
        self.erased_on = None

    def check_open(self) -> None:
        """Refuse a change to an erased contact (409) before anything is sealed for them."""
        self._require("change")

    def change_details(self, ctx: Ctx, *, sealed: str) -> None:
        """New name, position, e-mail, phone or language (sealed with the same key)."""
        self._require("change")
        self._details_changed(ctx.meta, sealed)

    @event("DetailsChanged")
    def _details_changed(self, meta: Meta, sealed: str) -> None:
        self.sealed = sealed

    def erase(self, ctx: Ctx, *, requested_on: date, grounds: str) -> None:
        """Erase the person's data for good (the key is destroyed by the application)."""
        self._require("erase")
        grounds = check_erasure(ctx, requested_on, grounds)
        self._erased(ctx.meta, requested_on, grounds)

    @event("Erased")
    def _erased(self, meta: Meta, requested_on: date, grounds: str) -> None:
        self.status = ContactStatus.ERASED
        self.sealed = None
        self.erased_on = requested_on
