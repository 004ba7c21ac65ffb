"""Read model `foi_requests`: the list of FOI requests with their deadlines, and the statistics.

The list never holds the requester's contact details (e-mail, phone, postal address): only the
name and kind. Deadlines follow domain.foi_deadlines with the working-day calendar as the
projection has seen it; an override of a day recomputes every request whose figures span it.
"""

import statistics
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Index,
    Integer,
    String,
    Table,
    Text,
    Uuid,
    false,
    select,
    true,
    tuple_,
)

from domain import foi_deadlines as deadlines
from domain.calendar import Calendar
from domain.foi_request import OPEN, FoiRequest, FoiStatus
from projections.paging import Page, as_date, as_int, decode_cursor, page_of
from projections.runtime.projection import Projection, handles
from projections.runtime.rows import Rows
from projections.schema import metadata
from projections.text import fold
from projections.working_days import (
    OVERRIDE_EVENTS,
    OverrideEvent,
    calendar_in,
    overrides_table,
    record_override,
)

foi_requests = Table(
    "foi_requests",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("reference", String(40), nullable=False),
    Column("status", String(20), nullable=False),
    Column("open", Boolean, nullable=False),
    Column("outcome", String(20), nullable=True),
    Column("refusal_grounds", JSON, nullable=False),
    Column("channel", String(20), nullable=False),
    Column("answer_channel", String(20), nullable=True),
    Column("requester_name", Text, nullable=False),
    Column("requester_kind", String(20), nullable=False),
    Column("subject", Text, nullable=False),
    Column("officer", Text, nullable=True),
    Column("urgent", Boolean, nullable=False),
    Column("received_on", Date, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=True),
    Column("urgent_due_at", DateTime(timezone=True), nullable=True),
    Column("urgent_due_on", Date, nullable=True),
    Column("extended", Boolean, nullable=False),
    Column("deferred_to", Date, nullable=True),
    Column("due_on", Date, nullable=False),
    Column("extension_notice_due_on", Date, nullable=False),
    Column("answered_on", Date, nullable=True),
    Column("answered_at", DateTime(timezone=True), nullable=True),
    Column("late", Boolean, nullable=True),
    Column("working_days_late", Integer, nullable=True),
    Column("working_days_taken", Integer, nullable=True),
    Column("outgoing_number", Text, nullable=True),
    Column("clarifications", Integer, nullable=False),
    Column("transferred_on", Date, nullable=True),
    Column("to_holder", Text, nullable=True),
    Column("withdrawn_on", Date, nullable=True),
    Column("calendar_until", Date, nullable=False),
    Column("search", Text, nullable=False),
    Column("created_position", BigInteger, nullable=False),
    Column("version", Integer, nullable=False),
    Column("position", BigInteger, nullable=False),
    Index("ix_foi_requests_received", "received_on", "created_position"),
    Index("ix_foi_requests_status", "status", "received_on", "created_position"),
    Index("ix_foi_requests_officer", "officer", "received_on", "created_position"),
    Index("ix_foi_requests_due", "open", "due_on"),
    Index("ix_foi_requests_calendar", "calendar_until", "received_on"),
)
"""One row per request: its facts without contact details, and its deadlines."""

foi_calendar = overrides_table("foi_calendar")
"""The working-day overrides this projection has seen."""

F = foi_requests.c
OPEN_VALUES = frozenset(str(s) for s in OPEN)


