"""HTTP resource /agreements: propose and every command of the agreement's life; get."""

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import Parameter

from application.agreements import term_of
from application.calendar import calendar_of
from domain.agreement import Agreement, AgreementKind, AgreementStatus, NoticeGivenBy
from domain.calendar import STATUTORY, Calendar
from domain.values import Signatory
from infrastructure.eventlog import last_position
from interfaces.http import lists
from interfaces.http.auth import can_manage, can_read, can_write
from interfaces.http.context import caller, case_response, expected_version, runtime_of
from interfaces.http.fields import Body, Name, Ref, Text
from interfaces.http.history import (
    DEFAULT_HISTORY_PAGE,
    History,
    HistoryCursor,
    HistoryLimit,
    history_of,
    version_asked,
)
from projections.reads import ReadModels

Days = Annotated[int, msgspec.Meta(ge=0, le=3650)]
WindowDays = Annotated[int, msgspec.Meta(ge=1, le=3650)]


class TermBody(msgspec.Struct, forbid_unknown_fields=True):
    """An agreed term: {years} or {months}."""

    years: Annotated[int, msgspec.Meta(ge=1, le=99)] | None = None
    months: Annotated[int, msgspec.Meta(ge=1, le=1200)] | None = None

    def __post_init__(self) -> None:
        if self.years is None and self.months is None:
            raise ValueError("term: give years or months")


class SignatoryBody(msgspec.Struct, forbid_unknown_fields=True):
    """One signatory."""

    party: Name
    name: Name
    position: Annotated[str, msgspec.Meta(max_length=200)] = ""


class ProposeAgreement(Body, kw_only=True):
    """Propose an agreement with registered partners."""

    kind: AgreementKind
    title: Text
    partner_ids: Annotated[list[UUID], msgspec.Meta(min_length=1, max_length=50)]
    areas: Annotated[list[Name], msgspec.Meta(max_length=30)] = []
    languages: Annotated[
        list[Annotated[str, msgspec.Meta(pattern="^[a-z]{2,3}$")]], msgspec.Meta(max_length=10)
    ] = []
    owner: Name | None = None
    term: TermBody | None = None
    auto_renew: bool = False
    notice_period_days: Days | None = None
    reminder_windows_days: Annotated[
        list[WindowDays], msgspec.Meta(min_length=1, max_length=10)
    ] = msgspec.field(default_factory=lambda: [90, 60, 30])
    requires_state_approval: bool = False


class ApproveAgreement(Body, kw_only=True):
    """The council's decision, and the state's approval where needed."""

    council_decision_ref: Ref
    council_decided_on: date
    state_approval_ref: Ref | None = None
    state_approved_on: date | None = None


class SignAgreement(Body, kw_only=True):
    """The signature; the term defaults to the proposal's."""

    signed_on: date
    signatories: Annotated[list[SignatoryBody], msgspec.Meta(max_length=20)] = []
    effective_from: date | None = None
    term: TermBody | None = None
    expires_on: date | None = None


class RenewAgreement(Body, kw_only=True):
    """A renewal for a new term."""

    renewed_on: date
    term: TermBody | None = None
    expires_on: date | None = None


class SuspendAgreement(Body, kw_only=True):
    """A suspension."""

    suspended_on: date
    reason: Text
    decision_ref: Ref | None = None


class ResumeAgreement(Body, kw_only=True):
    """The end of a suspension."""

    resumed_on: date


class TerminateAgreement(Body, kw_only=True):
    """A one-sided, immediate termination."""

    terminated_on: date
    grounds: Text
    decision_ref: Ref


class WithdrawAgreement(Body, kw_only=True):
    """Abandoning a proposal."""

    reason: Text
    withdrawn_on: date | None = None


class SupersedeAgreement(Body, kw_only=True):
    """Replacement by another agreement."""

    superseded_on: date
    by_agreement_id: UUID


class GiveNotice(Body, kw_only=True):
    """A notice of non-renewal: who gave it, when, and the letter."""

    given_by: NoticeGivenBy
    given_on: date
    letter_ref: Ref


class AgreementDetail(msgspec.Struct):
    """An agreement as the API shows it."""

    id: UUID
    reference: str
    status: AgreementStatus
    version: int
    position: int | None
    kind: AgreementKind
    title: str
    partner_ids: list[UUID]
    areas: list[str]
    languages: list[str]
    owner: str | None
    term: TermBody | None
    auto_renew: bool
    notice_period_days: int | None
    reminder_windows_days: list[int]
    requires_state_approval: bool
    council_decision_ref: str | None
    council_decided_on: date | None
    state_approval_ref: str | None
    state_approved_on: date | None
    signed_on: date | None
    signatories: list[SignatoryBody]
    effective_from: date | None
    expires_on: date | None
    days_to_expiry: int | None
    notice_deadline_on: date | None
    renewals: int
    renewed_on: date | None
    ended_on: date | None
    end_reason: str | None
    decision_ref: str | None
    superseded_by: UUID | None
    renews_automatically: bool = False
    in_force: bool = False
    lapsed_on: date | None = None
    notice_given_by: NoticeGivenBy | None = None
    notice_given_on: date | None = None
    notice_letter_ref: str | None = None


