"""Reads of the read models: lists of partners and agreements, renewals, deadlines, counts.

Every read accepts `min_position=N` and first waits (up to settings.read_wait_seconds) for the
projections it reads to reach N, so a client reads its own writes; else 503 with Retry-After.
"""

import asyncio
import sqlite3
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Annotated, Any
from uuid import UUID

import anyio
import msgspec
import psycopg
from litestar import Controller, Request, get
from litestar.di import Provide
from litestar.exceptions import ValidationException
from litestar.params import Parameter
from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError

from application.calendar import calendar_of
from application.errors import ReadModelLagging, ReadModelStopped
from domain.agreement import AgreementKind, AgreementStatus
from domain.calendar import Calendar
from domain.partner import PartnerKind, PartnerStatus, Relationship
from interfaces.http.auth import can_read
from interfaces.http.context import runtime_of
from interfaces.http.problems import ReadTimedOut, ReadWaitersFull
from projections.agreements import (
    AgreementFilter,
    in_force_on,
    lapsed_on,
    list_agreements,
    notice_deadline,
    renewal_window,
    renewals_due,
)
from projections.deadlines import DeadlineFilter, list_deadlines
from projections.paging import BadCursor
from projections.partners import PartnerFilter, list_partners, partner_stats

Limit = Annotated[int, Parameter(ge=1, le=500, description="items per page (default 50)")]
Cursor = Annotated[
    str | None, Parameter(max_length=1000, description="next_cursor of the previous page")
]
MinPosition = Annotated[
    int | None,
    Parameter(ge=0, description="wait until the read model has reached this log position"),
]
Country = Annotated[str | None, Parameter(pattern="^[A-Za-z]{2}$", description="ISO alpha-2")]
Search = Annotated[
    str | None, Parameter(max_length=200, description="text search, any case, Latin or Cyrillic")
]
Word = Annotated[str | None, Parameter(pattern="^[a-z_]{1,40}$")]


# -- waiting and reading -----------------------------------------------------------------------


def await_position(request: Request[Any, Any, Any], min_position: int | None, *names: str) -> None:
    """Check that the named projections reached min_position, else ReadModelLagging.

    The wait itself happened before, in the event loop (`waits_for`): this runs in a worker
    thread and never waits, so lagging read models cannot use up the workers.
    """
    if min_position is None:
        return
    rt = runtime_of(request)
    head = rt.app.position
    if min_position > head:
        # No write has reached it: waiting could not help (and would hold a worker).
        message = f"min_position {min_position} is beyond the newest log position {head}"
        raise ValidationException(message, extra=[{"key": "min_position", "message": message}])
    engine = rt.extras["projections"]
    reached = engine.wait_for(min_position, names, timeout=0)
    if reached < min_position:
        raise ReadModelLagging(min_position, reached)


MAX_READ_WAITERS = 64
"""Requests that may wait for the read models at once (per server process); more get 503."""
_POLL_SECONDS = (0.01, 0.25)


def waits_for(*names: str) -> Callable[[Request[Any, Any, Any]], Awaitable[None]]:
    """A before_request hook: wait for `min_position` in the event loop, holding no thread."""

    async def wait(request: Request[Any, Any, Any]) -> None:
        raw = request.query_params.get("min_position")
        if raw is not None and raw.isdigit() and len(raw) <= 18:
            await wait_for_position(request, int(raw), names)
        return None  # a bad value is the handler's 400

    return wait


async def wait_for_position(
    request: Request[Any, Any, Any], min_position: int, names: tuple[str, ...]
) -> None:
    """Wait (bounded, asynchronously) until the named projections reach min_position.

    A projection stopped by an error, or more than MAX_READ_WAITERS waiting requests, answer
    503 at once; else ReadModelLagging (503) after settings.read_wait_seconds.
    """
    rt = runtime_of(request)
    engine = rt.extras["projections"]
    if engine.known_at(min_position, names):
        return  # seen in this process: no I/O at all
    head = await anyio.to_thread.run_sync(lambda: rt.app.position)
    if min_position > head:
        return  # no write has reached it: the handler answers 400
    state = request.app.state
    waiting = state.get("read_waiters", 0)
    if waiting >= MAX_READ_WAITERS:
        raise ReadWaitersFull(f"{waiting} requests already wait for the read models")
    state["read_waiters"] = waiting + 1
    try:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + rt.settings.read_wait_seconds
        delay = _POLL_SECONDS[0]
        while True:
            # A short read of the stored positions in a thread; the waiting is in the loop.
            reached, stopped = await anyio.to_thread.run_sync(engine.standing, names)
            if reached >= min_position:
                return
            if stopped is not None:
                raise ReadModelStopped(stopped, min_position, reached)
            left = deadline - loop.time()
            if left <= 0:
                raise ReadModelLagging(min_position, reached)
            engine.wake()
            await asyncio.sleep(min(delay, left))
            delay = min(delay * 2, _POLL_SECONDS[1])
    finally:
        state["read_waiters"] -= 1


