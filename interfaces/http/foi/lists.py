"""FOI requests read from the read model: the list and the statistics."""

from typing import Any

from litestar import Controller, Request, get

from domain.case_types import url_of
from interfaces.http import foi_lists
from interfaces.http.auth import can_read
from interfaces.http.lists import MinPosition, waits_for
from interfaces.http.periods import From, To, Year, period_of
from projections.reads import ReadModels


class FoiListController(Controller):
    """FOI requests as lists and counts (no contact details)."""

    path = url_of("foi_request")
    tags = ["foi-requests"]

    @get(
        "/",
        guards=[can_read],
        sync_to_thread=True,
        dependencies=foi_lists.FOI_QUERY,
        before_request=waits_for(foi_lists.READ_MODEL),
    )
    def list_requests(
        self, request: Request[Any, Any, Any], filters: foi_lists.FoiQuery, reads: ReadModels
    ) -> foi_lists.FoiRequestPage:
        """Requests, most recently received first: filters, text search, pages (no contacts)."""
        return reads.foi_requests(filters, mask=foi_lists.masks_contacts(request))

    @get(
        "/stats",
        guards=[can_read],
        sync_to_thread=True,
        before_request=waits_for(foi_lists.READ_MODEL),
    )
    def stats(
        self,
        reads: ReadModels,
        year: Year = None,
        from_: From = None,
        to: To = None,
        min_position: MinPosition = None,
    ) -> foi_lists.FoiStats:
        """Requests received in a year (or from/to) by channel, requester kind, outcome, ground."""
        period = period_of(year, from_, to, reads.clock.today())
        return reads.foi_stats(period.start, period.end, min_position)
