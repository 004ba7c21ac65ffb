"""Use cases for requests for public information: register, handle, answer, end."""

from uuid import UUID

from application.calendar import calendar_of
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
from application.service import Caller, CaseService, Saved
from domain.calendar import Calendar
from domain.case_types import prefix_of
from domain.foi_request import FoiRequest

PREFIX = prefix_of("FoiRequest")


class FoiService(CaseService):
    """What staff do with FOI requests; deadlines use the calendar as it stands now."""

    def calendar(self) -> Calendar:
        """The working-day calendar with the administrator's overrides."""
        return calendar_of(self.app)

    def register_foi_request(self, cmd: RegisterFoiRequest, caller: Caller) -> Saved:
        """Register a request; its FOI-YYYY-NNNN reference is gapless in the year of receipt."""

        def attempt() -> Saved:
            ctx = self.ctx(caller, cmd.note)
            sequence = self.sequence(PREFIX, cmd.received_on.year, ctx)
            request = FoiRequest.register(
                ctx,
                reference=sequence.issue(ctx),
                requester=cmd.requester.to_domain(),
                channel=cmd.channel,
                received_on=cmd.received_on,
                subject=cmd.subject,
                text=cmd.text,
                received_at=cmd.received_at,
                urgent=cmd.urgent,
                urgency_reason=cmd.urgency_reason,
            )
            return Saved(request, self.save(sequence, request))

        return self.retrying(attempt)

    def get_request(self, request_id: UUID, version: int | None = None) -> FoiRequest:
        """A request now, or at a version."""
        if version is not None:
            return self.get_as_of(FoiRequest, request_id, version)
        return self.get(FoiRequest, request_id)

    def assign_foi_request(
        self,
        request_id: UUID,
        cmd: AssignFoiRequest,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Give the request to an officer."""
        request = self.get(FoiRequest, request_id, expected_version)
        request.assign(self.ctx(caller, cmd.note), officer=cmd.officer)
        return self.saved(request, expected_version)

    def extend_foi_request(
        self,
        request_id: UUID,
        cmd: ExtendFoiRequest,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Extend to 20 working days (notice by the 5th working day, once)."""
        request = self.get(FoiRequest, request_id, expected_version)
        request.extend(
            self.ctx(caller, cmd.note),
            self.calendar(),
            notice_sent_on=cmd.notice_sent_on,
            reason=cmd.reason,
            justification=cmd.justification,
        )
        return self.saved(request, expected_version)

    def transfer_foi_request(
        self,
        request_id: UUID,
        cmd: TransferFoiRequest,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Send the request to the proper holder."""
        request = self.get(FoiRequest, request_id, expected_version)
        request.transfer(
            self.ctx(caller, cmd.note),
            to_holder=cmd.to_holder,
            transferred_on=cmd.transferred_on,
            requester_notified_on=cmd.requester_notified_on,
        )
        return self.saved(request, expected_version)

    def defer_foi_request(
        self,
        request_id: UUID,
        cmd: DeferFoiRequest,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Defer for force majeure to a new date."""
        request = self.get(FoiRequest, request_id, expected_version)
        request.defer(
            self.ctx(caller, cmd.note),
            self.calendar(),
            decided_on=cmd.decided_on,
            reason=cmd.reason,
            new_due_on=cmd.new_due_on,
        )
        return self.saved(request, expected_version)

    def clarify_foi_request(
        self,
        request_id: UUID,
        cmd: ClarifyFoiRequest,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Record a clarification exchange (no effect on deadlines).

        The command's `note` is the exchange itself, a fact of the event, not the audit note.
        """
        request = self.get(FoiRequest, request_id, expected_version)
        request.clarify(self.ctx(caller), on=cmd.on, note=cmd.note, direction=cmd.direction)
        return self.saved(request, expected_version)

    def answer_foi_request(
        self,
        request_id: UUID,
        cmd: AnswerFoiRequest,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Record the answer, with its lateness judged by the calendar as it stands now."""
        request = self.get(FoiRequest, request_id, expected_version)
        request.answer(
            self.ctx(caller, cmd.note),
            answered_on=cmd.answered_on,
            outcome=cmd.outcome,
            outgoing_number=cmd.outgoing_number,
            refusal_grounds=cmd.refusal_grounds,
            channel=cmd.channel,
            pages=cmd.pages,
            answered_at=cmd.answered_at,
            own_personal_data=cmd.own_personal_data,
            public_interest=cmd.public_interest,
            calendar=self.calendar(),
        )
        return self.saved(request, expected_version)

    def record_foi_payment(
        self,
        request_id: UUID,
        cmd: RecordFoiPayment,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Record the payment of the copying fee."""
        request = self.get(FoiRequest, request_id, expected_version)
        request.record_payment(self.ctx(caller, cmd.note), paid_on=cmd.paid_on, amount=cmd.amount)
        return self.saved(request, expected_version)

    def withdraw_foi_request(
        self,
        request_id: UUID,
        cmd: WithdrawFoiRequest,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Record the requester's withdrawal."""
        request = self.get(FoiRequest, request_id, expected_version)
        request.withdraw(
            self.ctx(caller, cmd.note), withdrawn_on=cmd.withdrawn_on, reason=cmd.reason
        )
        return self.saved(request, expected_version)