def agreement_detail(
    a: Agreement, position: int | None, today: date, calendar: Calendar = STATUTORY
) -> AgreementDetail:
    """Render an agreement."""
    term = None
    if a.term is not None:
        term = TermBody(years=a.term.years or None, months=a.term.months or None)
    return AgreementDetail(
        id=a.id,
        reference=a.reference,
        status=a.status,
        version=a.version,
        position=position,
        kind=a.kind,
        title=a.title,
        partner_ids=list(a.partner_ids),
        areas=list(a.areas),
        languages=list(a.languages),
        owner=a.owner,
        term=term,
        auto_renew=a.auto_renew,
        notice_period_days=a.notice_period_days,
        reminder_windows_days=list(a.reminder_windows_days),
        requires_state_approval=a.requires_state_approval,
        council_decision_ref=a.council_decision_ref,
        council_decided_on=a.council_decided_on,
        state_approval_ref=a.state_approval_ref,
        state_approved_on=a.state_approved_on,
        signed_on=a.signed_on,
        signatories=[SignatoryBody(s.party, s.name, s.position) for s in a.signatories],
        effective_from=a.effective_from,
        expires_on=a.expires_on,
        days_to_expiry=a.days_to_expiry(today),
        notice_deadline_on=a.notice_deadline(calendar),  # with today's overrides
        renewals=a.renewals,
        renewed_on=a.renewed_on,
        ended_on=a.ended_on,
        end_reason=a.end_reason,
        decision_ref=a.decision_ref,
        superseded_by=a.superseded_by,
        renews_automatically=a.renews_automatically,
        in_force=a.in_force(today),
        lapsed_on=a.lapsed_on(today),
        notice_given_by=a.notice_given_by,
        notice_given_on=a.notice_given_on,
        notice_letter_ref=a.notice_letter_ref,
    )


def _facts(data: Body) -> dict[str, Any]:
    facts = {f: getattr(data, f) for f in data.__struct_fields__ if f != "note"}
    if "term" in facts:
        term = facts["term"]
        facts["term"] = None if term is None else term_of(msgspec.structs.asdict(term))
    if "signatories" in facts:
        facts["signatories"] = [
            Signatory(s.party, s.name, s.position) for s in facts["signatories"]
        ]
    if "reminder_windows_days" in facts:
        facts["reminder_windows_days"] = tuple(facts["reminder_windows_days"])
    return facts