@contextmanager
def reading(request: Request[Any, Any, Any]) -> Iterator[Connection]:
    """A read-only connection to the read database (a snapshot on SQLite: waits for no writer).

    Its statements have a time limit (settings.read_statement_timeout: PostgreSQL's
    statement_timeout, SQLite's progress handler), so one heavy read cannot hold a connection
    and starve the rest: past it, 503 read-timeout with Retry-After.
    """
    rt = runtime_of(request)
    seconds = rt.settings.read_statement_timeout
    with rt.read_engine.connect().execution_options(read_only=True) as conn:
        raw = None
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SET LOCAL statement_timeout = {max(1, int(seconds * 1000))}")
        elif conn.dialect.name == "sqlite":
            raw = conn.connection.driver_connection
            deadline = time.monotonic() + seconds
            raw.set_progress_handler(lambda: time.monotonic() > deadline, 10_000)
        try:
            yield conn
        except OperationalError as e:
            if _cancelled(e.orig):
                raise ReadTimedOut("the read took too long; narrow it or try again") from None
            raise
        finally:
            if raw is not None:
                raw.set_progress_handler(None, 0)


def _cancelled(error: BaseException | None) -> bool:
    """Whether the database stopped a statement for running past its time limit."""
    if isinstance(error, psycopg.errors.QueryCanceled):
        return True
    return isinstance(error, sqlite3.OperationalError) and str(error) == "interrupted"


@contextmanager
def cursor_errors() -> Iterator[None]:
    """A cursor this service did not make is a bad query (400)."""
    try:
        yield
    except BadCursor as e:
        raise ValidationException(
            f"cursor: {e}", extra=[{"key": "cursor", "message": str(e)}]
        ) from None


def _days_to_expiry(row: dict[str, Any], today: date) -> int | None:
    if row["expires_on"] is None or not row["in_force"]:
        return None
    return (row["expires_on"] - today).days


# -- partners ----------------------------------------------------------------------------------


class PartnerItem(msgspec.Struct):
    """A partner in a list."""

    id: UUID
    name: str
    name_uk: str | None
    country: str
    kind: str
    relationship: str
    since: int | None
    status: str
    agreements: int
    decided_on: date | None
    decision_ref: str | None
    version: int
    position: int


class PartnerPage(msgspec.Struct):
    """A page of partners."""

    items: list[PartnerItem]
    next_cursor: str | None


class PartnerStats(msgspec.Struct):
    """Counts of partners by country, relationship and status."""

    total: int
    by_country: dict[str, int]
    by_relationship: dict[str, int]
    by_status: dict[str, int]


@dataclass(frozen=True)
class PartnerQuery:
    """GET /partners query parameters."""

    filter: PartnerFilter
    limit: int
    cursor: str | None
    min_position: int | None


