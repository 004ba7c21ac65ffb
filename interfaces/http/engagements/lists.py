"""Engagements read from the read model: the list (filters, search) and the counts."""

from datetime import date
from typing import Annotated
from uuid import UUID

from litestar import Controller, get
from litestar.di import Provide
from litestar.params import Parameter

from domain.case_types import url_of
from domain.engagement import CounterpartType, EngagementFormat, EngagementKind, EngagementStatus
from interfaces.http.auth import can_read
from interfaces.http.lists import Cursor, Limit, MinPosition, Search, waits_for
from interfaces.http.periods import From, To, Year, period_of
from projections.reads import Listing, ReadModels
from projections.reads.engagement_queries import EngagementFilter
from projections.reads.engagements import EngagementPage, EngagementStats

READ_MODELS = ("engagements", "case_links")
EngagementQuery = Listing[EngagementFilter]


def engagement_query(
    kind: EngagementKind | None = None,
    format: EngagementFormat | None = None,
    status: EngagementStatus | None = None,
    counterpart_type: CounterpartType | None = None,
    country: Annotated[str | None, Parameter(pattern="^[A-Za-z]{2}$")] = None,
    linked_id: Annotated[
        UUID | None, Parameter(description="a partner, agreement, project... it is linked to")
    ] = None,
    day_from: date | None = None,
    day_to: date | None = None,
    illustrative: bool | None = None,
    q: Search = None,
    limit: Limit = 50,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> EngagementQuery:
    """Parse GET /engagements query parameters."""
    f = EngagementFilter(
        kind=kind,
        format=format,
        status=status,
        counterpart_type=counterpart_type,
        country=country,
        linked_id=linked_id,
        day_from=day_from,
        day_to=day_to,
        illustrative=illustrative,
        q=q,
    )
    return Listing(f, limit, cursor, min_position)


class EngagementListController(Controller):
    """Engagements as lists and counts."""

    path = url_of("engagement")
    tags = ["engagements"]

    @get(
        "/",
        guards=[can_read],
        sync_to_thread=True,
        dependencies={"filters": Provide(engagement_query, sync_to_thread=False)},
        before_request=waits_for(*READ_MODELS),
    )
    def list_engagements(self, filters: EngagementQuery, reads: ReadModels) -> EngagementPage:
        """Engagements, latest first: by kind, status, counterpart, country, link, day, text."""
        return reads.engagements(filters)

    @get("/stats", guards=[can_read], sync_to_thread=True, before_request=waits_for(*READ_MODELS))
    def stats(
        self,
        reads: ReadModels,
        year: Year = None,
        from_: From = None,
        to: To = None,
        min_position: MinPosition = None,
    ) -> EngagementStats:
        """Engagements held in a year (or from/to): by kind, counterpart type, country, format."""
        period = period_of(year, from_, to, reads.clock.today())
        return reads.engagement_stats(period.start, period.end, min_position)
