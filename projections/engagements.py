"""Read model `engagements`: meetings, visits and events, with links, filters, search, counts."""

from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    Index,
    Integer,
    String,
    Table,
    Text,
    Uuid,
)

from domain.engagement import Engagement
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
