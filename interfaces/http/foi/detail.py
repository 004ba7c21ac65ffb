"""An FOI request as the API shows it: its facts, and its deadlines by today's calendar."""

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get
from litestar.exceptions import ValidationException
from litestar.params import Parameter

from application.clock import Clock
from application.foi import FoiService
from application.service import Caller, Saved
from domain.calendar import Calendar
from domain.case_types import url_of
from domain.foi_fees import FEE_CURRENCY
from domain.foi_request import (
    Channel,
    Clarification,
    Deferral,
    Direction,
    Extension,
    ExtensionReason,
    FoiRequest,
    FoiStatus,
    Outcome,
    RefusalGround,
    Requester,
    RequesterKind,
    Transfer,
)
from domain.personal_data import mask_contacts
from domain.values import Money
from interfaces.http.auth import can_read
from interfaces.http.context import case_response
from interfaces.http.fields import SEES_CONTACTS
from interfaces.http.history import (
    DEFAULT_HISTORY_PAGE,
    History,
    HistoryCursor,
    HistoryLimit,
    history_of,
)


class RequesterView(msgspec.Struct, omit_defaults=True):
    """The requester; contact details only for the staff who handle requests."""

    name: str
    kind: RequesterKind
    email: str | None = None
    postal_address: str | None = None
    phone: str | None = None


class ExtensionView(msgspec.Struct):
    """The extension notice."""

    notice_sent_on: date
    reason: ExtensionReason
    justification: str


class DeferralView(msgspec.Struct):
    """The deferral decision."""

    decided_on: date
    reason: str
    new_due_on: date


class TransferView(msgspec.Struct):
    """Where the request went."""

    to_holder: str
    transferred_on: date
    requester_notified_on: date


class ClarificationView(msgspec.Struct):
    """One clarification exchange."""

    on: date
    direction: Direction
    note: str


class Fee(msgspec.Struct):
    """Money as the API writes it."""

    amount: Decimal
    currency: str


class FoiRequestDetail(msgspec.Struct):
    """An FOI request as the API shows it, with its deadlines as of today's calendar."""

    id: UUID
    reference: str
    status: FoiStatus
    version: int
    position: int | None
    requester: RequesterView
    channel: Channel
    received_on: date
    received_at: datetime | None
    subject: str
    text: str
    urgent: bool
    urgency_reason: str | None
    officer: str | None
    due_on: date
    extension_notice_due_on: date
    extended: bool
    extension: ExtensionView | None
    urgent_due_at: datetime | None
    deferral: DeferralView | None
    transfer: TransferView | None
    clarifications: list[ClarificationView]
    outcome: Outcome | None
    refusal_grounds: list[RefusalGround]
    answered_on: date | None
    answered_at: datetime | None
    outgoing_number: str | None
    answer_channel: Channel | None
    pages: int | None
    billable_pages: int
    own_personal_data: bool
    public_interest: bool
    fee: Fee
    paid_on: date | None
    paid_amount: Decimal | None
    withdrawn_on: date | None
    withdrawal_reason: str | None
    late: bool | None
    working_days_late: int | None
    overdue: bool
    owner: str | None = None
    """The officer, in the one word for whoever is responsible for a case (docs/CASE_TYPES.md)."""

    def __post_init__(self) -> None:
        self.owner = self.officer


# Free text a requester or an officer may have typed contacts into: masked for auditors.
FREE_TEXT = frozenset({"subject", "text", "urgency_reason", "withdrawal_reason"})