def partner_query(
    country: Country = None,
    relationship: Relationship | None = None,
    status: PartnerStatus | None = None,
    kind: PartnerKind | None = None,
    q: Search = None,
    limit: Limit = 50,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> PartnerQuery:
    """Parse GET /partners query parameters."""
    return PartnerQuery(
        PartnerFilter(
            country=country,
            relationship=relationship,
            status=status,
            kind=kind,
            q=q,
        ),
        limit,
        cursor,
        min_position,
    )


PARTNER_QUERY = {"filters": Provide(partner_query, sync_to_thread=False)}


def partner_page(request: Request[Any, Any, Any], query: PartnerQuery) -> PartnerPage:
    """A page of the partners read model."""
    await_position(request, query.min_position, "partners")
    with reading(request) as conn, cursor_errors():
        page = list_partners(conn, query.filter, query.limit, query.cursor)
    return PartnerPage([_partner_item(r) for r in page.items], page.next_cursor)


def _partner_item(r: dict[str, Any]) -> PartnerItem:
    return PartnerItem(
        id=r["id"],
        name=r["name"],
        name_uk=r["name_uk"],
        country=r["country"],
        kind=r["kind"],
        relationship=r["relationship"],
        since=r["since"],
        status=r["status"],
        agreements=r["agreements"],
        decided_on=r["decided_on"],
        decision_ref=r["decision_ref"],
        version=r["version"],
        position=r["position"],
    )


# -- agreements --------------------------------------------------------------------------------


class AgreementItem(msgspec.Struct):
    """An agreement in a list."""

    id: UUID
    reference: str
    kind: str
    title: str
    status: str
    # As of today (the app clock): false past `expires_on` even before the expiry is recorded.
    in_force: bool
    lapsed_on: date | None
    partner_ids: list[UUID]
    countries: list[str]
    owner: str | None
    auto_renew: bool
    signed_on: date | None
    effective_from: date | None
    expires_on: date | None
    days_to_expiry: int | None
    notice_deadline_on: date | None
    renewals: int
    renewed_on: date | None
    ended_on: date | None
    superseded_by: UUID | None
    version: int
    position: int


class AgreementPage(msgspec.Struct):
    """A page of agreements."""

    items: list[AgreementItem]
    next_cursor: str | None


@dataclass(frozen=True)
class AgreementQuery:
    """GET /agreements query parameters."""

    filter: AgreementFilter
    limit: int
    cursor: str | None
    min_position: int | None


def agreement_query(
    status: AgreementStatus | None = None,
    kind: AgreementKind | None = None,
    partner_id: UUID | None = None,
    country: Country = None,
    in_force: bool | None = None,
    owner: Annotated[str | None, Parameter(max_length=200)] = None,
    q: Search = None,
    limit: Limit = 50,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> AgreementQuery:
    """Parse GET /agreements query parameters."""
    return AgreementQuery(
        AgreementFilter(
            status=status,
            kind=kind,
            partner_id=partner_id,
            country=country,
            in_force=in_force,
            owner=owner,
            q=q,
        ),
        limit,
        cursor,
        min_position,
    )


AGREEMENT_QUERY = {"filters": Provide(agreement_query, sync_to_thread=False)}


def agreement_page(request: Request[Any, Any, Any], query: AgreementQuery) -> AgreementPage:
    """A page of the agreements read model, newest first."""
    await_position(request, query.min_position, "agreements")
    today = runtime_of(request).clock.today()
    # `in_force=true|false` is judged as of today, like the items (DOMAIN.md §7).
    where = replace(query.filter, as_of=today)
    with reading(request) as conn, cursor_errors():
        page = list_agreements(conn, where, query.limit, query.cursor)
    calendar = calendar_of(runtime_of(request).app)
    items = [_agreement_item(r, today, calendar) for r in page.items]
    return AgreementPage(items, page.next_cursor)


def _notice_on(r: dict[str, Any], calendar: Calendar) -> date | None:
    """The notice deadline with today's calendar, overrides included (Art. 254(5))."""
    return notice_deadline(r["expires_on"], r["notice_period_days"], calendar)


def _agreement_item(r: dict[str, Any], today: date, calendar: Calendar) -> AgreementItem:
    return AgreementItem(
        id=r["id"],
        reference=r["reference"],
        kind=r["kind"],
        title=r["title"],
        status=r["status"],
        in_force=in_force_on(r, today),
        lapsed_on=lapsed_on(r, today),
        partner_ids=[UUID(p) for p in r["partner_ids"]],
        countries=list(r["countries"]),
        owner=r["owner"],
        auto_renew=r["auto_renew"],
        signed_on=r["signed_on"],
        effective_from=r["effective_from"],
        expires_on=r["expires_on"],
        days_to_expiry=_days_to_expiry(r, today),
        notice_deadline_on=_notice_on(r, calendar),
        renewals=r["renewals"],
        renewed_on=r["renewed_on"],
        ended_on=r["ended_on"],
        superseded_by=r["superseded_by"],
        version=r["version"],
        position=r["position"],
    )


# -- renewals and deadlines --------------------------------------------------------------------


class RenewalItem(msgspec.Struct):
    """An agreement in force whose expiry falls within the window."""

    id: UUID
    reference: str
    kind: str
    title: str
    status: str
    in_force: bool
    lapsed_on: date | None
    partner_ids: list[UUID]
    countries: list[str]
    owner: str | None
    auto_renew: bool
    expires_on: date
    days_to_expiry: int
    window_days: int | None
    reminder_windows_days: list[int]
    notice_deadline_on: date | None
    renewals: int
    version: int
    position: int


class RenewalPage(msgspec.Struct):
    """A page of renewals due, soonest expiry first."""

    items: list[RenewalItem]
    next_cursor: str | None


class DeadlineItem(msgspec.Struct):
    """One open obligation of a case."""

    case_type: str
    case_id: UUID
    reference: str
    title: str | None
    kind: str
    due_on: date
    due_at: datetime | None
    days_left: int
    overdue: bool
    owner: str | None
    case_status: str
    version: int
    position: int


class DeadlinePage(msgspec.Struct):
    """A page of open obligations, soonest first."""

    items: list[DeadlineItem]
    next_cursor: str | None


def _renewal_item(r: dict[str, Any], as_of: date, calendar: Calendar) -> RenewalItem:
    days = (r["expires_on"] - as_of).days
    windows = [int(w) for w in r["reminder_windows_days"]]
    return RenewalItem(
        id=r["id"],
        reference=r["reference"],
        kind=r["kind"],
        title=r["title"],
        status=r["status"],
        in_force=in_force_on(r, as_of),
        lapsed_on=lapsed_on(r, as_of),
        partner_ids=[UUID(p) for p in r["partner_ids"]],
        countries=list(r["countries"]),
        owner=r["owner"],
        auto_renew=r["auto_renew"],
        expires_on=r["expires_on"],
        days_to_expiry=days,
        window_days=renewal_window(days, windows),
        reminder_windows_days=windows,
        notice_deadline_on=_notice_on(r, calendar),
        renewals=r["renewals"],
        version=r["version"],
        position=r["position"],
    )


def _deadline_item(r: dict[str, Any], as_of: date) -> DeadlineItem:
    due_at = r["due_at"]
    if due_at is not None and due_at.tzinfo is None:
        due_at = due_at.replace(tzinfo=UTC)  # SQLite keeps UTC without its offset
    return DeadlineItem(
        case_type=r["case_type"],
        case_id=r["case_id"],
        reference=r["reference"],
        title=r["title"],
        kind=r["kind"],
        due_on=r["due_on"],
        due_at=due_at,
        days_left=(r["due_on"] - as_of).days,
        overdue=r["due_on"] < as_of,
        owner=r["owner"],
        case_status=r["case_status"],
        version=r["version"],
        position=r["position"],
    )


class ReadModelController(Controller):
    """Reads that span cases: renewals, deadlines, partner counts."""

    path = "/"
    tags = ["read models"]

    @get(
        "/partners/stats",
        guards=[can_read],
        sync_to_thread=True,
        tags=["partners"],
        before_request=waits_for("partners"),
    )
    def partner_stats(
        self,
        request: Request[Any, Any, Any],
        status: PartnerStatus | None = None,
        min_position: MinPosition = None,
    ) -> PartnerStats:
        """How many partners, by country, relationship and status."""
        await_position(request, min_position, "partners")
        with reading(request) as conn:
            stats = partner_stats(conn, PartnerFilter(status=status))
        return PartnerStats(**stats)

    @get(
        "/renewals",
        guards=[can_read],
        sync_to_thread=True,
        tags=["agreements"],
        before_request=waits_for("agreements"),
    )
    def renewals(
        self,
        request: Request[Any, Any, Any],
        as_of: date | None = None,
        within_days: Annotated[int, Parameter(ge=1, le=3650)] = 90,
        limit: Limit = 50,
        cursor: Cursor = None,
        min_position: MinPosition = None,
    ) -> RenewalPage:
        """Agreements in force expiring within the window (and any past expiry), soonest first."""
        await_position(request, min_position, "agreements")
        day = as_of or runtime_of(request).clock.today()
        with reading(request) as conn, cursor_errors():
            page = renewals_due(conn, day, within_days, limit, cursor)
        calendar = calendar_of(runtime_of(request).app)
        return RenewalPage([_renewal_item(r, day, calendar) for r in page.items], page.next_cursor)

    @get(
        "/deadlines",
        guards=[can_read],
        sync_to_thread=True,
        before_request=waits_for("deadlines"),
    )
    def deadlines(
        self,
        request: Request[Any, Any, Any],
        as_of: date | None = None,
        kind: Word = None,
        case_type: Word = None,
        owner: Annotated[str | None, Parameter(max_length=200)] = None,
        overdue: bool | None = None,
        limit: Limit = 50,
        cursor: Cursor = None,
        min_position: MinPosition = None,
    ) -> DeadlinePage:
        """Every open obligation with its due date, soonest first (overdue ones included)."""
        await_position(request, min_position, "deadlines")
        day = as_of or runtime_of(request).clock.today()
        f = DeadlineFilter(as_of=day, kind=kind, case_type=case_type, owner=owner, overdue=overdue)
        with reading(request) as conn, cursor_errors():
            page = list_deadlines(conn, f, limit, cursor)
        return DeadlinePage([_deadline_item(r, day) for r in page.items], page.next_cursor)
