"""Read model `engagements`: meetings, visits and events, with links, filters, search, counts."""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Connection,
    Date,
    Index,
    Integer,
    String,
    Table,
    Text,
    Uuid,
    select,
    tuple_,
)

from domain.engagement import Engagement
from projections.case_links import linked_to, links_for
from projections.paging import Page, as_date, as_int, decode_cursor, page_of
from projections.runtime.projection import Projection, handles
from projections.runtime.rows import Rows
from projections.schema import metadata
from projections.text import fold

engagements = Table(
    "engagements",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("reference", String(40), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("format", String(20), nullable=True),
    Column("status", String(20), nullable=False),
    Column("title", Text, nullable=False),
    Column("planned_on", Date, nullable=False),
    Column("held_on", Date, nullable=True),
    Column("day", Date, nullable=False),
    Column("place", Text, nullable=True),
    Column("counterpart_type", String(30), nullable=False),
    Column("counterpart_name", Text, nullable=False),
    Column("country", String(2), nullable=True),
    Column("topics", JSON, nullable=False),
    Column("outcome", Text, nullable=True),
    Column("decisions", Integer, nullable=False),
    Column("participants", Integer, nullable=False),
    Column("follow_ups", Integer, nullable=False),
    Column("follow_ups_open", Integer, nullable=False),
    Column("officer", Text, nullable=True),
    Column("illustrative", Boolean, nullable=False),
    Column("search", Text, nullable=False),
    Column("created_position", BigInteger, nullable=False),
    Column("version", Integer, nullable=False),
    Column("position", BigInteger, nullable=False),
    Index("ix_engagements_day", "day", "created_position"),
    Index("ix_engagements_status", "status", "day"),
    Index("ix_engagements_country", "country", "day"),
)
E = engagements.c


def _search(row: dict[str, Any]) -> str:
    return fold(
        row["reference"],
        row["title"],
        row["place"],
        row["counterpart_name"],
        " ".join(row["topics"]),
        row["officer"],
    )


class EngagementsProjection(Projection):
    """Folds engagement events into `engagements`."""

    name = "engagements"
    version = 1
    tables = (engagements,)
    prefetch_by_originator = (engagements,)

    def _change(self, rows: Rows, e: Any, position: int, **values: Any) -> None:
        row = rows.get(engagements, e.originator_id)
        if row is None:
            return
        row = {**row, **values, "version": e.originator_version, "position": position}
        row["search"] = _search(row)
        rows.put(engagements, row)

    @handles(Engagement.Planned)
    def engagement_planned(self, rows: Rows, e: Engagement.Planned, position: int) -> None:
        """A new engagement."""
        row: dict[str, Any] = {
            "id": e.originator_id,
            "reference": e.reference,
            "kind": str(e.kind),
            "format": str(e.format) if e.format else None,
            "status": "planned",
            "title": e.title,
            "planned_on": e.planned_on,
            "held_on": None,
            "day": e.planned_on,
            "place": e.place,
            "counterpart_type": str(e.counterpart.type),
            "counterpart_name": e.counterpart.name,
            "country": e.counterpart.country,
            "topics": [],
            "outcome": None,
            "decisions": 0,
            "participants": 0,
            "follow_ups": 0,
            "follow_ups_open": 0,
            "officer": e.officer,
            "illustrative": e.illustrative,
            "created_position": position,
            "version": e.originator_version,
            "position": position,
        }
        row["search"] = _search(row)
        rows.put(engagements, row)

    @handles(Engagement.Postponed)
    def engagement_postponed(self, rows: Rows, e: Engagement.Postponed, position: int) -> None:
        """Put off (to a day, or to one not known yet)."""
        row = rows.get(engagements, e.originator_id) or {}
        day = e.to_on or row.get("day")
        self._change(rows, e, position, status="postponed", day=day)

    @handles(Engagement.Cancelled)
    def engagement_cancelled(self, rows: Rows, e: Engagement.Cancelled, position: int) -> None:
        """It will not take place."""
        self._change(rows, e, position, status="cancelled")

    @handles(Engagement.Held)
    def engagement_held(self, rows: Rows, e: Engagement.Held, position: int) -> None:
        """It took place: its record."""
        self._change(
            rows,
            e,
            position,
            status="held",
            held_on=e.held_on,
            day=e.held_on,
            place=e.place,
            counterpart_type=str(e.counterpart.type),
            counterpart_name=e.counterpart.name,
            country=e.counterpart.country,
            topics=list(e.topics),
            outcome=e.outcome,
            decisions=len(e.decisions),
            participants=sum(p.count for p in e.participants),
            follow_ups=len(e.follow_ups),
            follow_ups_open=len(e.follow_ups),
        )

    @handles(Engagement.Linked)
    def engagement_linked(self, rows: Rows, e: Engagement.Linked, position: int) -> None:
        """More links (in `case_links`)."""
        self._change(rows, e, position)

    @handles(Engagement.FollowUpAdded)
    def follow_up_added(self, rows: Rows, e: Engagement.FollowUpAdded, position: int) -> None:
        """One more follow-up to do."""
        row = rows.get(engagements, e.originator_id) or {}
        self._change(
            rows,
            e,
            position,
            follow_ups=row.get("follow_ups", 0) + 1,
            follow_ups_open=row.get("follow_ups_open", 0) + 1,
        )

    @handles(Engagement.FollowUpDone)
    def follow_up_done(self, rows: Rows, e: Engagement.FollowUpDone, position: int) -> None:
        """One follow-up fewer to do."""
        row = rows.get(engagements, e.originator_id) or {}
        self._change(rows, e, position, follow_ups_open=row.get("follow_ups_open", 1) - 1)

    @handles(Engagement.ReminderIssued)
    def reminded(self, rows: Rows, e: Engagement.ReminderIssued, position: int) -> None:
        """A reminder changes nothing shown here but the version."""
        self._change(rows, e, position)


# -- queries -----------------------------------------------------------------------------------


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
