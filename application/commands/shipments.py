"""Commands on humanitarian aid shipments: one Struct per step of a consignment's life."""

from datetime import date
from decimal import Decimal
from typing import Annotated
from uuid import UUID

import msgspec

from application.commands.fields import (
    Command,
    CountryCode,
    CurrencyCode,
    Name,
    Ref,
    Text,
    check_country,
    check_currency,
)
from domain.aid_lines import (
    AidCategory,
    AidLine,
    Donor,
    LineQuantity,
    LineReceipt,
    Transport,
    Unit,
)
from domain.values import Money

MAX_LINES = 500
MAX_QUANTITY = Decimal("1e9")
MAX_AMOUNT = Decimal("1e12")
LineNo = Annotated[int, msgspec.Meta(ge=1, le=100_000)]
# msgspec puts no numeric bounds on Decimal: `exact` checks them in __post_init__ (400).
Exact = Annotated[
    Decimal,
    msgspec.Meta(
        description='An exact decimal, best sent as a string ("75", "2.5"); a JSON number is '
        "accepted too and read exactly as written. Up to 3 decimal places (4 for amounts).",
        examples=["75", "2.5"],
    ),
]
Lot = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]


def exact(field: str, value: Decimal, *, places: int, cap: Decimal, zero_ok: bool) -> Decimal:
    """A JSON string or number as an exact decimal in range; otherwise a schema error (400)."""
    if not value.is_finite():
        raise ValueError(f"{field}: must be a finite decimal number")
    if value < 0 or (value == 0 and not zero_ok):
        raise ValueError(f"{field}: must be {'zero or more' if zero_ok else 'greater than zero'}")
    if value > cap:
        raise ValueError(f"{field}: must not exceed {cap:f}")
    exponent = int(value.as_tuple().exponent)
    if exponent < -places:
        raise ValueError(f"{field}: at most {places} decimal places")
    # "1e2" is stored and shown as "100", never in exponent form.
    return value.quantize(Decimal(1)) if exponent > 0 else value


def quantity(field: str, value: Decimal, zero_ok: bool = False) -> Decimal:
    """A quantity: up to 3 decimal places (grams of a kilogram, millilitres of a litre)."""
    return exact(field, value, places=3, cap=MAX_QUANTITY, zero_ok=zero_ok)


class DonorBody(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Who sends the aid; `partner_id` names a registered partner."""

    name: Name
    country: CountryCode
    partner_id: UUID | None = None

    def __post_init__(self) -> None:
        self.country = check_country(self.country)

    def to_domain(self) -> Donor:
        """The donor as the domain records them."""
        return Donor(name=self.name, country=self.country, partner_id=self.partner_id)


class ValueBody(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A declared value: an exact amount in an ISO 4217 currency."""

    amount: Exact
    currency: CurrencyCode

    def __post_init__(self) -> None:
        self.amount = exact("amount", self.amount, places=4, cap=MAX_AMOUNT, zero_ok=True)
        self.currency = check_currency(self.currency)

    def to_domain(self) -> Money:
        """The value as money."""
        return Money(self.amount, self.currency)


class LineBody(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """One line of the donor's packing list."""

    line_no: LineNo
    category: AidCategory
    description: Text
    quantity: Exact
    unit: Unit
    weight_kg: Exact | None = None
    value: ValueBody | None = None
    lot: Lot | None = None
    expiry_on: date | None = None

    def __post_init__(self) -> None:
        self.quantity = quantity("quantity", self.quantity)
        if self.weight_kg is not None:
            self.weight_kg = quantity("weight_kg", self.weight_kg)

    def to_domain(self) -> AidLine:
        """The line as the domain records it."""
        return AidLine(
            line_no=self.line_no,
            category=self.category,
            description=self.description,
            quantity=self.quantity,
            unit=self.unit,
            weight_kg=self.weight_kg,
            value=self.value.to_domain() if self.value else None,
            lot=self.lot,
            expiry_on=self.expiry_on,
        )


class AnnounceShipment(Command, kw_only=True):
    """Announce a consignment of humanitarian aid."""

    donor: DonorBody
    recipient: Name
    expected_on: date
    lines: Annotated[list[LineBody], msgspec.Meta(min_length=1, max_length=MAX_LINES)]


class DeclareShipment(Command, kw_only=True):
    """The declaration made in the state's online system (its code is quoted at customs)."""

    code: Ref
    declared_on: date


class TransportBody(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """How the consignment travels."""

    carrier: Name | None = None
    vehicle: Name | None = None
    waybill: Ref | None = None

    def to_domain(self) -> Transport:
        """The transport as the domain records it."""
        return Transport(carrier=self.carrier, vehicle=self.vehicle, waybill=self.waybill)


class DispatchShipment(Command, kw_only=True):
    """The donor has sent the consignment."""

    dispatched_on: date
    transport: TransportBody | None = None


class ClearCustoms(Command, kw_only=True):
    """Customs clearance: starts the 90-day reporting clock."""

    cleared_on: date
    customs_ref: Ref


class ReceiptLineBody(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """What was found of one line: received in good condition, damaged, missing."""

    line_no: LineNo
    received: Exact
    damaged: Exact
    missing: Exact
    discrepancy_reason: Text | None = None

    def __post_init__(self) -> None:
        self.received = quantity("received", self.received, zero_ok=True)
        self.damaged = quantity("damaged", self.damaged, zero_ok=True)
        self.missing = quantity("missing", self.missing, zero_ok=True)

    def to_domain(self) -> LineReceipt:
        """The line's receipt as the domain records it."""
        return LineReceipt(
            self.line_no, self.received, self.damaged, self.missing, self.discrepancy_reason
        )


ReceiptLines = Annotated[list[ReceiptLineBody], msgspec.Meta(min_length=1, max_length=MAX_LINES)]


class ReceiveShipment(Command, kw_only=True):
    """The receipt, every line exactly once."""

    received_on: date
    lines: ReceiptLines


class QuantityLineBody(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A quantity of one line."""

    line_no: LineNo
    quantity: Exact

    def __post_init__(self) -> None:
        self.quantity = quantity("quantity", self.quantity)

    def to_domain(self) -> LineQuantity:
        """The quantity as the domain records it."""
        return LineQuantity(self.line_no, self.quantity)


QuantityLines = Annotated[list[QuantityLineBody], msgspec.Meta(min_length=1, max_length=MAX_LINES)]


class DistributeShipment(Command, kw_only=True):
    """A handover to an institution under an act."""

    distributed_on: date
    to: Name
    act_ref: Ref
    lines: QuantityLines


class WriteOffShipment(Command, kw_only=True):
    """Aid taken off the books: expired, damaged later, lost."""

    written_off_on: date
    reason: Text
    lines: QuantityLines


class ReportShipment(Command, kw_only=True):
    """The report on the aid's use."""

    reported_on: date
    report_ref: Ref


class CloseShipment(Command, kw_only=True):
    """Closing the file."""

    closed_on: date


class CancelShipment(Command, kw_only=True):
    """The consignment will not come."""

    reason: Text


class CorrectReceipt(Command, kw_only=True):
    """Corrected receipt figures for some lines, with the reason."""

    reason: Text
    lines: ReceiptLines


class ReverseReceipt(Command, kw_only=True):
    """Undo a receipt recorded by mistake."""

    reason: Text
