"""HTTP resource /agreements: propose and every command of the agreement's life; get."""

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.params import Parameter

from application.agreements import AgreementService
from application.clock import Clock
from application.commands.agreements import (
    ApproveAgreement,
    GiveNotice,
    ProposeAgreement,
    RenewAgreement,
    ResumeAgreement,
    SignAgreement,
    SupersedeAgreement,
    SuspendAgreement,
    TerminateAgreement,
    WithdrawAgreement,
)
from application.service import Caller, Saved
from domain.agreement import Agreement
from domain.case_types import url_of
from interfaces.http import lists
from interfaces.http.agreement_detail import AgreementDetail, agreement_detail
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


class AgreementController(Controller):
    """Agreements, memoranda and other instruments with partners."""

    path = url_of("agreement")
    tags = ["agreements"]

    @staticmethod
    def reply(
        saved: Saved, agreements: AgreementService, clock: Clock, status: int = 200
    ) -> Response[AgreementDetail]:
        """The changed agreement with its ETag (and its Location when just proposed)."""
        case: Agreement = saved.case
        location = url_of("agreement", case.id) if status == 201 else None
        detail = agreement_detail(case, saved.position, agreements, clock)
        return case_response(detail, case.version, status, location)

    @post("/", guards=[can_write], sync_to_thread=True, status_code=201)
    def propose(
        self, data: ProposeAgreement, agreements: AgreementService, caller: Caller, clock: Clock
    ) -> Response[AgreementDetail]:
        """Propose an agreement; it gets the next AGR-YYYY-NNNN reference."""
        return self.reply(agreements.propose_agreement(data, caller), agreements, clock, 201)

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
        agreements: AgreementService,
        clock: Clock,
        version: Annotated[int | None, Parameter(ge=1)] = None,
        as_of: datetime | None = None,
    ) -> Response[AgreementDetail]:
        """An agreement now, at a version, or as it stood at a moment."""
        version = version_asked(request, Agreement, agreement_id, version, as_of)
        agreement = agreements.get_agreement(agreement_id, version)
        position = agreements.last_position(agreement_id)
        detail = agreement_detail(agreement, position, agreements, clock)
        return case_response(detail, agreement.version)

    @post("/{agreement_id:uuid}/approve", guards=[can_manage], sync_to_thread=True, status_code=200)
    def approve(
        self,
        agreement_id: UUID,
        data: ApproveAgreement,
        agreements: AgreementService,
        caller: Caller,
        if_match: IfMatch,
        clock: Clock,
    ) -> Response[AgreementDetail]:
        """Record the council's (and the state's) approval."""
        saved = agreements.approve_agreement(agreement_id, data, caller, if_match)
        return self.reply(saved, agreements, clock)

    @post("/{agreement_id:uuid}/sign", guards=[can_write], sync_to_thread=True, status_code=200)
    def sign(
        self,
        agreement_id: UUID,
        data: SignAgreement,
        agreements: AgreementService,
        caller: Caller,
        if_match: IfMatch,
        clock: Clock,
    ) -> Response[AgreementDetail]:
        """Record the signature."""
        saved = agreements.sign_agreement(agreement_id, data, caller, if_match)
        return self.reply(saved, agreements, clock)

    @post("/{agreement_id:uuid}/renew", guards=[can_write], sync_to_thread=True, status_code=200)
    def renew(
        self,
        agreement_id: UUID,
        data: RenewAgreement,
        agreements: AgreementService,
        caller: Caller,
        if_match: IfMatch,
        clock: Clock,
    ) -> Response[AgreementDetail]:
        """Renew for a new term."""
        saved = agreements.renew_agreement(agreement_id, data, caller, if_match)
        return self.reply(saved, agreements, clock)

    @post("/{agreement_id:uuid}/suspend", guards=[can_manage], sync_to_thread=True, status_code=200)
    def suspend(
        self,
        agreement_id: UUID,
        data: SuspendAgreement,
        agreements: AgreementService,
        caller: Caller,
        if_match: IfMatch,
        clock: Clock,
    ) -> Response[AgreementDetail]:
        """Suspend the agreement."""
        saved = agreements.suspend_agreement(agreement_id, data, caller, if_match)
        return self.reply(saved, agreements, clock)

    @post("/{agreement_id:uuid}/resume", guards=[can_manage], sync_to_thread=True, status_code=200)
    def resume(
        self,
        agreement_id: UUID,
        data: ResumeAgreement,
        agreements: AgreementService,
        caller: Caller,
        if_match: IfMatch,
        clock: Clock,
    ) -> Response[AgreementDetail]:
        """Lift a suspension."""
        saved = agreements.resume_agreement(agreement_id, data, caller, if_match)
        return self.reply(saved, agreements, clock)

    @post(
        "/{agreement_id:uuid}/terminate", guards=[can_manage], sync_to_thread=True, status_code=200
    )
    def terminate(
        self,
        agreement_id: UUID,
        data: TerminateAgreement,
        agreements: AgreementService,
        caller: Caller,
        if_match: IfMatch,
        clock: Clock,
    ) -> Response[AgreementDetail]:
        """End the agreement at once."""
        saved = agreements.terminate_agreement(agreement_id, data, caller, if_match)
        return self.reply(saved, agreements, clock)

    @post("/{agreement_id:uuid}/withdraw", guards=[can_write], sync_to_thread=True, status_code=200)
    def withdraw(
        self,
        agreement_id: UUID,
        data: WithdrawAgreement,
        agreements: AgreementService,
        caller: Caller,
        if_match: IfMatch,
        clock: Clock,
    ) -> Response[AgreementDetail]:
        """Abandon the proposal."""
        saved = agreements.withdraw_agreement(agreement_id, data, caller, if_match)
        return self.reply(saved, agreements, clock)

    @post(
        "/{agreement_id:uuid}/supersede", guards=[can_manage], sync_to_thread=True, status_code=200
    )
    def supersede(
        self,
        agreement_id: UUID,
        data: SupersedeAgreement,
        agreements: AgreementService,
        caller: Caller,
        if_match: IfMatch,
        clock: Clock,
    ) -> Response[AgreementDetail]:
        """Replace the agreement by another one."""
        saved = agreements.supersede_agreement(agreement_id, data, caller, if_match)
        return self.reply(saved, agreements, clock)

    @post(
        "/{agreement_id:uuid}/give-notice",
        guards=[can_manage],
        sync_to_thread=True,
        status_code=200,
    )
    def give_notice(
        self,
        agreement_id: UUID,
        data: GiveNotice,
        agreements: AgreementService,
        caller: Caller,
        if_match: IfMatch,
        clock: Clock,
    ) -> Response[AgreementDetail]:
        """Record a notice of non-renewal (by the notice deadline): it will expire, not renew."""
        saved = agreements.give_notice(agreement_id, data, caller, if_match)
        return self.reply(saved, agreements, clock)

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