class FoiRequestView:
    """A request as one reader sees it on a day: deadlines by the calendar, contacts as allowed.

    Auditors see no contact details: the requester's are left out, and e-mails and phones typed
    into free text are masked. Everything not computed here is the request's own attribute.
    """

    def __init__(
        self,
        request: FoiRequest,
        position: int | None,
        calendar: Calendar,
        as_of: date,
        sees_contacts: bool,
    ) -> None:
        self.request = request
        self.position = position
        self.calendar = calendar
        self.as_of = as_of
        self.sees_contacts = sees_contacts

    def __getattr__(self, name: str) -> Any:
        value = getattr(self.request, name)
        return self._text(value) if name in FREE_TEXT else value

    def _text(self, value: str | None) -> str | None:
        return value if self.sees_contacts or value is None else mask_contacts(value)

    @property
    def requester(self) -> Requester:
        """The requester, without contacts for those who may not see them."""
        r = self.request.requester
        return r if self.sees_contacts else Requester(r.name, r.kind)

    @property
    def extension(self) -> Extension | None:
        """The extension notice."""
        e = self.request.extension
        return None if e is None else replace(e, justification=self._text(e.justification) or "")

    @property
    def deferral(self) -> Deferral | None:
        """The deferral decision."""
        d = self.request.deferral
        return None if d is None else replace(d, reason=self._text(d.reason) or "")

    @property
    def transfer(self) -> Transfer | None:
        """Where the request went."""
        t = self.request.transferral
        return None if t is None else replace(t, to_holder=self._text(t.to_holder) or "")

    @property
    def clarifications(self) -> list[Clarification]:
        """The clarification exchanges."""
        return [replace(c, note=self._text(c.note) or "") for c in self.request.clarifications]

    @property
    def fee(self) -> Money:
        """The copying fee due."""
        return Money(self.request.fee, FEE_CURRENCY)

    @property
    def due_on(self) -> date:
        """The answer's due date by today's calendar."""
        return self.request.due_on(self.calendar)

    @property
    def extension_notice_due_on(self) -> date:
        """The last day for the extension notice."""
        return self.request.extension_notice_due_on(self.calendar)

    @property
    def late(self) -> bool | None:
        """Whether the answer came late (None while unanswered)."""
        return self.request.late(self.calendar)

    @property
    def working_days_late(self) -> int | None:
        """How many working days late the answer came."""
        return self.request.working_days_late(self.calendar)

    @property
    def overdue(self) -> bool:
        """Unanswered past its due date."""
        return self.request.overdue(self.as_of, self.calendar)


def foi_detail(
    request: FoiRequest, position: int | None, calendar: Calendar, as_of: date, role: str
) -> FoiRequestDetail:
    """Render a request; deadlines are computed now, from its facts and the calendar."""
    view = FoiRequestView(request, position, calendar, as_of, role in SEES_CONTACTS)
    return msgspec.convert(view, FoiRequestDetail, from_attributes=True)


def foi_reply(
    saved: Saved, foi: FoiService, clock: Clock, caller: Caller, status: int = 200
) -> Response[FoiRequestDetail]:
    """A command's answer: the request as it now stands, with its ETag (Location if new)."""
    location = url_of("foi_request", saved.case.id) if status == 201 else None
    detail = foi_detail(saved.case, saved.position, foi.calendar(), clock.today(), caller.role)
    return case_response(detail, saved.case.version, status, location)


class FoiDetailController(Controller):
    """One FOI request: now, at a version or a moment, and its history."""

    path = url_of("foi_request")
    tags = ["foi-requests"]

    @get("/{request_id:uuid}", guards=[can_read], sync_to_thread=True)
    def get_one(
        self,
        request_id: UUID,
        foi: FoiService,
        clock: Clock,
        caller: Caller,
        version: Annotated[int | None, Parameter(ge=1)] = None,
        as_of: datetime | None = None,
    ) -> Response[FoiRequestDetail]:
        """A request now, at a version, or as it stood at a moment (deadlines: today's calendar)."""
        if version is not None and as_of is not None:
            raise ValidationException("give version or as_of, not both")
        if as_of is not None:
            version = foi.version_at(FoiRequest, request_id, as_of)
        found = foi.get_request(request_id, version)
        position = foi.last_position(request_id)
        day = as_of.date() if as_of is not None else clock.today()
        detail = foi_detail(found, position, foi.calendar(), day, caller.role)
        return case_response(detail, found.version)

    @get("/{request_id:uuid}/history", guards=[can_read], sync_to_thread=True)
    def history(
        self,
        request: Request[Any, Any, Any],
        request_id: UUID,
        limit: HistoryLimit = DEFAULT_HISTORY_PAGE,
        cursor: HistoryCursor = None,
    ) -> History:
        """Its events, oldest first; auditors see no contact details of the requester."""
        return history_of(request, FoiRequest, request_id, limit, cursor)