def utc(moment: datetime | None) -> datetime | None:
    """A moment in UTC (SQLite hands back UTC moments without their offset)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def plain_urgent(urgent_due_on: date | None, extended: bool, deferred_to: date | None) -> bool:
    """Whether the 48 hours apply: urgent, and no extension or deferral has replaced them."""
    return urgent_due_on is not None and not extended and deferred_to is None


def answer_due(
    received_on: date,
    calendar: Calendar,
    *,
    extended: bool,
    deferred_to: date | None,
    urgent_due_on: date | None,
) -> date:
    """The day the answer is due (as FoiRequest.due_on, with the 48 hours' day precomputed).

    The day the 48 hours end is worked out once, at registration, in the zone the request was
    received in: the calendar never moves it, and a database keeps no zone with a moment.
    """
    if urgent_due_on is not None and plain_urgent(urgent_due_on, extended, deferred_to):
        return urgent_due_on
    return deadlines.due_on(received_on, calendar, extended=extended, deferred_to=deferred_to)


def derived(row: Mapping[str, Any], calendar: Calendar) -> dict[str, Any]:
    """The figures that follow from a request's facts and the calendar (as FoiRequest's)."""
    received_on = row["received_on"]
    urgent = plain_urgent(row["urgent_due_on"], row["extended"], row["deferred_to"])
    due = answer_due(
        received_on,
        calendar,
        extended=row["extended"],
        deferred_to=row["deferred_to"],
        urgent_due_on=row["urgent_due_on"],
    )
    notice = deadlines.extension_notice_due_on(received_on, calendar)
    out: dict[str, Any] = {
        "due_on": due,
        "extension_notice_due_on": notice,
        "late": None,
        "working_days_late": None,
        "working_days_taken": None,
    }
    answered_on = row["answered_on"]
    if answered_on is not None:
        out["late"] = deadlines.answered_late(
            due,
            answered_on,
            urgent_deadline=utc(row["urgent_due_at"]) if urgent else None,
            answered_at=utc(row["answered_at"]),
        )
        out["working_days_late"] = deadlines.working_days_late(due, answered_on, calendar)
        out["working_days_taken"] = calendar.working_days_between(received_on, answered_on)
    # The last day whose working status can change any of these figures.
    out["calendar_until"] = max(d for d in (due, notice, answered_on) if d is not None)
    return out


class FoiRequestsProjection(Projection):
    """Folds FOI request events (and calendar overrides) into `foi_requests`."""

    name = "foi_requests"
    # 2: answered requests keep the figures of their answer (DOMAIN.md §7); a rebuild restores
    # those a later override had rewritten.
    version = 2
    tables = (foi_requests, foi_calendar)
    prefetch_by_originator = (foi_requests,)

    def _set(self, rows: Rows, e: Any, position: int, **values: Any) -> None:
        row = rows.get(foi_requests, e.originator_id)
        if row is None:
            return
        # DOMAIN.md §7: the figures of a closed request were fixed when it closed; only an
        # open request (and the event closing it) has them worked out again.
        was_open = row["open"]
        row.update(values)
        if was_open:
            values.update(derived(row, calendar_in(rows, foi_calendar)))
        rows.update(
            foi_requests,
            e.originator_id,
            version=e.originator_version,
            position=position,
            **values,
        )

    @handles(FoiRequest.Registered)
    def registered(self, rows: Rows, e: FoiRequest.Registered, position: int) -> None:
        """A new request: the requester's name and kind only, never how to reach them."""
        urgent_due_at = None
        if e.urgent and e.received_at is not None:
            urgent_due_at = deadlines.urgent_due_at(e.received_at)
        row: dict[str, Any] = {
            "id": e.originator_id,
            "reference": e.reference,
            "status": FoiStatus.RECEIVED.value,
            "open": True,
            "refusal_grounds": [],
            "channel": str(e.channel),
            "requester_name": e.requester.name,
            "requester_kind": str(e.requester.kind),
            "subject": e.subject,
            "urgent": e.urgent,
            "received_on": e.received_on,
            "received_at": utc(e.received_at),
            "urgent_due_at": utc(urgent_due_at),
            # The day the 48 hours end, in the zone the request was received in.
            "urgent_due_on": urgent_due_at.date() if urgent_due_at else None,
            "extended": False,
            "deferred_to": None,
            "answered_on": None,
            "answered_at": None,
            "clarifications": 0,
            "search": fold(e.reference, e.subject, e.requester.name),
            "created_position": position,
            "version": e.originator_version,
            "position": position,
        }
        row.update(derived(row, calendar_in(rows, foi_calendar)))
        rows.put(foi_requests, row)

    @handles(FoiRequest.Assigned)
    def assigned(self, rows: Rows, e: FoiRequest.Assigned, position: int) -> None:
        """Given to an officer (a received request is now in progress)."""
        row = rows.get(foi_requests, e.originator_id) or {}
        status = (
            FoiStatus.IN_PROGRESS.value
            if row.get("status") == FoiStatus.RECEIVED
            else row.get("status")
        )
        self._set(rows, e, position, officer=e.officer, status=status)

    @handles(FoiRequest.ExtensionNoticeSent)
    def extended(self, rows: Rows, e: FoiRequest.ExtensionNoticeSent, position: int) -> None:
        """Extended to 20 working days."""
        self._set(rows, e, position, status=FoiRequest.status_after("extend"), extended=True)

    @handles(FoiRequest.Deferred)
    def deferred(self, rows: Rows, e: FoiRequest.Deferred, position: int) -> None:
        """Deferred for force majeure to a new date."""
        self._set(
            rows, e, position, status=FoiRequest.status_after("defer"), deferred_to=e.new_due_on
        )

    @handles(FoiRequest.ClarificationRecorded)
    def clarified(self, rows: Rows, e: FoiRequest.ClarificationRecorded, position: int) -> None:
        """One more clarification exchange (the deadlines stay)."""
        row = rows.get(foi_requests, e.originator_id) or {}
        self._set(rows, e, position, clarifications=(row.get("clarifications") or 0) + 1)

    @handles(FoiRequest.Transferred)
    def transferred(self, rows: Rows, e: FoiRequest.Transferred, position: int) -> None:
        """Sent on to the holder: closed for us."""
        self._set(
            rows,
            e,
            position,
            status=FoiRequest.status_after("transfer"),
            open=False,
            transferred_on=e.transferred_on,
            to_holder=e.to_holder,
        )

    @handles(FoiRequest.Answered)
    def answered(self, rows: Rows, e: FoiRequest.Answered, position: int) -> None:
        """Answered: outcome, grounds, and whether on time."""
        self._set(
            rows,
            e,
            position,
            status=FoiRequest.status_after("answer"),
            open=False,
            answered_on=e.answered_on,
            answered_at=utc(e.answered_at),
            outcome=str(e.outcome),
            refusal_grounds=[str(g) for g in e.refusal_grounds],
            outgoing_number=e.outgoing_number,
            answer_channel=str(e.channel),
        )
        if e.due_on is not None and e.late is not None and e.working_days_late is not None:
            # Lateness is a fact of the answer, recorded with the calendar in force then.
            rows.update(
                foi_requests,
                e.originator_id,
                due_on=e.due_on,
                late=e.late,
                working_days_late=e.working_days_late,
            )

    @handles(FoiRequest.PaymentRecorded)
    def paid(self, rows: Rows, e: FoiRequest.PaymentRecorded, position: int) -> None:
        """The copying fee was paid (nothing listed changes but the version)."""
        self._set(rows, e, position)

    @handles(FoiRequest.Withdrawn)
    def withdrawn(self, rows: Rows, e: FoiRequest.Withdrawn, position: int) -> None:
        """Withdrawn by the requester."""
        self._set(
            rows,
            e,
            position,
            status=FoiRequest.status_after("withdraw"),
            open=False,
            withdrawn_on=e.withdrawn_on,
        )

    @handles(*OVERRIDE_EVENTS)
    def calendar_changed(self, rows: Rows, e: OverrideEvent, position: int) -> None:
        """A day's working status changed: re-plan every open request whose figures span it."""
        calendar = record_override(rows, foi_calendar, e, position)
        t = rows.table(foi_requests)
        # DOMAIN.md §7: answered (and otherwise closed) requests keep their figures.
        query = select(t.c.id).where(
            t.c.open == true(), t.c.calendar_until >= e.day, t.c.received_on < e.day
        )
        ids = [(i,) for i in rows.conn.execute(query).scalars()]
        rows.prefetch(foi_requests, ids)
        for (request_id,) in ids:
            row = rows.get(foi_requests, request_id)
            if row is None:
                continue
            changed = {k: v for k, v in derived(row, calendar).items() if row[k] != v}
            if changed:
                rows.update(foi_requests, request_id, position=position, **changed)


