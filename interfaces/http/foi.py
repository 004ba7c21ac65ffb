"""HTTP resource /foi-requests: register, handle, answer, end; get and history."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.exceptions import PermissionDeniedException, ValidationException
from litestar.params import Parameter

from application.service import Saved
from domain.calendar import Calendar
from domain.foi_fees import FEE_CURRENCY
from domain.foi_request import (
    Channel,
    Direction,
    ExtensionReason,
    FoiRequest,
    FoiStatus,
    Outcome,
    RefusalGround,
    Requester,
    RequesterKind,
)
from domain.personal_data import mask_contacts
from infrastructure.eventlog import last_position
from interfaces.http import foi_lists
from interfaces.http.auth import MANAGE, can_manage, can_read, can_write
from interfaces.http.context import caller, case_response, expected_version, runtime_of
from interfaces.http.fields import SEES_CONTACTS, Body, LongText, Name, Ref, Text
from interfaces.http.history import (
    DEFAULT_HISTORY_PAGE,
    History,
    HistoryCursor,
    HistoryLimit,
    history_of,
)
from interfaces.http.lists import MinPosition, await_position, waits_for
from interfaces.http.periods import From, To, Year, period_of

Email = Annotated[str, msgspec.Meta(pattern=r"^[^@\s]+@[^@\s]+$", max_length=254)]
Phone = Annotated[str, msgspec.Meta(pattern=r"^\+?[0-9][0-9 ()-]{3,24}$")]
Pages = Annotated[int, msgspec.Meta(ge=0, le=100_000)]
MAX_AMOUNT = Decimal("1e9")


class RequesterBody(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """The requester: a name, a kind and at least one way to reach them (Art. 19(5))."""

    name: Name
    kind: RequesterKind
    email: Email | None = None
    postal_address: Text | None = None
    phone: Phone | None = None


class RegisterFoiRequest(Body, kw_only=True):
    """A request as received."""

    requester: RequesterBody
    channel: Channel
    received_on: date
    received_at: datetime | None = None
    subject: Text
    text: LongText
    urgent: bool = False
    urgency_reason: Text | None = None


class AssignFoiRequest(Body, kw_only=True):
    """The officer who handles the request."""

    officer: Name


class ExtendFoiRequest(Body, kw_only=True):
    """The reasoned notice extending the term to 20 working days."""

    notice_sent_on: date
    reason: ExtensionReason
    justification: LongText


class TransferFoiRequest(Body, kw_only=True):
    """The request sent on to the holder of the information."""

    to_holder: Text
    transferred_on: date
    requester_notified_on: date


class DeferFoiRequest(Body, kw_only=True):
    """A deferral for force majeure, with the new date."""

    decided_on: date
    reason: Text
    new_due_on: date


class ClarifyFoiRequest(Body, kw_only=True):
    """One clarification exchange; `note` is what was asked or answered."""

    note: LongText  # type: ignore[assignment]
    on: date
    direction: Direction = Direction.TO_REQUESTER


class AnswerFoiRequest(Body, kw_only=True):
    """The answer: outcome, grounds for a refusal, outgoing number, pages."""

    answered_on: date
    answered_at: datetime | None = None
    outcome: Outcome
    refusal_grounds: Annotated[list[RefusalGround], msgspec.Meta(max_length=4)] = []
    outgoing_number: Ref
    channel: Channel | None = None
    pages: Pages | None = None
    own_personal_data: bool = False
    public_interest: bool = False


class RecordFoiPayment(Body, kw_only=True):
    """The payment of the copying fee."""

    paid_on: date
    amount: Decimal

    def __post_init__(self) -> None:
        if not self.amount.is_finite() or not 0 < self.amount < MAX_AMOUNT:
            raise ValueError('amount: a positive amount in hryvnias, such as "28.40"')
        if self.amount.as_tuple().exponent < -2:  # type: ignore[operator]
            raise ValueError("amount: at most two decimal places")


class WithdrawFoiRequest(Body, kw_only=True):
    """The requester's withdrawal."""

    withdrawn_on: date
    reason: Text | None = None


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


def requester_view(r: Requester, role: str) -> RequesterView:
    """The requester as this role may see them."""
    if role not in SEES_CONTACTS:
        return RequesterView(r.name, r.kind)
    return RequesterView(r.name, r.kind, r.email, r.postal_address, r.phone)


