"""Use cases for requests for public information: register, handle, answer, end."""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from application.calendar import calendar_of
from application.service import Caller, CaseService, Saved
from domain.calendar import Calendar
from domain.foi_request import Channel, FoiRequest, Requester

PREFIX = "FOI"


class FoiService(CaseService):
    """What staff do with FOI requests; deadlines use the calendar as it stands now."""

    case_class = FoiRequest

    def calendar(self) -> Calendar:
        """The working-day calendar with the administrator's overrides."""
        return calendar_of(self.app)

    def register_request(
        self,
        caller: Caller,
        *,
        requester: Requester,
        channel: Channel,
        received_on: date,
        subject: str,
        text: str,
        received_at: datetime | None = None,
        urgent: bool = False,
        urgency_reason: str | None = None,
    ) -> Saved:
        """Register a request; its FOI-YYYY-NNNN reference is gapless in the year of receipt."""

        def attempt() -> Saved:
            ctx = self.ctx(caller)
            sequence = self.sequence(PREFIX, received_on.year, ctx)
            request = FoiRequest.register(
                ctx,
                reference=sequence.issue(ctx),
                requester=requester,
                channel=channel,
                received_on=received_on,
                subject=subject,
                text=text,
                received_at=received_at,
                urgent=urgent,
                urgency_reason=urgency_reason,
            )
            return Saved(request, self.save(sequence, request))

        return self.retrying(attempt)

    def get_request(self, request_id: UUID, version: int | None = None) -> FoiRequest:
        """A request now, or at a version."""
        if version is not None:
            return self.get_as_of(FoiRequest, request_id, version)
        return self.get(FoiRequest, request_id)

    def assign_request(
        self, request_id: UUID, caller: Caller, expected_version: int | None = None, **facts: Any
    ) -> Saved:
        """Give the request to an officer."""
        return self.perform("assign", request_id, caller, expected_version, facts)

    def extend_request(
        self, request_id: UUID, caller: Caller, expected_version: int | None = None, **facts: Any
    ) -> Saved:
        """Extend to 20 working days (notice by the 5th working day, once)."""
        return self.perform("extend", request_id, caller, expected_version, facts, self.calendar())

    def transfer_request(
        self, request_id: UUID, caller: Caller, expected_version: int | None = None, **facts: Any
    ) -> Saved:
        """Send the request to the proper holder."""
        return self.perform("transfer", request_id, caller, expected_version, facts)

    def defer_request(
        self, request_id: UUID, caller: Caller, expected_version: int | None = None, **facts: Any
    ) -> Saved:
        """Defer for force majeure to a new date."""
        return self.perform("defer", request_id, caller, expected_version, facts, self.calendar())

    def clarify_request(
        self, request_id: UUID, caller: Caller, expected_version: int | None = None, **facts: Any
    ) -> Saved:
        """Record a clarification exchange (no effect on deadlines)."""
        return self.perform("clarify", request_id, caller, expected_version, facts)

    def answer_request(
        self, request_id: UUID, caller: Caller, expected_version: int | None = None, **facts: Any
    ) -> Saved:
        """Record the answer, with its lateness judged by the calendar as it stands now."""
        facts = {**facts, "calendar": self.calendar()}
        return self.perform("answer", request_id, caller, expected_version, facts)

    def record_payment(
        self, request_id: UUID, caller: Caller, expected_version: int | None = None, **facts: Any
    ) -> Saved:
        """Record the payment of the copying fee."""
        return self.perform("record_payment", request_id, caller, expected_version, facts)

    def withdraw_request(
        self, request_id: UUID, caller: Caller, expected_version: int | None = None, **facts: Any
    ) -> Saved:
        """Record the requester's withdrawal."""
        return self.perform("withdraw", request_id, caller, expected_version, facts)