# -- queries -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FoiFilter:
    """What GET /foi-requests may ask for (`overdue` is judged as of `as_of`)."""

    status: str | None = None
    outcome: str | None = None
    channel: str | None = None
    requester_kind: str | None = None
    officer: str | None = None
    received_from: date | None = None
    received_to: date | None = None
    overdue: bool | None = None
    as_of: date | None = None
    urgent: bool | None = None
    q: str | None = None


def _where(f: FoiFilter) -> list[Any]:
    where: list[Any] = []
    for column, value in (
        (F.status, f.status),
        (F.outcome, f.outcome),
        (F.channel, f.channel),
        (F.requester_kind, f.requester_kind),
        (F.officer, f.officer),
    ):
        if value:
            where.append(column == value)
    if f.received_from is not None:
        where.append(F.received_on >= f.received_from)
    if f.received_to is not None:
        where.append(F.received_on <= f.received_to)
    if f.urgent is not None:
        where.append(F.urgent == (true() if f.urgent else false()))
    if f.overdue is not None:
        if f.as_of is None:
            raise ValueError("overdue is judged as of a day: give as_of")
        as_of = f.as_of
        if f.overdue:
            where += [F.open == true(), F.due_on < as_of]
        else:
            where.append((F.open == false()) | (F.due_on >= as_of))
    if f.q and fold(f.q):
        where.append(F.search.contains(fold(f.q), autoescape=True))
    return where


