"""Read model `projects`: joint projects with their funder, budget, status and milestones."""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Date,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    Uuid,
    select,
    tuple_,
)

from domain.project import Project
from projections.case_links import linked_to, links_for
from projections.paging import Page, as_date, as_int, decode_cursor, page_of
from projections.runtime.projection import Projection, handles
from projections.runtime.rows import Rows
from projections.schema import metadata
from projections.text import fold

projects = Table(
    "projects",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("reference", String(40), nullable=False),
    Column("title", Text, nullable=False),
    Column("status", String(20), nullable=False),
    Column("funder_name", Text, nullable=True),
    Column("funder_type", String(30), nullable=True),
    Column("funder_country", String(2), nullable=True),
    Column("amount", Numeric(18, 4), nullable=True),
    Column("currency", String(3), nullable=True),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("closed_on", Date, nullable=True),
    Column("milestones", Integer, nullable=False),
    Column("milestones_open", Integer, nullable=False),
    Column("officer", Text, nullable=True),
    Column("illustrative", Boolean, nullable=False),
    Column("search", Text, nullable=False),
    Column("created_position", BigInteger, nullable=False),
    Column("version", Integer, nullable=False),
    Column("position", BigInteger, nullable=False),
    Index("ix_projects_starts", "starts_on", "created_position"),
    Index("ix_projects_status", "status", "starts_on"),
)
P = projects.c


class ProjectsProjection(Projection):
    """Folds project events into `projects` (links: `case_links`)."""

    name = "projects"
    version = 1
    tables = (projects,)
    prefetch_by_originator = (projects,)

    def _change(self, rows: Rows, e: Any, position: int, **values: Any) -> None:
        if rows.get(projects, e.originator_id) is None:
            return
        rows.update(
            projects, e.originator_id, version=e.originator_version, position=position, **values
        )

    @handles(Project.Planned)
    def project_planned(self, rows: Rows, e: Project.Planned, position: int) -> None:
        """A new project."""
        funder, budget = e.funder, e.budget
        rows.put(
            projects,
            {
                "id": e.originator_id,
                "reference": e.reference,
                "title": e.title,
                "status": "planned",
                "funder_name": funder.name if funder else None,
                "funder_type": str(funder.type) if funder else None,
                "funder_country": funder.country if funder else None,
                "amount": budget.amount if budget else None,
                "currency": budget.currency if budget else None,
                "starts_on": e.starts_on,
                "ends_on": e.ends_on,
                "closed_on": None,
                "milestones": len(e.milestones),
                "milestones_open": len(e.milestones),
                "officer": e.officer,
                "illustrative": e.illustrative,
                "search": fold(e.reference, e.title, funder.name if funder else None, e.officer),
                "created_position": position,
                "version": e.originator_version,
                "position": position,
            },
        )

    @handles(Project.Started)
    def project_started(self, rows: Rows, e: Project.Started, position: int) -> None:
        """Active."""
        self._change(rows, e, position, status="active")

    @handles(Project.Completed, Project.Cancelled)
    def project_closed(
        self, rows: Rows, e: Project.Completed | Project.Cancelled, position: int
    ) -> None:
        """Completed or cancelled."""
        done = isinstance(e, Project.Completed)
        closed_on = e.completed_on if isinstance(e, Project.Completed) else e.cancelled_on
        status = "completed" if done else "cancelled"
        self._change(rows, e, position, status=status, closed_on=closed_on)

    @handles(Project.MilestoneAdded)
    def milestone_added(self, rows: Rows, e: Project.MilestoneAdded, position: int) -> None:
        """One more milestone."""
        row = rows.get(projects, e.originator_id) or {}
        self._change(
            rows,
            e,
            position,
            milestones=row.get("milestones", 0) + 1,
            milestones_open=row.get("milestones_open", 0) + 1,
        )

    @handles(Project.MilestoneReached)
    def milestone_reached(self, rows: Rows, e: Project.MilestoneReached, position: int) -> None:
        """One milestone fewer to reach."""
        row = rows.get(projects, e.originator_id) or {}
        self._change(rows, e, position, milestones_open=row.get("milestones_open", 1) - 1)

    @handles(Project.Linked, Project.ReminderIssued)
    def project_touched(
        self, rows: Rows, e: Project.Linked | Project.ReminderIssued, position: int
    ) -> None:
        """Only the version moves here (links: see `case_links`)."""
        self._change(rows, e, position)


