"""Reads of the `foi_requests` read model: GET /foi-requests and GET /foi-requests/stats.

The list shows the requester's name and kind only: the read model holds no contact details,
so nobody (auditors included) can read an e-mail address, phone or postal address from it.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Request
from litestar.di import Provide
from litestar.params import Parameter

from domain.foi_request import Channel, FoiStatus, Outcome, RequesterKind
from domain.personal_data import mask_contacts
from interfaces.http.context import runtime_of
from interfaces.http.fields import SEES_CONTACTS
from interfaces.http.lists import (
    Cursor,
    Limit,
    MinPosition,
    Search,
    await_position,
    cursor_errors,
    reading,
)
from interfaces.http.periods import Period
from projections.foi_requests import FoiFilter, foi_stats, list_foi_requests, utc

READ_MODEL = "foi_requests"


class RequesterSummary(msgspec.Struct):
    """Who asked: name and kind (never how to reach them)."""

    name: str
    kind: str


class FoiRequestItem(msgspec.Struct):
    """An FOI request in a list, with its deadlines as of the calendar now in force."""

    id: UUID
    reference: str
    status: str
    outcome: str | None
    refusal_grounds: list[str]
    requester: RequesterSummary
    channel: str
    subject: str
    officer: str | None
    urgent: bool
    received_on: date
    received_at: datetime | None
    due_on: date
    urgent_due_at: datetime | None
    extension_notice_due_on: date
    extended: bool
    deferred_to: date | None
    days_left: int | None
    overdue: bool
    answered_on: date | None
    late: bool | None
    working_days_late: int | None
    outgoing_number: str | None
    transferred_on: date | None
    withdrawn_on: date | None
    version: int
    position: int


class FoiRequestPage(msgspec.Struct):
    """A page of FOI requests, most recently received first."""

    items: list[FoiRequestItem]
    next_cursor: str | None


class FoiStats(msgspec.Struct):
    """FOI requests received in a period and what became of them (the council's public report)."""

    from_: date = msgspec.field(name="from")
    to: date
    received: int
    by_channel: dict[str, int]
    by_requester_kind: dict[str, int]
    by_status: dict[str, int]
    open: int
    answered: int
    answered_on_time: int
    answered_late: int
    on_time_share: float | None
    by_outcome: dict[str, int]
    by_refusal_ground: dict[str, int]
    transferred: int
    withdrawn: int
    median_working_days_to_answer: float | None


@dataclass(frozen=True)
class FoiQuery:
    """GET /foi-requests query parameters."""

    filter: FoiFilter
    limit: int
    cursor: str | None
    min_position: int | None


def foi_query(
    request: Request[Any, Any, Any],
    status: FoiStatus | None = None,
    outcome: Outcome | None = None,
    channel: Channel | None = None,
    requester_kind: RequesterKind | None = None,
    officer: Annotated[str | None, Parameter(max_length=200)] = None,
    received_from: date | None = None,
    received_to: date | None = None,
    overdue: bool | None = None,
    as_of: Annotated[date | None, Parameter(description="day `overdue` is judged on")] = None,
    urgent: bool | None = None,
    q: Search = None,
    limit: Limit = 50,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> FoiQuery:
    """Parse GET /foi-requests query parameters."""
    return FoiQuery(
        FoiFilter(
            status=status,
            outcome=outcome,
            channel=channel,
            requester_kind=requester_kind,
            officer=officer,
            received_from=received_from,
            received_to=received_to,
            overdue=overdue,
            as_of=as_of or runtime_of(request).clock.today(),
            urgent=urgent,
            q=q,
        ),
        limit,
        cursor,
        min_position,
    )


FOI_QUERY = {"filters": Provide(foi_query, sync_to_thread=False)}


def foi_page(request: Request[Any, Any, Any], query: FoiQuery) -> FoiRequestPage:
    """A page of the FOI requests read model."""
    await_position(request, query.min_position, READ_MODEL)
    as_of = query.filter.as_of or runtime_of(request).clock.today()
    with reading(request) as conn, cursor_errors():
        page = list_foi_requests(conn, query.filter, query.limit, query.cursor)
    # Auditors see no contact details, not even those typed into a subject.
    mask = getattr(request.user, "role", None) not in SEES_CONTACTS
    return FoiRequestPage([foi_item(r, as_of, mask) for r in page.items], page.next_cursor)


def foi_item(r: dict[str, Any], as_of: date, mask: bool = False) -> FoiRequestItem:
    """One row as the API shows it (with e-mails and phones in the subject masked if asked)."""
    is_open = bool(r["open"])
    return FoiRequestItem(
        id=r["id"],
        reference=r["reference"],
        status=r["status"],
        outcome=r["outcome"],
        refusal_grounds=list(r["refusal_grounds"]),
        requester=RequesterSummary(r["requester_name"], r["requester_kind"]),
        channel=r["channel"],
        subject=mask_contacts(r["subject"]) if mask else r["subject"],
        officer=r["officer"],
        urgent=r["urgent"],
        received_on=r["received_on"],
        received_at=utc(r["received_at"]),
        due_on=r["due_on"],
        urgent_due_at=utc(r["urgent_due_at"]),
        extension_notice_due_on=r["extension_notice_due_on"],
        extended=r["extended"],
        deferred_to=r["deferred_to"],
        days_left=(r["due_on"] - as_of).days if is_open else None,
        overdue=is_open and r["due_on"] < as_of,
        answered_on=r["answered_on"],
        late=r["late"],
        working_days_late=r["working_days_late"],
        outgoing_number=r["outgoing_number"],
        transferred_on=r["transferred_on"],
        withdrawn_on=r["withdrawn_on"],
        version=r["version"],
        position=r["position"],
    )


def foi_stats_of(request: Request[Any, Any, Any], period: Period) -> FoiStats:
    """The FOI statistics of a period (the read model must have caught up first)."""
    with reading(request) as conn:
        stats = foi_stats(conn, period.start, period.end)
    stats["from_"] = stats.pop("from")
    return FoiStats(**stats)
