"""Commands on requests for public information (Law 2939-VI): one Struct per thing staff do."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

import msgspec

from application.commands.fields import Command, LongText, Name, Ref, Text
from domain.foi_request import (
    Channel,
    Direction,
    ExtensionReason,
    Outcome,
    RefusalGround,
    Requester,
    RequesterKind,
)

Email = Annotated[str, msgspec.Meta(pattern=r"^[^@\s]+@[^@\s]+$", max_length=254)]
Phone = Annotated[str, msgspec.Meta(pattern=r"^\+?[0-9][0-9 ()-]{3,24}$")]
Pages = Annotated[int, msgspec.Meta(ge=0, le=100_000)]
MAX_AMOUNT = Decimal("1e9")


class RequesterBody(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """The requester: a name, a kind and at least one way to reach them (Art. 19(5))."""

    name: Name
    kind: RequesterKind
    email: Email | None = None
    postal_address: Text | None = None
    phone: Phone | None = None

    def to_domain(self) -> Requester:
        """The requester as the domain records them."""
        return Requester(self.name, self.kind, self.email, self.postal_address, self.phone)


class RegisterFoiRequest(Command, kw_only=True):
    """A request as received."""

    requester: RequesterBody
    channel: Channel
    received_on: date
    received_at: datetime | None = None
    subject: Text
    text: LongText
    urgent: bool = False
    urgency_reason: Text | None = None


class AssignFoiRequest(Command, kw_only=True):
    """The officer who handles the request."""

    officer: Name


class ExtendFoiRequest(Command, kw_only=True):
    """The reasoned notice extending the term to 20 working days."""

    notice_sent_on: date
    reason: ExtensionReason
    justification: LongText


class TransferFoiRequest(Command, kw_only=True):
    """The request sent on to the holder of the information."""

    to_holder: Text
    transferred_on: date
    requester_notified_on: date


class DeferFoiRequest(Command, kw_only=True):
    """A deferral for force majeure, with the new date."""

    decided_on: date
    reason: Text
    new_due_on: date


class ClarifyFoiRequest(Command, kw_only=True):
    """One clarification exchange; `note` is what was asked or answered."""

    # Here the note is the exchange itself: required, and as long as a letter may be.
    note: LongText
    on: date
    direction: Direction = Direction.TO_REQUESTER


class AnswerFoiRequest(Command, kw_only=True):
    """The answer: outcome, grounds for a refusal, outgoing number, pages."""

    answered_on: date
    answered_at: datetime | None = None
    outcome: Outcome
    refusal_grounds: Annotated[list[RefusalGround], msgspec.Meta(max_length=4)] = []
    outgoing_number: Ref
    channel: Channel | None = None
    pages: Pages | None = None
    own_personal_data: bool = False
    public_interest: bool = False


class RecordFoiPayment(Command, kw_only=True):
    """The payment of the copying fee."""

    paid_on: date
    amount: Decimal

    def __post_init__(self) -> None:
        if not self.amount.is_finite() or not 0 < self.amount < MAX_AMOUNT:
            raise ValueError('amount: a positive amount in hryvnias, such as "28.40"')
        exponent = self.amount.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -2:
            raise ValueError("amount: at most two decimal places")


class WithdrawFoiRequest(Command, kw_only=True):
    """The requester's withdrawal."""

    withdrawn_on: date
    reason: Text | None = None
