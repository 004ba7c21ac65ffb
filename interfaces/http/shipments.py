"""HTTP resource /shipments: announce and every command of an aid shipment's life; get."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.exceptions import ValidationException
from litestar.params import Parameter

from application.calendar import calendar_of
from application.service import Saved
from domain.aid_lines import (
    AidCategory,
    AidLine,
    Donor,
    LineQuantity,
    LineReceipt,
    Transport,
    Unit,
)
from domain.aid_shipment import AidShipment, ShipmentStatus
from domain.calendar import Calendar
from domain.values import Money
from infrastructure.eventlog import last_position
from interfaces.http import shipment_lists
from interfaces.http.auth import can_read, can_write
from interfaces.http.context import caller, case_response, expected_version, runtime_of
from interfaces.http.fields import (
    Body,
    CountryCode,
    CurrencyCode,
    Name,
    Ref,
    Text,
    check_country,
    check_currency,
)
from interfaces.http.history import (
    DEFAULT_HISTORY_PAGE,
    History,
    HistoryCursor,
    HistoryLimit,
    history_of,
)
from interfaces.http.lists import Cursor, Limit, MinPosition, waits_for
from interfaces.http.periods import From, To, Year, period_of
from projections.reads import Listing, ReadModels
from projections.shipments import StockFilter

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


def plain(value: Decimal) -> Decimal:
    """A quantity without trailing zeros or exponent: 2.50 - 2.5 = 0, 1.250 = 1.25."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def plain_or_none(value: Decimal | None) -> Decimal | None:
    """`plain`, for a figure that may not be known yet."""
    return None if value is None else plain(value)


# -- request bodies ------------------------------------------------------------------------------


