"""Queries of the engagements read model: GET /engagements, its stats, the annual report's rows."""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Connection,
    select,
    tuple_,
)

from projections.case_links import linked_to, links_for
from projections.engagements import E, engagements
from projections.paging import Page, as_date, as_int, decode_cursor, page_of
from projections.text import fold


@dataclass(frozen=True)
class EngagementFilter:
    """What GET /engagements may ask for."""

    kind: str | None = None
    format: str | None = None
    status: str | None = None
    counterpart_type: str | None = None
    country: str | None = None
    linked_id: UUID | None = None
    day_from: date | None = None
    day_to: date | None = None
    illustrative: bool | None = None
    q: str | None = None


def _where(f: EngagementFilter) -> list[Any]:
    where: list[Any] = []
    for column, value in (
        (E.kind, f.kind),
        (E.format, f.format),
        (E.status, f.status),
        (E.counterpart_type, f.counterpart_type),
        (E.country, f.country.upper() if f.country else None),
        (E.illustrative, f.illustrative),
    ):
        if value is not None:
            where.append(column == value)
    if f.linked_id is not None:
        where.append(E.id.in_(linked_to("engagement", f.linked_id)))
    if f.day_from is not None:
        where.append(E.day >= f.day_from)
    if f.day_to is not None:
        where.append(E.day <= f.day_to)
    if f.q and fold(f.q):
        where.append(E.search.contains(fold(f.q), autoescape=True))
    return where


def list_engagements(
    conn: Connection, f: EngagementFilter, limit: int, cursor: str | None = None
) -> Page:
    """Engagements, latest day first, a page at a time."""
    query = select(engagements).where(*_where(f))
    after = decode_cursor(cursor, 2)
    if after is not None:
        key = (as_date(after[0]), as_int(after[1]))
        query = query.where(tuple_(E.day, E.created_position) < key)
    query = query.order_by(E.day.desc(), E.created_position.desc()).limit(limit + 1)
    rows = [dict(r) for r in conn.execute(query).mappings()]
    links = links_for(conn, [r["id"] for r in rows])
    for r in rows:
        r["links"] = links[r["id"]]
    return page_of(rows, limit, lambda r: [r["day"].isoformat(), r["created_position"]])


def engagement_stats(conn: Connection, start: date, end: date) -> dict[str, Any]:
    """Engagements held from `start` to `end`: by kind, format, counterpart type and country."""
    query = select(E.kind, E.format, E.counterpart_type, E.country, E.illustrative).where(
        E.status == "held", E.held_on >= start, E.held_on <= end
    )
    found = conn.execute(query).all()
    meetings = [r for r in found if r.kind == "meeting"]
    return {
        "from": start,
        "to": end,
        "held": len(found),
        "illustrative": sum(1 for r in found if r.illustrative),
        "by_kind": _counts(r.kind for r in found),
        "meetings_by_counterpart_type": _counts(r.counterpart_type for r in meetings),
        "meetings_by_counterpart_type_illustrative": _counts(
            r.counterpart_type for r in meetings if r.illustrative
        ),
        "meetings_by_country": _counts(r.country or "—" for r in meetings),
        "by_counterpart_type": _counts(r.counterpart_type for r in found),
        "by_country": _counts(r.country or "—" for r in found),
        "events_by_format": _counts(r.format for r in found if r.kind.startswith("event")),
        "visits_by_direction": _counts(r.kind for r in found if r.kind.startswith("visit")),
        "visits_by_format": _counts(
            f"{r.kind}:{r.format or 'other'}" for r in found if r.kind.startswith("visit")
        ),
    }


MAX_ROWS = 1000  # rows of one year in the annual report (bounded; `truncated` beyond)


def engagements_held(conn: Connection, start: date, end: date) -> list[dict[str, Any]]:
    """Engagements held from `start` to `end`, oldest first (at most MAX_ROWS + 1)."""
    query = (
        select(
            E.id,
            E.reference,
            E.kind,
            E.format,
            E.title,
            E.held_on,
            E.place,
            E.counterpart_type,
            E.counterpart_name,
            E.country,
            E.illustrative,
        )
        .where(E.status == "held", E.held_on >= start, E.held_on <= end)
        .order_by(E.held_on, E.created_position)
        .limit(MAX_ROWS + 1)
    )
    return [dict(r) for r in conn.execute(query).mappings()]


def _counts(values: Any) -> dict[str, int]:
    return dict(sorted(Counter(str(v) for v in values if v is not None).items()))
