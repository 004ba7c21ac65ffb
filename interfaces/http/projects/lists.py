"""Projects read from the read model: the list (filters, search) and the counts."""

from datetime import date
from typing import Annotated
from uuid import UUID

from litestar import Controller, get
from litestar.di import Provide
from litestar.params import Parameter

from domain.case_types import url_of
from domain.engagement import CounterpartType
from domain.project import ProjectStatus
from interfaces.http.auth import can_read
from interfaces.http.lists import Cursor, Limit, MinPosition, Search, waits_for
from interfaces.http.periods import From, To, Year, period_of
from projections.projects import ProjectFilter
from projections.reads import Listing, ReadModels
from projections.reads.engagements import ProjectPage, ProjectStats

READ_MODELS = ("projects", "case_links")
ProjectQuery = Listing[ProjectFilter]


def project_query(
    status: ProjectStatus | None = None,
    funder_type: CounterpartType | None = None,
    currency: Annotated[str | None, Parameter(pattern="^[A-Za-z]{3}$")] = None,
    linked_id: Annotated[
        UUID | None, Parameter(description="a partner, engagement, agreement... it is linked to")
    ] = None,
    active_on: date | None = None,
    illustrative: bool | None = None,
    q: Search = None,
    limit: Limit = 50,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> ProjectQuery:
    """Parse GET /projects query parameters."""
    f = ProjectFilter(
        status=status,
        funder_type=funder_type,
        currency=currency,
        linked_id=linked_id,
        active_on=active_on,
        illustrative=illustrative,
        q=q,
    )
    return Listing(f, limit, cursor, min_position)


class ProjectListController(Controller):
    """Projects as lists and counts."""

    path = url_of("project")
    tags = ["projects"]

    @get(
        "/",
        guards=[can_read],
        sync_to_thread=True,
        dependencies={"filters": Provide(project_query, sync_to_thread=False)},
        before_request=waits_for(*READ_MODELS),
    )
    def list_projects(self, filters: ProjectQuery, reads: ReadModels) -> ProjectPage:
        """Projects, latest start first: by status, funder type, currency, link, day, text."""
        return reads.projects(filters)

    @get("/stats", guards=[can_read], sync_to_thread=True, before_request=waits_for(*READ_MODELS))
    def stats(
        self,
        reads: ReadModels,
        year: Year = None,
        from_: From = None,
        to: To = None,
        min_position: MinPosition = None,
    ) -> ProjectStats:
        """Projects running in a year (or from/to): by status, funder type, amount by currency."""
        period = period_of(year, from_, to, reads.clock.today())
        return reads.project_stats(period.start, period.end, min_position)
