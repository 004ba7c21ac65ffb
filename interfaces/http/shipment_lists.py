"""Query parameters of GET /shipments; the reads and their shapes are in projections.reads."""

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from litestar import Request
from litestar.di import Provide
from litestar.params import Parameter

from domain.aid_lines import AidCategory
from domain.aid_shipment import ShipmentStatus
from interfaces.http.context import runtime_of
from interfaces.http.lists import Country, Cursor, Limit, MinPosition, Search
from projections.reads import Listing
from projections.reads.shipment_queries import ShipmentFilter
from projections.reads.shipments import ShipmentPage, ShipmentStats, StockPage

__all__ = ["ShipmentPage", "ShipmentStats", "StockPage"]

READ_MODEL = "shipments"
ShipmentQuery = Listing[ShipmentFilter]


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
    f = ShipmentFilter(
        status=status,
        donor_country=donor_country,
        category=category,
        recipient=recipient,
        partner_id=partner_id,
        report_overdue=report_overdue,
        as_of=as_of or runtime_of(request).clock.today(),
        q=q,
    )
    return Listing(f, limit, cursor, min_position)


SHIPMENT_QUERY = {"filters": Provide(shipment_query, sync_to_thread=False)}