# -- queries -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectFilter:
    """What GET /projects may ask for."""

    status: str | None = None
    funder_type: str | None = None
    currency: str | None = None
    linked_id: UUID | None = None
    active_on: date | None = None
    illustrative: bool | None = None
    q: str | None = None


def _where(f: ProjectFilter) -> list[Any]:
    where: list[Any] = []
    for column, value in (
        (P.status, f.status),
        (P.funder_type, f.funder_type),
        (P.currency, f.currency.upper() if f.currency else None),
        (P.illustrative, f.illustrative),
    ):
        if value is not None:
            where.append(column == value)
    if f.linked_id is not None:
        where.append(P.id.in_(linked_to("project", f.linked_id)))
    if f.active_on is not None:
        where += [P.starts_on <= f.active_on, P.ends_on >= f.active_on]
    if f.q and fold(f.q):
        where.append(P.search.contains(fold(f.q), autoescape=True))
    return where


def list_projects(
    conn: Connection, f: ProjectFilter, limit: int, cursor: str | None = None
) -> Page:
    """Projects, latest start first, a page at a time."""
    query = select(projects).where(*_where(f))
    after = decode_cursor(cursor, 2)
    if after is not None:
        key = (as_date(after[0]), as_int(after[1]))
        query = query.where(tuple_(P.starts_on, P.created_position) < key)
    query = query.order_by(P.starts_on.desc(), P.created_position.desc()).limit(limit + 1)
    rows = [dict(r) for r in conn.execute(query).mappings()]
    links = links_for(conn, [r["id"] for r in rows])
    for r in rows:
        r["links"] = links[r["id"]]
    return page_of(rows, limit, lambda r: [r["starts_on"].isoformat(), r["created_position"]])


MAX_ROWS = 1000


def projects_running(conn: Connection, start: date, end: date) -> list[dict[str, Any]]:
    """Projects running at some time from `start` to `end` (at most MAX_ROWS + 1)."""
    query = (
        select(
            P.id,
            P.reference,
            P.title,
            P.status,
            P.funder_name,
            P.amount,
            P.currency,
            P.starts_on,
            P.ends_on,
            P.illustrative,
        )
        .where(P.starts_on <= end, P.ends_on >= start, P.status != "cancelled")
        .order_by(P.starts_on, P.created_position)
        .limit(MAX_ROWS + 1)
    )
    rows = [dict(r) for r in conn.execute(query).mappings()]
    links = links_for(conn, [r["id"] for r in rows])
    for r in rows:
        r["partner_ids"] = links[r["id"]].get("partner_ids", [])
    return rows


def project_stats(conn: Connection, start: date, end: date) -> dict[str, Any]:
    """Projects running at some time from `start` to `end`: by status, funder type, currency."""
    query = select(P.status, P.funder_type, P.amount, P.currency, P.illustrative).where(
        P.starts_on <= end, P.ends_on >= start, P.status != "cancelled"
    )
    found = conn.execute(query).all()
    amounts: Counter[str] = Counter()
    for r in found:
        if r.amount is not None and r.currency:
            amounts[r.currency] += r.amount
    return {
        "from": start,
        "to": end,
        "running": len(found),
        "illustrative": sum(1 for r in found if r.illustrative),
        "by_status": dict(sorted(Counter(r.status for r in found).items())),
        "by_funder_type": dict(sorted(Counter(r.funder_type or "none" for r in found).items())),
        "amounts_by_currency": {k: str(v) for k, v in sorted(amounts.items())},
    }