class DonorBody(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Who sends the aid; `partner_id` names a registered partner."""

    name: Name
    country: CountryCode
    partner_id: UUID | None = None

    def __post_init__(self) -> None:
        self.country = check_country(self.country)


class ValueBody(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A declared value: an exact amount in an ISO 4217 currency."""

    amount: Exact
    currency: CurrencyCode

    def __post_init__(self) -> None:
        self.amount = exact("amount", self.amount, places=4, cap=MAX_AMOUNT, zero_ok=True)
        self.currency = check_currency(self.currency)


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


class AnnounceShipment(Body, kw_only=True):
    """Announce a consignment of humanitarian aid."""

    donor: DonorBody
    recipient: Name
    expected_on: date
    lines: Annotated[list[LineBody], msgspec.Meta(min_length=1, max_length=MAX_LINES)]


class DeclareShipment(Body, kw_only=True):
    """The declaration made in the state's online system (its code is quoted at customs)."""

    code: Ref
    declared_on: date


class TransportBody(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """How the consignment travels."""

    carrier: Name | None = None
    vehicle: Name | None = None
    waybill: Ref | None = None


class DispatchShipment(Body, kw_only=True):
    """The donor has sent the consignment."""

    dispatched_on: date
    transport: TransportBody | None = None


class ClearCustoms(Body, kw_only=True):
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


ReceiptLines = Annotated[list[ReceiptLineBody], msgspec.Meta(min_length=1, max_length=MAX_LINES)]


class ReceiveShipment(Body, kw_only=True):
    """The receipt, every line exactly once."""

    received_on: date
    lines: ReceiptLines


class QuantityLineBody(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A quantity of one line."""

    line_no: LineNo
    quantity: Exact

    def __post_init__(self) -> None:
        self.quantity = quantity("quantity", self.quantity)


QuantityLines = Annotated[list[QuantityLineBody], msgspec.Meta(min_length=1, max_length=MAX_LINES)]


class DistributeShipment(Body, kw_only=True):
    """A handover to an institution under an act."""

    distributed_on: date
    to: Name
    act_ref: Ref
    lines: QuantityLines


class WriteOffShipment(Body, kw_only=True):
    """Aid taken off the books: expired, damaged later, lost."""

    written_off_on: date
    reason: Text
    lines: QuantityLines


class ReportShipment(Body, kw_only=True):
    """The report on the aid's use."""

    reported_on: date
    report_ref: Ref


class CloseShipment(Body, kw_only=True):
    """Closing the file."""

    closed_on: date


class CancelShipment(Body, kw_only=True):
    """The consignment will not come."""

    reason: Text


class CorrectReceipt(Body, kw_only=True):
    """Corrected receipt figures for some lines, with the reason."""

    reason: Text
    lines: ReceiptLines


class ReverseReceipt(Body, kw_only=True):
    """Undo a receipt recorded by mistake."""

    reason: Text


# -- responses -----------------------------------------------------------------------------------


class ValueDetail(msgspec.Struct):
    """An amount and its currency."""

    amount: Decimal
    currency: str


class LineDetail(msgspec.Struct):
    """A line with its figures: where every unit went."""

    line_no: int
    category: AidCategory
    description: str
    unit: Unit
    weight_kg: Decimal | None
    value: ValueDetail | None
    lot: str | None
    expiry_on: date | None
    quantity: Decimal
    received: Decimal | None
    damaged: Decimal | None
    missing: Decimal | None
    discrepancy_reason: str | None
    distributed: Decimal
    written_off: Decimal
    on_hand: Decimal | None


class QuantityDetail(msgspec.Struct):
    """A quantity of one line."""

    line_no: int
    quantity: Decimal


class DistributionDetail(msgspec.Struct):
    """One handover act."""

    distributed_on: date
    to: str
    act_ref: str
    lines: list[QuantityDetail]


class WriteOffDetail(msgspec.Struct):
    """One write-off."""

    written_off_on: date
    reason: str
    lines: list[QuantityDetail]


class ShipmentDetail(msgspec.Struct):
    """A shipment as the API shows it."""

    id: UUID
    reference: str
    status: ShipmentStatus
    version: int
    position: int | None
    donor: DonorBody
    recipient: str
    expected_on: date
    announced_on: date
    declaration_code: str | None
    declared_on: date | None
    dispatched_on: date | None
    transport: TransportBody | None
    cleared_on: date | None
    customs_ref: str | None
    report_due_on: date | None
    days_to_report_due: int | None
    overdue: bool
    received_on: date | None
    reported_on: date | None
    report_ref: str | None
    late: bool | None
    closed_on: date | None
    cancelled_on: date | None
    cancel_reason: str | None
    corrections: int
    illustrative: bool  # a made-up record (demo data), not a documented consignment
    lines: list[LineDetail]
    distributions: list[DistributionDetail]
    write_offs: list[WriteOffDetail]


def _quantities(lines: list[LineQuantity]) -> list[QuantityDetail]:
    return [QuantityDetail(q.line_no, plain(q.quantity)) for q in lines]


def shipment_detail(
    s: AidShipment, position: int | None, today: date, calendar: Calendar | None = None
) -> ShipmentDetail:
    """Render a shipment with its per-line figures."""
    lines = [
        LineDetail(
            line_no=f.line.line_no,
            category=f.line.category,
            description=f.line.description,
            unit=f.line.unit,
            weight_kg=plain_or_none(f.line.weight_kg),
            value=ValueDetail(f.line.value.amount, f.line.value.currency) if f.line.value else None,
            lot=f.line.lot,
            expiry_on=f.line.expiry_on,
            quantity=plain(f.line.quantity),
            received=plain_or_none(f.stock.received),
            damaged=plain_or_none(f.stock.damaged),
            missing=plain_or_none(f.stock.missing),
            discrepancy_reason=f.stock.discrepancy_reason,
            distributed=plain(f.stock.distributed),
            written_off=plain(f.stock.written_off),
            on_hand=plain_or_none(f.on_hand),
        )
        for f in s.figures()
    ]
    t = s.transport
    return ShipmentDetail(
        id=s.id,
        reference=s.reference,
        status=s.status,
        version=s.version,
        position=position,
        donor=DonorBody(name=s.donor.name, country=s.donor.country, partner_id=s.donor.partner_id),
        recipient=s.recipient,
        expected_on=s.expected_on,
        announced_on=s.announced_on,
        declaration_code=s.declaration_code,
        declared_on=s.declared_on,
        dispatched_on=s.dispatched_on,
        transport=TransportBody(carrier=t.carrier, vehicle=t.vehicle, waybill=t.waybill)
        if t
        else None,
        cleared_on=s.cleared_on,
        customs_ref=s.customs_ref,
        # While unreported, re-planned with today's calendar (overrides included).
        report_due_on=s.current_report_due_on(calendar),
        days_to_report_due=s.days_to_report_due(today, calendar),
        overdue=s.overdue(today, calendar),
        received_on=s.received_on,
        reported_on=s.reported_on,
        report_ref=s.report_ref,
        late=s.late,
        closed_on=s.closed_on,
        cancelled_on=s.cancelled_on,
        cancel_reason=s.cancel_reason,
        corrections=s.corrections,
        illustrative=s.illustrative,
        lines=lines,
        distributions=[
            DistributionDetail(d.distributed_on, d.to, d.act_ref, _quantities(d.lines))
            for d in s.distributions
        ],
        write_offs=[
            WriteOffDetail(w.written_off_on, w.reason, _quantities(w.lines)) for w in s.write_offs
        ],
    )


# -- from bodies to domain facts -----------------------------------------------------------------


def _aid_line(b: LineBody) -> AidLine:
    value = Money(b.value.amount, b.value.currency) if b.value else None
    return AidLine(
        line_no=b.line_no,
        category=b.category,
        description=b.description,
        quantity=b.quantity,
        unit=b.unit,
        weight_kg=b.weight_kg,
        value=value,
        lot=b.lot,
        expiry_on=b.expiry_on,
    )


def _receipt(b: ReceiptLineBody) -> LineReceipt:
    return LineReceipt(b.line_no, b.received, b.damaged, b.missing, b.discrepancy_reason)


def _facts(data: Body) -> dict[str, Any]:
    """The command's facts as domain values (without the audit note)."""
    facts = {f: getattr(data, f) for f in data.__struct_fields__ if f != "note"}
    if isinstance(data, AnnounceShipment):
        d = data.donor
        facts["donor"] = Donor(name=d.name, country=d.country, partner_id=d.partner_id)
        facts["lines"] = [_aid_line(b) for b in data.lines]
    elif isinstance(data, ReceiveShipment | CorrectReceipt):
        facts["lines"] = [_receipt(b) for b in data.lines]
    elif isinstance(data, DistributeShipment | WriteOffShipment):
        facts["lines"] = [LineQuantity(b.line_no, b.quantity) for b in data.lines]
    elif isinstance(data, DispatchShipment) and data.transport is not None:
        t = data.transport
        facts["transport"] = Transport(carrier=t.carrier, vehicle=t.vehicle, waybill=t.waybill)
    return facts


# -- the controller ------------------------------------------------------------------------------


class ShipmentController(Controller):
    """Humanitarian aid shipments, from announcement to the 90-day report."""

    path = "/shipments"
    tags = ["shipments"]

    def _reply(
        self, request: Request[Any, Any, Any], saved: Saved, status: int = 200
    ) -> Response[ShipmentDetail]:
        rt = runtime_of(request)
        location = f"/shipments/{saved.case.id}" if status == 201 else None
        detail = shipment_detail(saved.case, saved.position, rt.clock.today(), calendar_of(rt.app))
        return case_response(detail, saved.case.version, status, location)

    def _command(
        self, request: Request[Any, Any, Any], verb: str, shipment_id: UUID, data: Body
    ) -> Response[ShipmentDetail]:
        svc = runtime_of(request).shipments
        saved = getattr(svc, verb)(
            shipment_id, caller(request, data.note), expected_version(request), **_facts(data)
        )
        return self._reply(request, saved)

    @post("/", guards=[can_write], sync_to_thread=True, status_code=201)
    def announce(
        self, request: Request[Any, Any, Any], data: AnnounceShipment
    ) -> Response[ShipmentDetail]:
        """Announce a shipment; it gets the next SHP-YYYY-NNNN reference."""
        saved = runtime_of(request).shipments.announce_shipment(
            caller(request, data.note), **_facts(data)
        )
        return self._reply(request, saved, 201)

    @get(
        "/",
        guards=[can_read],
        sync_to_thread=True,
        dependencies=shipment_lists.SHIPMENT_QUERY,
        before_request=waits_for(shipment_lists.READ_MODEL),
    )
    def list_shipments(
        self, filters: shipment_lists.ShipmentQuery, reads: ReadModels
    ) -> shipment_lists.ShipmentPage:
        """Shipments, most recently announced first: filters, text search, pages."""
        return reads.shipments(filters)

    @get(
        "/stats",
        guards=[can_read],
        sync_to_thread=True,
        before_request=waits_for(shipment_lists.READ_MODEL),
    )
    def stats(
        self,
        reads: ReadModels,
        year: Year = None,
        from_: From = None,
        to: To = None,
        min_position: MinPosition = None,
    ) -> shipment_lists.ShipmentStats:
        """Shipments received in a year (or from/to): by donor country, category, value."""
        period = period_of(year, from_, to, reads.clock.today())
        return reads.shipment_stats(period.start, period.end, min_position)

    @get(
        "/stock",
        guards=[can_read],
        sync_to_thread=True,
        before_request=waits_for(shipment_lists.READ_MODEL),
    )
    def stock(
        self,
        reads: ReadModels,
        category: AidCategory | None = None,
        expires_before: date | None = None,
        limit: Limit = 50,
        cursor: Cursor = None,
        min_position: MinPosition = None,
    ) -> shipment_lists.StockPage:
        """Undistributed stock by line: medicines expiring soonest first, then the oldest."""
        f = StockFilter(category=category, expires_before=expires_before)
        return reads.stock(Listing(f, limit, cursor, min_position))

    @get("/{shipment_id:uuid}", guards=[can_read], sync_to_thread=True)
    def get_one(
        self,
        request: Request[Any, Any, Any],
        shipment_id: UUID,
        version: Annotated[int | None, Parameter(ge=1)] = None,
        as_of: datetime | None = None,
    ) -> Response[ShipmentDetail]:
        """A shipment now, at a version, or as it stood at a moment."""
        rt = runtime_of(request)
        if version is not None and as_of is not None:
            raise ValidationException("give version or as_of, not both")
        if as_of is not None:
            version = rt.shipments.version_at(AidShipment, shipment_id, as_of)
        shipment = rt.shipments.get_shipment(shipment_id, version)
        position = last_position(rt.app.recorder, shipment_id)
        return case_response(
            shipment_detail(shipment, position, rt.clock.today(), calendar_of(rt.app)),
            shipment.version,
        )

    @post("/{shipment_id:uuid}/declare", guards=[can_write], sync_to_thread=True, status_code=200)
    def declare(
        self, request: Request[Any, Any, Any], shipment_id: UUID, data: DeclareShipment
    ) -> Response[ShipmentDetail]:
        """Record the declaration made in the state's online system."""
        return self._command(request, "declare_shipment", shipment_id, data)

    @post("/{shipment_id:uuid}/dispatch", guards=[can_write], sync_to_thread=True, status_code=200)
    def dispatch(
        self, request: Request[Any, Any, Any], shipment_id: UUID, data: DispatchShipment
    ) -> Response[ShipmentDetail]:
        """Record that the donor sent the consignment."""
        return self._command(request, "dispatch_shipment", shipment_id, data)

    @post(
        "/{shipment_id:uuid}/clear-customs",
        guards=[can_write],
        sync_to_thread=True,
        status_code=200,
    )
    def clear_customs(
        self, request: Request[Any, Any, Any], shipment_id: UUID, data: ClearCustoms
    ) -> Response[ShipmentDetail]:
        """Record customs clearance (needs the declaration); the report is due in 90 days."""
        return self._command(request, "clear_shipment", shipment_id, data)

    @post("/{shipment_id:uuid}/receive", guards=[can_write], sync_to_thread=True, status_code=200)
    def receive(
        self, request: Request[Any, Any, Any], shipment_id: UUID, data: ReceiveShipment
    ) -> Response[ShipmentDetail]:
        """Record what arrived, every line once: received + damaged + missing = quantity."""
        return self._command(request, "receive_shipment", shipment_id, data)

    @post(
        "/{shipment_id:uuid}/distribute", guards=[can_write], sync_to_thread=True, status_code=200
    )
    def distribute(
        self, request: Request[Any, Any, Any], shipment_id: UUID, data: DistributeShipment
    ) -> Response[ShipmentDetail]:
        """Hand aid over to an institution; never more than is on hand."""
        return self._command(request, "distribute_shipment", shipment_id, data)

    @post("/{shipment_id:uuid}/write-off", guards=[can_write], sync_to_thread=True, status_code=200)
    def write_off(
        self, request: Request[Any, Any, Any], shipment_id: UUID, data: WriteOffShipment
    ) -> Response[ShipmentDetail]:
        """Take aid off the books, with a reason; never more than is on hand."""
        return self._command(request, "write_off_shipment", shipment_id, data)

    @post("/{shipment_id:uuid}/report", guards=[can_write], sync_to_thread=True, status_code=200)
    def report(
        self, request: Request[Any, Any, Any], shipment_id: UUID, data: ReportShipment
    ) -> Response[ShipmentDetail]:
        """Record the report on the aid's use (late if after report_due_on)."""
        return self._command(request, "report_shipment", shipment_id, data)

    @post("/{shipment_id:uuid}/close", guards=[can_write], sync_to_thread=True, status_code=200)
    def close(
        self, request: Request[Any, Any, Any], shipment_id: UUID, data: CloseShipment
    ) -> Response[ShipmentDetail]:
        """Close the file."""
        return self._command(request, "close_shipment", shipment_id, data)

    @post("/{shipment_id:uuid}/cancel", guards=[can_write], sync_to_thread=True, status_code=200)
    def cancel(
        self, request: Request[Any, Any, Any], shipment_id: UUID, data: CancelShipment
    ) -> Response[ShipmentDetail]:
        """The consignment will not come (only before customs clearance)."""
        return self._command(request, "cancel_shipment", shipment_id, data)

    @post(
        "/{shipment_id:uuid}/correct-receipt",
        guards=[can_write],
        sync_to_thread=True,
        status_code=200,
    )
    def correct_receipt(
        self, request: Request[Any, Any, Any], shipment_id: UUID, data: CorrectReceipt
    ) -> Response[ShipmentDetail]:
        """Correct the receipt of some lines; never below what has already left stock."""
        return self._command(request, "correct_shipment_receipt", shipment_id, data)

    @post(
        "/{shipment_id:uuid}/reverse-receipt",
        guards=[can_write],
        sync_to_thread=True,
        status_code=200,
    )
    def reverse_receipt(
        self, request: Request[Any, Any, Any], shipment_id: UUID, data: ReverseReceipt
    ) -> Response[ShipmentDetail]:
        """Undo a receipt recorded by mistake, while nothing has left stock."""
        return self._command(request, "reverse_shipment_receipt", shipment_id, data)

    @get("/{shipment_id:uuid}/history", guards=[can_read], sync_to_thread=True)
    def history(
        self,
        request: Request[Any, Any, Any],
        shipment_id: UUID,
        limit: HistoryLimit = DEFAULT_HISTORY_PAGE,
        cursor: HistoryCursor = None,
    ) -> History:
        """Its events, oldest first: who did what, when and why."""
        return history_of(request, AidShipment, shipment_id, limit, cursor)
