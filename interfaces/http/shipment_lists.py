"""Reads of the `shipments` read model: the list, donor statistics and undistributed stock."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Request
from litestar.di import Provide
from litestar.params import Parameter

from domain.aid_lines import AidCategory
from domain.aid_shipment import ShipmentStatus
from interfaces.http.context import runtime_of
from interfaces.http.lists import (
    Country,
    Cursor,
    Limit,
    MinPosition,
    Search,
    await_position,
    cursor_errors,
    reading,
)
from interfaces.http.periods import Period
from projections.shipments import (
    ShipmentFilter,
    StockFilter,
    decimal,
    list_shipments,
    list_stock,
    shipment_stats,
)

READ_MODEL = "shipments"


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


@dataclass(frozen=True)
class ShipmentQuery:
    """GET /shipments query parameters."""

    filter: ShipmentFilter
    limit: int
    cursor: str | None
    min_position: int | None


def shipment_query(
    request: Request[Any, Any, Any],
    status: ShipmentStatus | None = None,
    donor_country: Country = None,
    category: AidCategory | None = None,
    recipient: Annotated[str | None, Parameter(max_length=200)] = None,
    partner_id: UUID | None = None,
    report_overdue: bool | None = None,
    as_of: Annotated[
        date | None, Parameter(description="day `report_overdue` is judged on")
    ] = None,
    q: Search = None,
    limit: Limit = 50,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> ShipmentQuery:
    """Parse GET /shipments query parameters."""
    return ShipmentQuery(
        ShipmentFilter(
            status=status,
            donor_country=donor_country,
            category=category,
            recipient=recipient,
            partner_id=partner_id,
            report_overdue=report_overdue,
            as_of=as_of or runtime_of(request).clock.today(),
            q=q,
        ),
        limit,
        cursor,
        min_position,
    )


SHIPMENT_QUERY = {"filters": Provide(shipment_query, sync_to_thread=False)}


def shipment_page(request: Request[Any, Any, Any], query: ShipmentQuery) -> ShipmentPage:
    """A page of the shipments read model."""
    await_position(request, query.min_position, READ_MODEL)
    as_of = query.filter.as_of or runtime_of(request).clock.today()
    with reading(request) as conn, cursor_errors():
        page = list_shipments(conn, query.filter, query.limit, query.cursor)
    return ShipmentPage([_shipment_item(r, as_of) for r in page.items], page.next_cursor)


def _shipment_item(r: dict[str, Any], as_of: date) -> ShipmentItem:
    due = r["report_due_on"] if r["report_pending"] else None
    return ShipmentItem(
        id=r["id"],
        reference=r["reference"],
        status=r["status"],
        donor=DonorSummary(r["donor_name"], r["donor_country"], r["partner_id"]),
        recipient=r["recipient"],
        categories=list(r["categories"]),
        expected_on=r["expected_on"],
        announced_on=r["announced_on"],
        declared_on=r["declared_on"],
        dispatched_on=r["dispatched_on"],
        cleared_on=r["cleared_on"],
        report_due_on=r["report_due_on"],
        days_to_report_due=(due - as_of).days if due else None,
        report_overdue=due is not None and as_of > due,
        received_on=r["received_on"],
        reported_on=r["reported_on"],
        late=r["late"],
        closed_on=r["closed_on"],
        cancelled_on=r["cancelled_on"],
        illustrative=r["illustrative"],
        version=r["version"],
        position=r["position"],
    )


def stock_page(
    request: Request[Any, Any, Any],
    f: StockFilter,
    limit: int,
    cursor: str | None,
    min_position: int | None,
) -> StockPage:
    """A page of undistributed stock."""
    await_position(request, min_position, READ_MODEL)
    today = runtime_of(request).clock.today()
    with reading(request) as conn, cursor_errors():
        page = list_stock(conn, f, limit, cursor)
    return StockPage([_stock_item(r, today) for r in page.items], page.next_cursor)


def _stock_item(r: dict[str, Any], today: date) -> StockItem:
    expiry = r["expiry_on"]
    return StockItem(
        shipment_id=r["shipment_id"],
        reference=r["reference"],
        line_no=r["line_no"],
        category=r["category"],
        description=r["description"],
        unit=r["unit"],
        quantity=Decimal(r["quantity"]),
        received=decimal(r["received"]),
        distributed=Decimal(r["distributed"]),
        written_off=Decimal(r["written_off"]),
        on_hand=Decimal(r["on_hand"]),
        lot=r["lot"],
        expiry_on=expiry,
        days_to_expiry=(expiry - today).days if expiry else None,
        received_on=r["received_on"],
        donor=DonorSummary(r["donor_name"], r["donor_country"], r["partner_id"]),
        recipient=r["recipient"],
        status=r["status"],
    )


def shipment_stats_of(request: Request[Any, Any, Any], period: Period) -> ShipmentStats:
    """The donor statistics of a period (the read model must have caught up first)."""
    with reading(request) as conn:
        stats = shipment_stats(conn, period.start, period.end)
    stats["from_"] = stats.pop("from")
    stats["value_by_currency"] = {c: Decimal(v) for c, v in stats["value_by_currency"].items()}
    stats["value_by_donor_country"] = {
        country: {c: Decimal(v) for c, v in per.items()}
        for country, per in stats["value_by_donor_country"].items()
    }
    stats["received"] = [
        ShipmentReceived(
            id=r["id"],
            reference=r["reference"],
            donor_name=r["donor_name"],
            donor_country=r["donor_country"],
            received_on=r["received_on"],
            categories=list(r["categories"]),
            illustrative=r["illustrative"],
        )
        for r in stats["received"]
    ]
    return ShipmentStats(**stats)
