"""FOI requests read from the read model: the list and the statistics."""

from typing import Any

from litestar import Controller, Request, get

from interfaces.http import foi_lists
from interfaces.http.auth import can_read
from interfaces.http.context import runtime_of
from interfaces.http.lists import MinPosition, await_position, waits_for
from interfaces.http.periods import From, To, Year, period_of


class FoiListController(Controller):
    """FOI requests as lists and counts (no contact details)."""

    path = "/foi-requests"
    tags = ["foi-requests"]

    @get(
        "/",
        guards=[can_read],
        sync_to_thread=True,
        dependencies=foi_lists.FOI_QUERY,
        before_request=waits_for(foi_lists.READ_MODEL),
    )
    def list_requests(
        self, request: Request[Any, Any, Any], filters: foi_lists.FoiQuery
    ) -> foi_lists.FoiRequestPage:
        """Requests, most recently received first: filters, text search, pages (no contacts)."""
        return foi_lists.foi_page(request, filters)

    @get(
        "/stats",
        guards=[can_read],
        sync_to_thread=True,
        before_request=waits_for(foi_lists.READ_MODEL),
    )
    def stats(
        self,
        request: Request[Any, Any, Any],
        year: Year = None,
        from_: From = None,
        to: To = None,
        min_position: MinPosition = None,
    ) -> foi_lists.FoiStats:
        """Requests received in a year (or from/to) by channel, requester kind, outcome, ground."""
        await_position(request, min_position, foi_lists.READ_MODEL)
        period = period_of(year, from_, to, runtime_of(request).clock.today())
        return foi_lists.foi_stats_of(request, period)
