"""The queries of read model `foi_requests`: the filtered list and the figures of a period."""

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, false, select, true, tuple_

from domain.foi_request import FoiStatus
from projections.foi_requests import OPEN_VALUES, F, foi_requests
from projections.paging import Page, as_date, as_int, decode_cursor, page_of
from projections.text import fold


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
