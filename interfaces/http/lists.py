"""Query parameters of the reads, the `min_position` wait hook, and the cross-case reads.

Every read accepts `min_position=N`: the `waits_for` hook first waits in the event loop (up to
settings.read_wait_seconds, holding no worker thread) for the projections it reads to reach N,
so a client reads its own writes; else 503 with Retry-After. The reads themselves go through the
read front door (`projections.reads.ReadModels`, injected as `reads`).
"""

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, get
from litestar.di import Provide
from litestar.params import Parameter

from domain.agreement import AgreementKind, AgreementStatus
from domain.partner import PartnerKind, PartnerStatus, Relationship
from interfaces.http.auth import can_read
from interfaces.http.case_types import CaseTypeParam, case_type_filter
from interfaces.http.context import runtime_of
from projections.deadlines import DeadlineFilter
from projections.partners import PartnerFilter
from projections.reads import Listing, ReadModels
from projections.reads.agreement_queries import AgreementFilter
from projections.reads.cases import (
    AgreementPage,
    DeadlinePage,
    PartnerPage,
    PartnerStats,
    RenewalPage,
)

__all__ = ["AgreementPage", "PartnerPage"]

Limit = Annotated[int, Parameter(ge=1, le=500, description="items per page (default 50)")]
Cursor = Annotated[
    str | None, Parameter(max_length=1000, description="next_cursor of the previous page")
]
MinPosition = Annotated[
    int | None,
    Parameter(ge=0, description="wait until the read model has reached this log position"),
]
Country = Annotated[str | None, Parameter(pattern="^[A-Za-z]{2}$", description="ISO alpha-2")]
Search = Annotated[
    str | None, Parameter(max_length=200, description="text search, any case, Latin or Cyrillic")
]
Word = Annotated[str | None, Parameter(pattern="^[a-z_]{1,40}$")]


def waits_for(*names: str) -> Callable[[Request[Any, Any, Any]], Awaitable[None]]:
    """A before_request hook: the front door waits for `min_position` in the event loop."""

    async def wait(request: Request[Any, Any, Any]) -> None:
        raw = request.query_params.get("min_position")
        if raw is not None and raw.isdigit() and len(raw) <= 18:
            await runtime_of(request).reads.wait(int(raw), names)
        return None  # a bad value is the handler's 400

    return wait


# -- partners and agreements -------------------------------------------------------------------

PartnerQuery = Listing[PartnerFilter]
AgreementQuery = Listing[AgreementFilter]


def partner_query(
    country: Country = None,
    relationship: Relationship | None = None,
    status: PartnerStatus | None = None,
    kind: PartnerKind | None = None,
    q: Search = None,
    limit: Limit = 50,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> PartnerQuery:
    """Parse GET /partners query parameters."""
    f = PartnerFilter(country=country, relationship=relationship, status=status, kind=kind, q=q)
    return Listing(f, limit, cursor, min_position)


PARTNER_QUERY = {"filters": Provide(partner_query, sync_to_thread=False)}


def agreement_query(
    status: AgreementStatus | None = None,
    kind: AgreementKind | None = None,
    partner_id: UUID | None = None,
    country: Country = None,
    in_force: bool | None = None,
    owner: Annotated[str | None, Parameter(max_length=200)] = None,
    q: Search = None,
    limit: Limit = 50,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> AgreementQuery:
    """Parse GET /agreements query parameters."""
    f = AgreementFilter(
        status=status,
        kind=kind,
        partner_id=partner_id,
        country=country,
        in_force=in_force,
        owner=owner,
        q=q,
    )
    return Listing(f, limit, cursor, min_position)


AGREEMENT_QUERY = {"filters": Provide(agreement_query, sync_to_thread=False)}


class ReadModelController(Controller):
    """Reads that span cases: renewals, deadlines, partner counts."""

    path = "/"
    tags = ["read models"]

    @get(
        "/partners/stats",
        guards=[can_read],
        sync_to_thread=True,
        tags=["partners"],
        before_request=waits_for("partners"),
    )
    def partner_stats(
        self,
        reads: ReadModels,
        status: PartnerStatus | None = None,
        min_position: MinPosition = None,
    ) -> PartnerStats:
        """How many partners, by country, relationship and status."""
        return reads.partner_stats(status, min_position)

    @get(
        "/renewals",
        guards=[can_read],
        sync_to_thread=True,
        tags=["agreements"],
        before_request=waits_for("agreements"),
    )
    def renewals(
        self,
        reads: ReadModels,
        as_of: date | None = None,
        within_days: Annotated[int, Parameter(ge=1, le=3650)] = 90,
        limit: Limit = 50,
        cursor: Cursor = None,
        min_position: MinPosition = None,
    ) -> RenewalPage:
        """Agreements in force expiring within the window (and any past expiry), soonest first."""
        return reads.renewals(as_of, within_days, limit, cursor, min_position)

    @get(
        "/deadlines",
        guards=[can_read],
        sync_to_thread=True,
        before_request=waits_for("deadlines"),
    )
    def deadlines(
        self,
        reads: ReadModels,
        as_of: date | None = None,
        kind: Word = None,
        case_type: CaseTypeParam = None,
        owner: Annotated[str | None, Parameter(max_length=200)] = None,
        overdue: bool | None = None,
        limit: Limit = 50,
        cursor: Cursor = None,
        min_position: MinPosition = None,
    ) -> DeadlinePage:
        """Every open obligation with its due date, soonest first (overdue ones included)."""
        day = as_of or reads.clock.today()
        f = DeadlineFilter(
            as_of=day,
            kind=kind,
            case_type=case_type_filter(case_type),
            owner=owner,
            overdue=overdue,
        )
        return reads.deadlines(f, limit, cursor, min_position)