def foi_detail(
    r: FoiRequest, position: int | None, calendar: Calendar, as_of: date, role: str
) -> FoiRequestDetail:
    """Render a request; deadlines are computed now, from its facts and the calendar."""
    ext, dfr, trf = r.extension, r.deferral, r.transferral
    # Auditors see no contact details: e-mails and phones typed into free text are masked too.
    txt = _shown if role in SEES_CONTACTS else _masked
    return FoiRequestDetail(
        id=r.id,
        reference=r.reference,
        status=r.status,
        version=r.version,
        position=position,
        requester=requester_view(r.requester, role),
        channel=r.channel,
        received_on=r.received_on,
        received_at=r.received_at,
        subject=txt(r.subject),
        text=txt(r.text),
        urgent=r.urgent,
        urgency_reason=txt(r.urgency_reason),
        officer=r.officer,
        due_on=r.due_on(calendar),
        extension_notice_due_on=r.extension_notice_due_on(calendar),
        extended=r.extended,
        extension=ExtensionView(ext.notice_sent_on, ext.reason, txt(ext.justification))
        if ext
        else None,
        urgent_due_at=r.urgent_due_at,
        deferral=DeferralView(dfr.decided_on, txt(dfr.reason), dfr.new_due_on) if dfr else None,
        transfer=(
            TransferView(txt(trf.to_holder), trf.transferred_on, trf.requester_notified_on)
            if trf
            else None
        ),
        clarifications=[
            ClarificationView(c.on, c.direction, txt(c.note)) for c in r.clarifications
        ],
        outcome=r.outcome,
        refusal_grounds=list(r.refusal_grounds),
        answered_on=r.answered_on,
        answered_at=r.answered_at,
        outgoing_number=r.outgoing_number,
        answer_channel=r.answer_channel,
        pages=r.pages,
        billable_pages=r.billable_pages,
        own_personal_data=r.own_personal_data,
        public_interest=r.public_interest,
        fee=Fee(r.fee, FEE_CURRENCY),
        paid_on=r.paid_on,
        paid_amount=r.paid_amount,
        withdrawn_on=r.withdrawn_on,
        withdrawal_reason=txt(r.withdrawal_reason),
        late=r.late(calendar),
        working_days_late=r.working_days_late(calendar),
        overdue=r.overdue(as_of, calendar),
    )


def _shown(text: Any) -> Any:
    return text


def _masked(text: Any) -> Any:
    return mask_contacts(text) if isinstance(text, str) else text


def _facts(data: Body) -> dict[str, Any]:
    facts = {f: getattr(data, f) for f in data.__struct_fields__ if f != "note"}
    requester = facts.get("requester")
    if isinstance(requester, RequesterBody):
        facts["requester"] = Requester(**msgspec.structs.asdict(requester))
    return facts


