"""An aid shipment as the API shows it: its facts, per-line figures and the report's due date."""

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get
from litestar.exceptions import ValidationException
from litestar.params import Parameter

from application.clock import Clock
from application.commands.shipments import DonorBody, TransportBody
from application.service import Saved
from application.shipments import ShipmentService
from domain.aid_lines import AidCategory, Distribution, LineFigures, LineQuantity, Unit, WriteOff
from domain.aid_shipment import AidShipment, ShipmentStatus
from domain.calendar import Calendar
from domain.case_types import url_of
from interfaces.http.auth import can_read
from interfaces.http.context import case_response
from interfaces.http.history import (
    DEFAULT_HISTORY_PAGE,
    History,
    HistoryCursor,
    HistoryLimit,
    history_of,
)


def plain(value: Decimal) -> Decimal:
    """A quantity without trailing zeros or exponent: 2.50 - 2.5 = 0, 1.250 = 1.25."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def plain_or_none(value: Decimal | None) -> Decimal | None:
    """`plain`, for a figure that may not be known yet."""
    return None if value is None else plain(value)


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


class LineView:
    """A line's packing-list facts and stock figures, quantities written plainly ("2.5")."""

    def __init__(self, figures: LineFigures) -> None:
        self.figures = figures

    def __getattr__(self, name: str) -> Any:
        line = self.figures.line
        found = getattr(line if hasattr(line, name) else self.figures.stock, name)
        return plain(found) if isinstance(found, Decimal) else found


def _plain(lines: list[LineQuantity]) -> list[LineQuantity]:
    return [replace(q, quantity=plain(q.quantity)) for q in lines]


class ShipmentView:
    """A shipment as of a day: its report due date re-planned with today's calendar."""

    def __init__(
        self, shipment: AidShipment, position: int | None, today: date, calendar: Calendar
    ) -> None:
        self.shipment = shipment
        self.position = position
        self.today = today
        self.calendar = calendar

    def __getattr__(self, name: str) -> Any:
        return getattr(self.shipment, name)

    @property
    def report_due_on(self) -> date | None:
        """While unreported, re-planned with today's calendar (overrides included)."""
        return self.shipment.current_report_due_on(self.calendar)

    @property
    def days_to_report_due(self) -> int | None:
        """Days left to report (negative when overdue)."""
        return self.shipment.days_to_report_due(self.today, self.calendar)

    @property
    def overdue(self) -> bool:
        """Cleared, unreported, and past the 90 days."""
        return self.shipment.overdue(self.today, self.calendar)

    @property
    def lines(self) -> list[LineView]:
        """Every line with its figures."""
        return [LineView(f) for f in self.shipment.figures()]

    @property
    def distributions(self) -> list[Distribution]:
        """The handover acts."""
        return [replace(d, lines=_plain(d.lines)) for d in self.shipment.distributions]

    @property
    def write_offs(self) -> list[WriteOff]:
        """The write-offs."""
        return [replace(w, lines=_plain(w.lines)) for w in self.shipment.write_offs]


def shipment_detail(
    shipment: AidShipment, position: int | None, today: date, calendar: Calendar
) -> ShipmentDetail:
    """Render a shipment with its per-line figures."""
    view = ShipmentView(shipment, position, today, calendar)
    return msgspec.convert(view, ShipmentDetail, from_attributes=True)


def shipment_reply(
    saved: Saved, shipments: ShipmentService, clock: Clock, status: int = 200
) -> Response[ShipmentDetail]:
    """A command's answer: the shipment as it now stands, with its ETag (Location if new)."""
    location = url_of("shipment", saved.case.id) if status == 201 else None
    detail = shipment_detail(saved.case, saved.position, clock.today(), shipments.calendar())
    return case_response(detail, saved.case.version, status, location)


class ShipmentDetailController(Controller):
    """One shipment: now, at a version or a moment, and its history."""

    path = url_of("shipment")
    tags = ["shipments"]

    @get("/{shipment_id:uuid}", guards=[can_read], sync_to_thread=True)
    def get_one(
        self,
        shipment_id: UUID,
        shipments: ShipmentService,
        clock: Clock,
        version: Annotated[int | None, Parameter(ge=1)] = None,
        as_of: datetime | None = None,
    ) -> Response[ShipmentDetail]:
        """A shipment now, at a version, or as it stood at a moment."""
        if version is not None and as_of is not None:
            raise ValidationException("give version or as_of, not both")
        if as_of is not None:
            version = shipments.version_at(AidShipment, shipment_id, as_of)
        found = shipments.get_shipment(shipment_id, version)
        position = shipments.last_position(shipment_id)
        detail = shipment_detail(found, position, clock.today(), shipments.calendar())
        return case_response(detail, found.version)

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