def list_foi_requests(
    conn: Connection, f: FoiFilter, limit: int, cursor: str | None = None
) -> Page:
    """Requests, most recently received first, a page at a time."""
    query = select(foi_requests).where(*_where(f))
    after = decode_cursor(cursor, 2)
    if after is not None:
        key = (as_date(after[0]), as_int(after[1]))
        query = query.where(tuple_(F.received_on, F.created_position) < key)
    query = query.order_by(F.received_on.desc(), F.created_position.desc()).limit(limit + 1)
    rows = [dict(r) for r in conn.execute(query).mappings()]
    return page_of(rows, limit, lambda r: [r["received_on"].isoformat(), r["created_position"]])


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def foi_stats(conn: Connection, start: date, end: date) -> dict[str, Any]:
    """The year's figures for the public report: requests received from `start` to `end`.

    Every figure counts the requests received in the period (a cohort), whatever became of
    them later: one received on 25 December and answered in January counts as answered.
    """
    query = select(
        F.status,
        F.channel,
        F.requester_kind,
        F.outcome,
        F.refusal_grounds,
        F.late,
        F.working_days_taken,
    ).where(F.received_on >= start, F.received_on <= end)
    found = conn.execute(query).all()
    answered = [r for r in found if r.status == FoiStatus.ANSWERED]
    on_time = sum(1 for r in answered if r.late is False)
    taken = [r.working_days_taken for r in answered if r.working_days_taken is not None]
    grounds: Counter[str] = Counter(g for r in answered for g in (r.refusal_grounds or []))
    return {
        "from": start,
        "to": end,
        "received": len(found),
        "by_channel": _counts(r.channel for r in found),
        "by_requester_kind": _counts(r.requester_kind for r in found),
        "by_status": _counts(r.status for r in found),
        "open": sum(1 for r in found if r.status in OPEN_VALUES),
        "answered": len(answered),
        "answered_on_time": on_time,
        "answered_late": len(answered) - on_time,
        "on_time_share": _share(on_time, len(answered)),
        "by_outcome": _counts(r.outcome for r in answered),
        "by_refusal_ground": dict(sorted(grounds.items())),
        "transferred": sum(1 for r in found if r.status == FoiStatus.TRANSFERRED),
        "withdrawn": sum(1 for r in found if r.status == FoiStatus.WITHDRAWN),
        "median_working_days_to_answer": float(statistics.median(taken)) if taken else None,
    }


def _counts(values: Any) -> dict[str, int]:
    return dict(sorted(Counter(str(v) for v in values if v is not None).items()))
