"""Aid shipments read from the read model: the list, the statistics and the stock."""

from datetime import date

from litestar import Controller, get

from domain.aid_lines import AidCategory
from domain.case_types import url_of
from interfaces.http import shipment_lists
from interfaces.http.auth import can_read
from interfaces.http.lists import Cursor, Limit, MinPosition, waits_for
from interfaces.http.periods import From, To, Year, period_of
from projections.reads import Listing, ReadModels
from projections.reads.shipment_queries import StockFilter


class ShipmentListController(Controller):
    """Aid shipments as lists and counts, and the stock still on hand."""

    path = url_of("shipment")
    tags = ["shipments"]

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