class AgreementController(Controller):
    """Agreements, memoranda and other instruments with partners."""

    path = "/agreements"
    tags = ["agreements"]

    def _reply(
        self, request: Request[Any, Any, Any], saved: Any, status: int = 200
    ) -> Response[AgreementDetail]:
        rt = runtime_of(request)
        location = f"/agreements/{saved.case.id}" if status == 201 else None
        return case_response(
            agreement_detail(saved.case, saved.position, rt.clock.today(), calendar_of(rt.app)),
            saved.case.version,
            status,
            location,
        )

    def _command(
        self, request: Request[Any, Any, Any], use_case: str, agreement_id: UUID, data: Body
    ) -> Response[AgreementDetail]:
        """Run one agreement use case with the caller, If-Match and the body's facts."""
        run = getattr(runtime_of(request).agreements, use_case)
        saved = run(
            agreement_id, caller(request, data.note), expected_version(request), **_facts(data)
        )
        return self._reply(request, saved)

    @post("/", guards=[can_write], sync_to_thread=True, status_code=201)
    def propose(
        self, request: Request[Any, Any, Any], data: ProposeAgreement
    ) -> Response[AgreementDetail]:
        """Propose an agreement; it gets the next AGR-YYYY-NNNN reference."""
        saved = runtime_of(request).agreements.propose_agreement(
            caller(request, data.note), **_facts(data)
        )
        return self._reply(request, saved, 201)

    @get(
        "/",
        guards=[can_read],
        sync_to_thread=True,
        dependencies=lists.AGREEMENT_QUERY,
        before_request=lists.waits_for("agreements"),
    )
    def list_agreements(
        self, filters: lists.AgreementQuery, reads: ReadModels
    ) -> lists.AgreementPage:
        """Agreements, newest first: filters, text search, pages; `min_position` waits."""
        return reads.agreements(filters)

    @get("/{agreement_id:uuid}", guards=[can_read], sync_to_thread=True)
    def get_one(
        self,
        request: Request[Any, Any, Any],
        agreement_id: UUID,
        version: Annotated[int | None, Parameter(ge=1)] = None,
        as_of: datetime | None = None,
    ) -> Response[AgreementDetail]:
        """An agreement now, at a version, or as it stood at a moment."""
        rt = runtime_of(request)
        version = version_asked(request, Agreement, agreement_id, version, as_of)
        agreement = rt.agreements.get_agreement(agreement_id, version)
        position = last_position(rt.app.recorder, agreement_id)
        return case_response(
            agreement_detail(agreement, position, rt.clock.today(), calendar_of(rt.app)),
            agreement.version,
        )

    @post("/{agreement_id:uuid}/approve", guards=[can_manage], sync_to_thread=True, status_code=200)
    def approve(
        self, request: Request[Any, Any, Any], agreement_id: UUID, data: ApproveAgreement
    ) -> Response[AgreementDetail]:
        """Record the council's (and the state's) approval."""
        return self._command(request, "approve_agreement", agreement_id, data)

    @post("/{agreement_id:uuid}/sign", guards=[can_write], sync_to_thread=True, status_code=200)
    def sign(
        self, request: Request[Any, Any, Any], agreement_id: UUID, data: SignAgreement
    ) -> Response[AgreementDetail]:
        """Record the signature."""
        return self._command(request, "sign_agreement", agreement_id, data)

    @post("/{agreement_id:uuid}/renew", guards=[can_write], sync_to_thread=True, status_code=200)
    def renew(
        self, request: Request[Any, Any, Any], agreement_id: UUID, data: RenewAgreement
    ) -> Response[AgreementDetail]:
        """Renew for a new term."""
        return self._command(request, "renew_agreement", agreement_id, data)

    @post("/{agreement_id:uuid}/suspend", guards=[can_manage], sync_to_thread=True, status_code=200)
    def suspend(
        self, request: Request[Any, Any, Any], agreement_id: UUID, data: SuspendAgreement
    ) -> Response[AgreementDetail]:
        """Suspend the agreement."""
        return self._command(request, "suspend_agreement", agreement_id, data)

    @post("/{agreement_id:uuid}/resume", guards=[can_manage], sync_to_thread=True, status_code=200)
    def resume(
        self, request: Request[Any, Any, Any], agreement_id: UUID, data: ResumeAgreement
    ) -> Response[AgreementDetail]:
        """Lift a suspension."""
        return self._command(request, "resume_agreement", agreement_id, data)

    @post(
        "/{agreement_id:uuid}/terminate", guards=[can_manage], sync_to_thread=True, status_code=200
    )
    def terminate(
        self, request: Request[Any, Any, Any], agreement_id: UUID, data: TerminateAgreement
    ) -> Response[AgreementDetail]:
        """End the agreement at once."""
        return self._command(request, "terminate_agreement", agreement_id, data)

    @post("/{agreement_id:uuid}/withdraw", guards=[can_write], sync_to_thread=True, status_code=200)
    def withdraw(
        self, request: Request[Any, Any, Any], agreement_id: UUID, data: WithdrawAgreement
    ) -> Response[AgreementDetail]:
        """Abandon the proposal."""
        return self._command(request, "withdraw_agreement", agreement_id, data)

    @post(
        "/{agreement_id:uuid}/supersede", guards=[can_manage], sync_to_thread=True, status_code=200
    )
    def supersede(
        self, request: Request[Any, Any, Any], agreement_id: UUID, data: SupersedeAgreement
    ) -> Response[AgreementDetail]:
        """Replace the agreement by another one."""
        return self._command(request, "supersede_agreement", agreement_id, data)

    @post(
        "/{agreement_id:uuid}/give-notice",
        guards=[can_manage],
        sync_to_thread=True,
        status_code=200,
    )
    def give_notice(
        self, request: Request[Any, Any, Any], agreement_id: UUID, data: GiveNotice
    ) -> Response[AgreementDetail]:
        """Record a notice of non-renewal (by the notice deadline): it will expire, not renew."""
        saved = runtime_of(request).agreements.give_notice(
            agreement_id,
            caller(request, data.note),
            expected_version(request),
            given_by=data.given_by,
            given_on=data.given_on,
            letter_ref=data.letter_ref,
        )
        return self._reply(request, saved)

    @get("/{agreement_id:uuid}/history", guards=[can_read], sync_to_thread=True)
    def history(
        self,
        request: Request[Any, Any, Any],
        agreement_id: UUID,
        limit: HistoryLimit = DEFAULT_HISTORY_PAGE,
        cursor: HistoryCursor = None,
    ) -> History:
        """Its events, oldest first: who did what, when and why."""
        return history_of(request, Agreement, agreement_id, limit, cursor)