class FoiController(Controller):
    """Requests for public information (Law 2939-VI) and their deadlines."""

    path = "/foi-requests"
    tags = ["foi-requests"]

    def _reply(
        self, request: Request[Any, Any, Any], saved: Saved, status: int = 200
    ) -> Response[FoiRequestDetail]:
        rt = runtime_of(request)
        location = f"/foi-requests/{saved.case.id}" if status == 201 else None
        detail = foi_detail(
            saved.case, saved.position, rt.foi.calendar(), rt.clock.today(), request.user.role
        )
        return case_response(detail, saved.case.version, status, location)

    @post("/", guards=[can_write], sync_to_thread=True, status_code=201)
    def register(
        self, request: Request[Any, Any, Any], data: RegisterFoiRequest
    ) -> Response[FoiRequestDetail]:
        """Register a request; it gets the next FOI-YYYY-NNNN reference of its year."""
        saved = runtime_of(request).foi.register_request(caller(request, data.note), **_facts(data))
        return self._reply(request, saved, 201)

    @get(
        "/",
        guards=[can_read],
        sync_to_thread=True,
        dependencies=foi_lists.FOI_QUERY,
        before_request=waits_for(foi_lists.READ_MODEL),
    )
    def list_requests(
        self, request: Request[Any, Any, Any], filters: foi_lists.FoiQuery
    ) -> foi_lists.FoiRequestPage:
        """Requests, most recently received first: filters, text search, pages (no contacts)."""
        return foi_lists.foi_page(request, filters)

    @get(
        "/stats",
        guards=[can_read],
        sync_to_thread=True,
        before_request=waits_for(foi_lists.READ_MODEL),
    )
    def stats(
        self,
        request: Request[Any, Any, Any],
        year: Year = None,
        from_: From = None,
        to: To = None,
        min_position: MinPosition = None,
    ) -> foi_lists.FoiStats:
        """Requests received in a year (or from/to) by channel, requester kind, outcome, ground."""
        await_position(request, min_position, foi_lists.READ_MODEL)
        period = period_of(year, from_, to, runtime_of(request).clock.today())
        return foi_lists.foi_stats_of(request, period)

    @get("/{request_id:uuid}", guards=[can_read], sync_to_thread=True)
    def get_one(
        self,
        request: Request[Any, Any, Any],
        request_id: UUID,
        version: Annotated[int | None, Parameter(ge=1)] = None,
        as_of: datetime | None = None,
    ) -> Response[FoiRequestDetail]:
        """A request now, at a version, or as it stood at a moment (deadlines: today's calendar)."""
        rt = runtime_of(request)
        if version is not None and as_of is not None:
            raise ValidationException("give version or as_of, not both")
        if as_of is not None:
            version = rt.foi.version_at(FoiRequest, request_id, as_of)
        found = rt.foi.get_request(request_id, version)
        position = last_position(rt.app.recorder, request_id)
        day = as_of.date() if as_of is not None else rt.clock.today()
        detail = foi_detail(found, position, rt.foi.calendar(), day, request.user.role)
        return case_response(detail, found.version)

    @post("/{request_id:uuid}/assign", guards=[can_write], sync_to_thread=True, status_code=200)
    def assign(
        self, request: Request[Any, Any, Any], request_id: UUID, data: AssignFoiRequest
    ) -> Response[FoiRequestDetail]:
        """Give the request to an officer."""
        saved = runtime_of(request).foi.assign_request(
            request_id, caller(request, data.note), expected_version(request), **_facts(data)
        )
        return self._reply(request, saved)

    @post("/{request_id:uuid}/extend", guards=[can_manage], sync_to_thread=True, status_code=200)
    def extend(
        self, request: Request[Any, Any, Any], request_id: UUID, data: ExtendFoiRequest
    ) -> Response[FoiRequestDetail]:
        """Extend to 20 working days (a manager; notice by the 5th working day; once)."""
        saved = runtime_of(request).foi.extend_request(
            request_id, caller(request, data.note), expected_version(request), **_facts(data)
        )
        return self._reply(request, saved)

    @post("/{request_id:uuid}/transfer", guards=[can_write], sync_to_thread=True, status_code=200)
    def transfer(
        self, request: Request[Any, Any, Any], request_id: UUID, data: TransferFoiRequest
    ) -> Response[FoiRequestDetail]:
        """Send the request to the proper holder; the case ends for us."""
        saved = runtime_of(request).foi.transfer_request(
            request_id, caller(request, data.note), expected_version(request), **_facts(data)
        )
        return self._reply(request, saved)

    @post("/{request_id:uuid}/defer", guards=[can_manage], sync_to_thread=True, status_code=200)
    def defer(
        self, request: Request[Any, Any, Any], request_id: UUID, data: DeferFoiRequest
    ) -> Response[FoiRequestDetail]:
        """Defer for force majeure to a new date (a manager)."""
        saved = runtime_of(request).foi.defer_request(
            request_id, caller(request, data.note), expected_version(request), **_facts(data)
        )
        return self._reply(request, saved)

    @post("/{request_id:uuid}/clarify", guards=[can_write], sync_to_thread=True, status_code=200)
    def clarify(
        self, request: Request[Any, Any, Any], request_id: UUID, data: ClarifyFoiRequest
    ) -> Response[FoiRequestDetail]:
        """Record a clarification exchange; deadlines do not move."""
        saved = runtime_of(request).foi.clarify_request(
            request_id,
            caller(request),
            expected_version(request),
            on=data.on,
            note=data.note,
            direction=data.direction,
        )
        return self._reply(request, saved)

    @post("/{request_id:uuid}/answer", guards=[can_write], sync_to_thread=True, status_code=200)
    def answer(
        self, request: Request[Any, Any, Any], request_id: UUID, data: AnswerFoiRequest
    ) -> Response[FoiRequestDetail]:
        """Record the answer; a refusal needs a manager."""
        who = caller(request, data.note)
        if data.outcome is Outcome.REFUSED and who.role not in MANAGE:
            raise PermissionDeniedException("a refusal is decided by a manager")
        saved = runtime_of(request).foi.answer_request(
            request_id, who, expected_version(request), **_facts(data)
        )
        return self._reply(request, saved)

    @post(
        "/{request_id:uuid}/record-payment",
        guards=[can_write],
        sync_to_thread=True,
        status_code=200,
    )
    def record_payment(
        self, request: Request[Any, Any, Any], request_id: UUID, data: RecordFoiPayment
    ) -> Response[FoiRequestDetail]:
        """Record the payment of the copying fee."""
        saved = runtime_of(request).foi.record_payment(
            request_id, caller(request, data.note), expected_version(request), **_facts(data)
        )
        return self._reply(request, saved)

    @post("/{request_id:uuid}/withdraw", guards=[can_write], sync_to_thread=True, status_code=200)
    def withdraw(
        self, request: Request[Any, Any, Any], request_id: UUID, data: WithdrawFoiRequest
    ) -> Response[FoiRequestDetail]:
        """Record the requester's withdrawal."""
        saved = runtime_of(request).foi.withdraw_request(
            request_id, caller(request, data.note), expected_version(request), **_facts(data)
        )
        return self._reply(request, saved)

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
