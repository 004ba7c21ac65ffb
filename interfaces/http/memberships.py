"""HTTP resource /memberships: the city's memberships of associations (issue 17)."""

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.di import Provide
from litestar.params import Parameter

from application.commands.consuls import EndMembership, JoinAssociation, RenewMembership
from application.memberships import MembershipService
from application.service import Caller, Saved
from domain.case_types import url_of
from domain.membership import Membership, MembershipStatus
from interfaces.http import lists
from interfaces.http.auth import can_read, can_write
from interfaces.http.consuls import row_getter
from interfaces.http.context import case_response, runtime_of
from interfaces.http.deps import IfMatch
from interfaces.http.history import (
    DEFAULT_HISTORY_PAGE,
    History,
    HistoryCursor,
    HistoryLimit,
    history_of,
    version_asked,
)
from interfaces.http.lists import Cursor, Limit, MinPosition, Search
from projections.consuls import MembershipFilter
from projections.reads import Listing, ReadModels
from projections.reads import directory as reads_of


class MembershipDetail(msgspec.Struct):
    """The city's membership of an association."""

    id: UUID
    reference: str
    status: MembershipStatus
    version: int
    position: int | None
    association: str
    country: str | None
    joined_on: date
    renewal_due_on: date | None
    renewed_on: date | None
    ended_on: date | None
    illustrative: bool


class MembershipPage(msgspec.Struct):
    """A page of memberships, newest first."""

    items: list[MembershipDetail]
    next_cursor: str | None


def membership_detail(m: Any, position: int | None) -> MembershipDetail:
    """A membership (aggregate or read-model row) as the API shows it."""
    get = row_getter(m)
    return MembershipDetail(
        id=get("id"),
        reference=get("reference"),
        status=MembershipStatus(get("status")),
        version=get("version"),
        position=position,
        association=get("association"),
        country=get("country"),
        joined_on=get("joined_on"),
        renewal_due_on=get("renewal_due_on"),
        renewed_on=get("renewed_on"),
        ended_on=get("ended_on"),
        illustrative=bool(get("illustrative")),
    )


def membership_query(
    status: MembershipStatus | None = None,
    renewal_due_before: date | None = None,
    q: Search = None,
    limit: Limit = 50,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> Listing[MembershipFilter]:
    """Parse GET /memberships query parameters."""
    f = MembershipFilter(status=status, renewal_due_before=renewal_due_before, q=q)
    return Listing(f, limit, cursor, min_position)


class MembershipController(Controller):
    """The city's memberships of associations."""

    path = url_of("Membership")
    tags = ["memberships"]

    @staticmethod
    def reply(saved: Saved, status: int = 200) -> Response[MembershipDetail]:
        """The changed membership with its ETag (and Location when just recorded)."""
        case: Membership = saved.case
        location = f"/memberships/{case.id}" if status == 201 else None
        return case_response(
            membership_detail(case, saved.position), case.version, status, location
        )

    @staticmethod
    def service(request: Request[Any, Any, Any]) -> MembershipService:
        """The memberships' use cases."""
        memberships: MembershipService = runtime_of(request).memberships
        return memberships

    @post("/", guards=[can_write], sync_to_thread=True, status_code=201)
    def join(
        self, data: JoinAssociation, request: Request[Any, Any, Any], caller: Caller
    ) -> Response[MembershipDetail]:
        """Record a membership; reference MEM-YYYY-NNNN."""
        return self.reply(self.service(request).join_association(data, caller), 201)

    @get(
        "/",
        guards=[can_read],
        sync_to_thread=True,
        dependencies={"filters": Provide(membership_query, sync_to_thread=False)},
        before_request=lists.waits_for("consuls"),
    )
    def list_memberships(
        self, filters: Listing[MembershipFilter], reads: ReadModels
    ) -> MembershipPage:
        """Memberships, newest first."""
        page = reads_of.memberships(reads, filters)
        items = [membership_detail(r, r["position"]) for r in page.items]
        return MembershipPage(items, page.next_cursor)

    @get("/{membership_id:uuid}", guards=[can_read], sync_to_thread=True)
    def get_one(
        self,
        request: Request[Any, Any, Any],
        membership_id: UUID,
        version: Annotated[int | None, Parameter(ge=1)] = None,
        as_of: datetime | None = None,
    ) -> Response[MembershipDetail]:
        """A membership now, at a version, or as it stood at a moment."""
        service = self.service(request)
        version = version_asked(request, Membership, membership_id, version, as_of)
        case = service.get_membership(membership_id, version)
        detail = membership_detail(case, service.last_position(membership_id))
        return case_response(detail, case.version)

    @post("/{membership_id:uuid}/renew", guards=[can_write], sync_to_thread=True, status_code=200)
    def renew(
        self,
        request: Request[Any, Any, Any],
        membership_id: UUID,
        data: RenewMembership,
        caller: Caller,
        if_match: IfMatch,
    ) -> Response[MembershipDetail]:
        """Renewed; the next renewal."""
        service = self.service(request)
        return self.reply(service.renew_membership(membership_id, data, caller, if_match))

    @post("/{membership_id:uuid}/end", guards=[can_write], sync_to_thread=True, status_code=200)
    def end(
        self,
        request: Request[Any, Any, Any],
        membership_id: UUID,
        data: EndMembership,
        caller: Caller,
        if_match: IfMatch,
    ) -> Response[MembershipDetail]:
        """The city left the association."""
        service = self.service(request)
        return self.reply(service.end_membership(membership_id, data, caller, if_match))

    @get("/{membership_id:uuid}/history", guards=[can_read], sync_to_thread=True)
    def history(
        self,
        request: Request[Any, Any, Any],
        membership_id: UUID,
        limit: HistoryLimit = DEFAULT_HISTORY_PAGE,
        cursor: HistoryCursor = None,
    ) -> History:
        """Its events, oldest first."""
        return history_of(request, Membership, membership_id, limit, cursor)
