"""What the aid shipment reads answer: the list, undistributed stock and donor statistics."""

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import msgspec

from projections.reads.convert import struct_of


class DonorSummary(msgspec.Struct):
    """Who sent the aid."""

    name: str
    country: str
    partner_id: UUID | None


class ShipmentItem(msgspec.Struct):
    """A shipment in a list."""

    id: UUID
    reference: str
    status: str
    donor: DonorSummary
    recipient: str
    categories: list[str]
    expected_on: date
    announced_on: date
    declared_on: date | None
    dispatched_on: date | None
    cleared_on: date | None
    report_due_on: date | None
    days_to_report_due: int | None
    report_overdue: bool
    received_on: date | None
    reported_on: date | None
    late: bool | None
    closed_on: date | None
    cancelled_on: date | None
    illustrative: bool  # a made-up record (demo data), not a documented consignment
    version: int
    position: int


class ShipmentPage(msgspec.Struct):
    """A page of shipments, most recently announced first."""

    items: list[ShipmentItem]
    next_cursor: str | None


class StockItem(msgspec.Struct):
    """A line with goods still on hand in good condition."""

    shipment_id: UUID
    reference: str
    line_no: int
    category: str
    description: str
    unit: str
    quantity: Decimal
    received: Decimal | None
    distributed: Decimal
    written_off: Decimal
    on_hand: Decimal
    lot: str | None
    expiry_on: date | None
    days_to_expiry: int | None
    received_on: date | None
    donor: DonorSummary
    recipient: str
    status: str


class StockPage(msgspec.Struct):
    """A page of undistributed stock: medicines expiring soonest first."""

    items: list[StockItem]
    next_cursor: str | None


class ShipmentReceived(msgspec.Struct):
    """One shipment received in the period; `illustrative`: a made-up (demo) record."""

    id: UUID
    reference: str
    donor_name: str
    donor_country: str
    received_on: date
    categories: list[str]
    illustrative: bool


class ShipmentStats(msgspec.Struct):
    """Shipments received in a period: by donor country, by category, declared value; the
    shipments one by one (earliest received first; at most 1,000, `received_truncated` beyond)."""

    from_: date = msgspec.field(name="from")
    to: date
    shipments: int
    lines: int
    by_donor_country: dict[str, int]
    by_category: dict[str, int]
    lines_by_category: dict[str, int]
    value_by_currency: dict[str, Decimal]
    value_by_donor_country: dict[str, dict[str, Decimal]]
    lines_without_value: int
    received: list[ShipmentReceived]
    received_truncated: bool


def _donor(r: dict[str, Any]) -> dict[str, Any]:
    return {"name": r["donor_name"], "country": r["donor_country"], "partner_id": r["partner_id"]}


def shipment_item(r: dict[str, Any], as_of: date) -> ShipmentItem:
    """A shipment row as of a day: when its report is due, and whether that is past."""
    due = r["report_due_on"] if r["report_pending"] else None
    return struct_of(
        ShipmentItem,
        r,
        donor=_donor(r),
        days_to_report_due=(due - as_of).days if due else None,
        report_overdue=due is not None and as_of > due,
    )


def stock_item(r: dict[str, Any], today: date) -> StockItem:
    """A stock line: days until its goods expire."""
    expiry = r["expiry_on"]
    return struct_of(
        StockItem,
        r,
        donor=_donor(r),
        days_to_expiry=(expiry - today).days if expiry else None,
    )
