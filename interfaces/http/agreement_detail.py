"""An agreement as the API shows it: its own state, and what today and the calendar decide."""

from datetime import date
from typing import Any
from uuid import UUID

import msgspec

from application.agreements import AgreementService
from application.clock import Clock
from application.commands.agreements import SignatoryBody, TermBody
from domain.agreement import Agreement, AgreementKind, AgreementStatus, NoticeGivenBy
from domain.calendar import Calendar


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


class AgreementView:
    """An agreement as of a day: its own state, plus what that day and the calendar decide."""

    def __init__(
        self, agreement: Agreement, position: int | None, today: date, calendar: Calendar
    ) -> None:
        self._agreement = agreement
        self.position = position
        self.term = TermBody.of(agreement.term)
        self.days_to_expiry = agreement.days_to_expiry(today)
        self.notice_deadline_on = agreement.notice_deadline(calendar)  # with today's overrides
        self.in_force = agreement.in_force(today)
        self.lapsed_on = agreement.lapsed_on(today)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._agreement, name)


def agreement_detail(
    agreement: Agreement, position: int | None, agreements: AgreementService, clock: Clock
) -> AgreementDetail:
    """An agreement as the API shows it, as of the clock's today."""
    view = AgreementView(agreement, position, clock.today(), agreements.calendar())
    return msgspec.convert(view, AgreementDetail, from_attributes=True)
