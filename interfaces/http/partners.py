"""HTTP resource /partners: register, suspend, resume, sever; get."""

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import Parameter

from application.commands.partners import PartnerDecision, RegisterPartner
from application.partners import PartnerService
from application.service import Caller, Saved
from domain.case_types import url_of
from domain.partner import Partner, PartnerKind, PartnerStatus, Relationship
from interfaces.http import lists
from interfaces.http.auth import can_manage, can_read, can_write
from interfaces.http.context import case_response
from interfaces.http.deps import IfMatch
from interfaces.http.history import (
    DEFAULT_HISTORY_PAGE,
    History,
    HistoryCursor,
    HistoryLimit,
    history_of,
    version_asked,
)
from projections.reads import ReadModels


class PartnerDetail(msgspec.Struct):
    """A partner as the API shows it."""

    id: UUID
    reference: str | None
    status: PartnerStatus
    version: int
    position: int | None
    name: str
    name_uk: str | None
    country: str
    kind: PartnerKind
    relationship: Relationship
    since: int | None
    agreement_ids: list[UUID]
    decided_on: date | None
    decision_ref: str | None
    grounds: str | None


class PartnerView:
    """A partner with the log position of its newest event (partners have no reference)."""

    reference = None

    def __init__(self, partner: Partner, position: int | None) -> None:
        self._partner = partner
        self.position = position

    def __getattr__(self, name: str) -> Any:
        return getattr(self._partner, name)


def partner_detail(partner: Partner, position: int | None) -> PartnerDetail:
    """A partner as the API shows it."""
    return msgspec.convert(PartnerView(partner, position), PartnerDetail, from_attributes=True)


class PartnerController(Controller):
    """Partners of the council."""

    path = url_of("partner")
    tags = ["partners"]

    @staticmethod
    def reply(saved: Saved, status: int = 200) -> Response[PartnerDetail]:
        """The changed partner with its ETag (and its Location when just registered)."""
        case: Partner = saved.case
        location = url_of("partner", case.id) if status == 201 else None
        return case_response(partner_detail(case, saved.position), case.version, status, location)

    @post("/", guards=[can_write], sync_to_thread=True, status_code=201)
    def register(
        self, data: RegisterPartner, partners: PartnerService, caller: Caller
    ) -> Response[PartnerDetail]:
        """Register a partner (never one in a blocked country)."""
        return self.reply(partners.register_partner(data, caller), 201)

    @get(
        "/",
        guards=[can_read],
        sync_to_thread=True,
        dependencies=lists.PARTNER_QUERY,
        before_request=lists.waits_for("partners"),
    )
    def list_partners(self, filters: lists.PartnerQuery, reads: ReadModels) -> lists.PartnerPage:
        """Partners by name: filters, text search, pages; `min_position` waits for writes."""
        return reads.partners(filters)

    @get("/{partner_id:uuid}", guards=[can_read], sync_to_thread=True)
    def get_one(
        self,
        request: Request[Any, Any, Any],
        partner_id: UUID,
        partners: PartnerService,
        version: Annotated[int | None, Parameter(ge=1)] = None,
        as_of: datetime | None = None,
    ) -> Response[PartnerDetail]:
        """A partner now, at a version, or as it stood at a moment."""
        version = version_asked(request, Partner, partner_id, version, as_of)
        partner = partners.get_partner(partner_id, version)
        detail = partner_detail(partner, partners.last_position(partner_id))
        return case_response(detail, partner.version)

    @post("/{partner_id:uuid}/suspend", guards=[can_manage], sync_to_thread=True, status_code=200)
    def suspend(
        self,
        partner_id: UUID,
        data: PartnerDecision,
        partners: PartnerService,
        caller: Caller,
        if_match: IfMatch,
    ) -> Response[PartnerDetail]:
        """Put cooperation on hold."""
        return self.reply(partners.suspend_partner(partner_id, data, caller, if_match))

    @post("/{partner_id:uuid}/resume", guards=[can_manage], sync_to_thread=True, status_code=200)
    def resume(
        self,
        partner_id: UUID,
        data: PartnerDecision,
        partners: PartnerService,
        caller: Caller,
        if_match: IfMatch,
    ) -> Response[PartnerDetail]:
        """Resume cooperation."""
        return self.reply(partners.resume_partner(partner_id, data, caller, if_match))

    @post("/{partner_id:uuid}/sever", guards=[can_manage], sync_to_thread=True, status_code=200)
    def sever(
        self,
        partner_id: UUID,
        data: PartnerDecision,
        partners: PartnerService,
        caller: Caller,
        if_match: IfMatch,
    ) -> Response[PartnerDetail]:
        """Sever the partner for good; its agreements in force end by the same decision."""
        return self.reply(partners.sever_partner(partner_id, data, caller, if_match))

    @get("/{partner_id:uuid}/history", guards=[can_read], sync_to_thread=True)
    def history(
        self,
        request: Request[Any, Any, Any],
        partner_id: UUID,
        limit: HistoryLimit = DEFAULT_HISTORY_PAGE,
        cursor: HistoryCursor = None,
    ) -> History:
        """Its events, oldest first: who did what, when and why."""
        return history_of(request, Partner, partner_id, limit, cursor)
