"""HTTP resource /partners: register, suspend, resume, sever; get."""

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import Parameter

from domain.partner import Partner, PartnerKind, PartnerStatus, Relationship
from infrastructure.eventlog import last_position
from interfaces.http import lists
from interfaces.http.auth import can_manage, can_read, can_write
from interfaces.http.context import caller, case_response, expected_version, runtime_of
from interfaces.http.fields import Body, CountryCode, Name, Ref, Text, check_country
from interfaces.http.history import (
    DEFAULT_HISTORY_PAGE,
    History,
    HistoryCursor,
    HistoryLimit,
    history_of,
    version_asked,
)
from projections.reads import ReadModels


class RegisterPartner(Body, kw_only=True):
    """Register a partner abroad."""

    name: Name
    name_uk: Name | None = None
    country: CountryCode
    kind: PartnerKind
    relationship: Relationship = Relationship.NONE
    since: Annotated[int, msgspec.Meta(ge=1000, le=9999)] | None = None
    # DOMAIN.md §7: a partner of the same name in the same country is refused (409) unless it
    # is declared distinct, with the reason.
    distinct: bool = False
    distinct_reason: Text | None = None

    def __post_init__(self) -> None:
        self.country = check_country(self.country)


class PartnerDecision(Body, kw_only=True):
    """A decision about a partner: suspend, resume or sever."""

    decided_on: date
    decision_ref: Ref
    grounds: Text | None = None


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


def partner_detail(p: Partner, position: int | None) -> PartnerDetail:
    """Render a partner."""
    return PartnerDetail(
        id=p.id,
        reference=None,
        status=p.status,
        version=p.version,
        position=position,
        name=p.name,
        name_uk=p.name_uk,
        country=p.country,
        kind=p.kind,
        relationship=p.relationship,
        since=p.since,
        agreement_ids=list(p.agreement_ids),
        decided_on=p.decided_on,
        decision_ref=p.decision_ref,
        grounds=p.grounds,
    )


def _facts(data: Body) -> dict[str, Any]:
    facts = msgspec.structs.asdict(data)
    facts.pop("note", None)
    return facts


def _command(
    request: Request[Any, Any, Any],
    use_case: str,
    partner_id: UUID,
    facts: dict[str, Any],
    note: str | None,
) -> Response[PartnerDetail]:
    """Run one partner use case with the caller and If-Match."""
    run = getattr(runtime_of(request).partners, use_case)
    saved = run(partner_id, caller(request, note), expected_version(request), **facts)
    return case_response(partner_detail(saved.case, saved.position), saved.case.version)


class PartnerController(Controller):
    """Partners of the council."""

    path = "/partners"
    tags = ["partners"]

    @post("/", guards=[can_write], sync_to_thread=True, status_code=201)
    def register(
        self, request: Request[Any, Any, Any], data: RegisterPartner
    ) -> Response[PartnerDetail]:
        """Register a partner (never one in a blocked country)."""
        saved = runtime_of(request).partners.register_partner(
            caller(request, data.note), **_facts(data)
        )
        return case_response(
            partner_detail(saved.case, saved.position),
            saved.case.version,
            201,
            f"/partners/{saved.case.id}",
        )

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
        version: Annotated[int | None, Parameter(ge=1)] = None,
        as_of: datetime | None = None,
    ) -> Response[PartnerDetail]:
        """A partner now, at a version, or as it stood at a moment."""
        rt = runtime_of(request)
        version = version_asked(request, Partner, partner_id, version, as_of)
        partner = rt.partners.get_partner(partner_id, version)
        return case_response(
            partner_detail(partner, last_position(rt.app.recorder, partner_id)), partner.version
        )

    @post("/{partner_id:uuid}/suspend", guards=[can_manage], sync_to_thread=True, status_code=200)
    def suspend(
        self, request: Request[Any, Any, Any], partner_id: UUID, data: PartnerDecision
    ) -> Response[PartnerDetail]:
        """Put cooperation on hold."""
        return _command(request, "suspend_partner", partner_id, _facts(data), data.note)

    @post("/{partner_id:uuid}/resume", guards=[can_manage], sync_to_thread=True, status_code=200)
    def resume(
        self, request: Request[Any, Any, Any], partner_id: UUID, data: PartnerDecision
    ) -> Response[PartnerDetail]:
        """Resume cooperation."""
        return _command(request, "resume_partner", partner_id, _facts(data), data.note)

    @post("/{partner_id:uuid}/sever", guards=[can_manage], sync_to_thread=True, status_code=200)
    def sever(
        self, request: Request[Any, Any, Any], partner_id: UUID, data: PartnerDecision
    ) -> Response[PartnerDetail]:
        """Sever the partner for good; its agreements in force end by the same decision."""
        facts = _facts(data)
        facts["grounds"] = facts.get("grounds") or ""
        return _command(request, "sever_partner", partner_id, facts, data.note)

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
