"""HTTP commands on /foi-requests: register, handle, answer, end (Law 2939-VI)."""

from uuid import UUID

from litestar import Controller, Response, post
from litestar.exceptions import PermissionDeniedException

from application.clock import Clock
from application.commands.foi import (
    AnswerFoiRequest,
    AssignFoiRequest,
    ClarifyFoiRequest,
    DeferFoiRequest,
    ExtendFoiRequest,
    RecordFoiPayment,
    RegisterFoiRequest,
    TransferFoiRequest,
    WithdrawFoiRequest,
)
from application.foi import FoiService
from application.service import Caller
from domain.case_types import url_of
from domain.foi_request import Outcome
from interfaces.http.auth import MANAGE, can_manage, can_write
from interfaces.http.deps import IfMatch
from interfaces.http.foi.detail import FoiRequestDetail, foi_reply


class FoiCommandController(Controller):
    """Requests for public information (Law 2939-VI): what staff do with them."""

    path = url_of("foi_request")
    tags = ["foi-requests"]

    @post("/", guards=[can_write], sync_to_thread=True, status_code=201)
    def register(
        self, data: RegisterFoiRequest, foi: FoiService, caller: Caller, clock: Clock
    ) -> Response[FoiRequestDetail]:
        """Register a request; it gets the next FOI-YYYY-NNNN reference of its year."""
        return foi_reply(foi.register_foi_request(data, caller), foi, clock, caller, 201)

    @post("/{request_id:uuid}/assign", guards=[can_write], sync_to_thread=True, status_code=200)
    def assign(
        self,
        request_id: UUID,
        data: AssignFoiRequest,
        foi: FoiService,
        caller: Caller,
        if_match: IfMatch,
        clock: Clock,
    ) -> Response[FoiRequestDetail]:
        """Give the request to an officer."""
        saved = foi.assign_foi_request(request_id, data, caller, if_match)
        return foi_reply(saved, foi, clock, caller)

    @post("/{request_id:uuid}/extend", guards=[can_manage], sync_to_thread=True, status_code=200)
    def extend(
        self,
        request_id: UUID,
        data: ExtendFoiRequest,
        foi: FoiService,
        caller: Caller,
        if_match: IfMatch,
        clock: Clock,
    ) -> Response[FoiRequestDetail]:
        """Extend to 20 working days (a manager; notice by the 5th working day; once)."""
        saved = foi.extend_foi_request(request_id, data, caller, if_match)
        return foi_reply(saved, foi, clock, caller)

    @post("/{request_id:uuid}/transfer", guards=[can_write], sync_to_thread=True, status_code=200)
    def transfer(
        self,
        request_id: UUID,
        data: TransferFoiRequest,
        foi: FoiService,
        caller: Caller,
        if_match: IfMatch,
        clock: Clock,
    ) -> Response[FoiRequestDetail]:
        """Send the request to the proper holder; the case ends for us."""
        saved = foi.transfer_foi_request(request_id, data, caller, if_match)
        return foi_reply(saved, foi, clock, caller)

    @post("/{request_id:uuid}/defer", guards=[can_manage], sync_to_thread=True, status_code=200)
    def defer(
        self,
        request_id: UUID,
        data: DeferFoiRequest,
        foi: FoiService,
        caller: Caller,
        if_match: IfMatch,
        clock: Clock,
    ) -> Response[FoiRequestDetail]:
        """Defer for force majeure to a new date (a manager)."""
        saved = foi.defer_foi_request(request_id, data, caller, if_match)
        return foi_reply(saved, foi, clock, caller)

    @post("/{request_id:uuid}/clarify", guards=[can_write], sync_to_thread=True, status_code=200)
    def clarify(
        self,
        request_id: UUID,
        data: ClarifyFoiRequest,
        foi: FoiService,
        caller: Caller,
        if_match: IfMatch,
        clock: Clock,
    ) -> Response[FoiRequestDetail]:
        """Record a clarification exchange; deadlines do not move."""
        saved = foi.clarify_foi_request(request_id, data, caller, if_match)
        return foi_reply(saved, foi, clock, caller)

    @post("/{request_id:uuid}/answer", guards=[can_write], sync_to_thread=True, status_code=200)
    def answer(
        self,
        request_id: UUID,
        data: AnswerFoiRequest,
        foi: FoiService,
        caller: Caller,
        if_match: IfMatch,
        clock: Clock,
    ) -> Response[FoiRequestDetail]:
        """Record the answer; a refusal needs a manager."""
        if data.outcome is Outcome.REFUSED and caller.role not in MANAGE:
            raise PermissionDeniedException("a refusal is decided by a manager")
        saved = foi.answer_foi_request(request_id, data, caller, if_match)
        return foi_reply(saved, foi, clock, caller)

    @post(
        "/{request_id:uuid}/record-payment",
        guards=[can_write],
        sync_to_thread=True,
        status_code=200,
    )
    def record_payment(
        self,
        request_id: UUID,
        data: RecordFoiPayment,
        foi: FoiService,
        caller: Caller,
        if_match: IfMatch,
        clock: Clock,
    ) -> Response[FoiRequestDetail]:
        """Record the payment of the copying fee."""
        saved = foi.record_foi_payment(request_id, data, caller, if_match)
        return foi_reply(saved, foi, clock, caller)

    @post("/{request_id:uuid}/withdraw", guards=[can_write], sync_to_thread=True, status_code=200)
    def withdraw(
        self,
        request_id: UUID,
        data: WithdrawFoiRequest,
        foi: FoiService,
        caller: Caller,
        if_match: IfMatch,
        clock: Clock,
    ) -> Response[FoiRequestDetail]:
        """Record the requester's withdrawal."""
        saved = foi.withdraw_foi_request(request_id, data, caller, if_match)
        return foi_reply(saved, foi, clock, caller)
