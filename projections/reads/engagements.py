"""Reads of engagements, projects and partners as of a day (a mixin of the read front door)."""

from datetime import date
from decimal import Decimal
from uuid import UUID

import msgspec

from projections.partners_as_of import partners_as_of
from projections.projects import ProjectFilter, list_projects, project_stats, projects_running
from projections.reads.convert import struct_of
from projections.reads.door import ReadDoor
from projections.reads.engagement_queries import (
    MAX_ROWS,
    EngagementFilter,
    engagement_stats,
    engagements_held,
    list_engagements,
)
from projections.reads.listing import Listing


class LinkIds(msgspec.Struct, omit_defaults=True):
    """Linked cases by kind (only the kinds present)."""

    partner_ids: list[UUID] = []
    agreement_ids: list[UUID] = []
    project_ids: list[UUID] = []
    shipment_ids: list[UUID] = []
    engagement_ids: list[UUID] = []


class EngagementItem(msgspec.Struct):
    """An engagement in a list."""

    id: UUID
    reference: str
    kind: str
    format: str | None
    status: str
    title: str
    planned_on: date
    held_on: date | None
    day: date
    place: str | None
    counterpart_type: str
    counterpart_name: str
    country: str | None
    topics: list[str]
    outcome: str | None
    decisions: int
    participants: int
    follow_ups: int
    follow_ups_open: int
    officer: str | None
    illustrative: bool
    links: LinkIds
    version: int
    position: int


class EngagementPage(msgspec.Struct):
    """A page of engagements, latest first."""

    items: list[EngagementItem]
    next_cursor: str | None


class EngagementStats(msgspec.Struct):
    """Engagements held in a period (illustrative ones counted, and how many they are)."""

    from_: date = msgspec.field(name="from")
    to: date
    held: int
    illustrative: int
    by_kind: dict[str, int]
    meetings_by_counterpart_type: dict[str, int]
    meetings_by_counterpart_type_illustrative: dict[str, int]
    meetings_by_country: dict[str, int]
    by_counterpart_type: dict[str, int]
    by_country: dict[str, int]
    events_by_format: dict[str, int]
    visits_by_direction: dict[str, int]
    visits_by_format: dict[str, int]


class ProjectItem(msgspec.Struct):
    """A project in a list."""

    id: UUID
    reference: str
    title: str
    status: str
    funder_name: str | None
    funder_type: str | None
    funder_country: str | None
    amount: Decimal | None
    currency: str | None
    starts_on: date
    ends_on: date
    closed_on: date | None
    milestones: int
    milestones_open: int
    officer: str | None
    illustrative: bool
    links: LinkIds
    version: int
    position: int


class ProjectPage(msgspec.Struct):
    """A page of projects, latest start first."""

    items: list[ProjectItem]
    next_cursor: str | None


class ProjectStats(msgspec.Struct):
    """Projects running at some time in a period."""

    from_: date = msgspec.field(name="from")
    to: date
    running: int
    illustrative: int
    by_status: dict[str, int]
    by_funder_type: dict[str, int]
    amounts_by_currency: dict[str, str]


class PartnersAsOf(msgspec.Struct):
    """Partners whose tie was in force on a day, and the agreements in force then."""

    as_of: date
    relationship: str | None
    partners: int
    countries: int
    by_country: dict[str, int]
    by_relationship: dict[str, int]
    with_agreement_in_force: int
    agreements_in_force: int
    agreements_in_force_by_kind: dict[str, int]


class EngagementRow(msgspec.Struct):
    """An engagement held in the year (a row of the annual report)."""

    id: UUID
    reference: str
    kind: str
    format: str | None
    title: str
    held_on: date
    place: str | None
    counterpart_type: str
    counterpart_name: str
    country: str | None
    illustrative: bool


class EngagementYear(msgspec.Struct):
    """The year's meetings, visits and events: counts and rows (made-up rows flagged)."""

    counts: EngagementStats
    held: list[EngagementRow]
    truncated: bool


class ProjectRow(msgspec.Struct):
    """A project running in the year."""

    id: UUID
    reference: str
    title: str
    status: str
    funder_name: str | None
    amount: Decimal | None
    currency: str | None
    starts_on: date
    ends_on: date
    partner_ids: list[UUID]
    illustrative: bool


class ProjectYear(msgspec.Struct):
    """The year's projects: counts and rows."""

    counts: ProjectStats
    running: list[ProjectRow]
    truncated: bool


class EngagementReads(ReadDoor):
    """Engagements, projects and partners as of a day."""

    def engagements(self, q: Listing[EngagementFilter]) -> EngagementPage:
        """A page of engagements, latest first."""
        self.check(q.min_position, "engagements", "case_links")
        with self.reading() as conn:
            page = list_engagements(conn, q.filter, q.limit, q.cursor)
        items = [struct_of(EngagementItem, r) for r in page.items]
        return EngagementPage(items, page.next_cursor)

    def engagement_stats(self, start: date, end: date, min_position: int | None) -> EngagementStats:
        """Engagements held from `start` to `end`, counted."""
        self.check(min_position, "engagements")
        with self.reading() as conn:
            stats = engagement_stats(conn, start, end)
        return struct_of(EngagementStats, stats)

    def projects(self, q: Listing[ProjectFilter]) -> ProjectPage:
        """A page of projects, latest start first."""
        self.check(q.min_position, "projects", "case_links")
        with self.reading() as conn:
            page = list_projects(conn, q.filter, q.limit, q.cursor)
        return ProjectPage([struct_of(ProjectItem, r) for r in page.items], page.next_cursor)

    def project_stats(self, start: date, end: date, min_position: int | None) -> ProjectStats:
        """Projects running from `start` to `end`, counted."""
        self.check(min_position, "projects")
        with self.reading() as conn:
            stats = project_stats(conn, start, end)
        return struct_of(ProjectStats, stats)

    def engagement_year(self, start: date, end: date) -> EngagementYear:
        """The annual report's part on engagements."""
        with self.reading() as conn:
            stats = engagement_stats(conn, start, end)
            rows = engagements_held(conn, start, end)
        return EngagementYear(
            counts=struct_of(EngagementStats, stats),
            held=[struct_of(EngagementRow, r) for r in rows[:MAX_ROWS]],
            truncated=len(rows) > MAX_ROWS,
        )

    def project_year(self, start: date, end: date) -> ProjectYear:
        """The annual report's part on projects."""
        with self.reading() as conn:
            stats = project_stats(conn, start, end)
            rows = projects_running(conn, start, end)
        return ProjectYear(
            counts=struct_of(ProjectStats, stats),
            running=[struct_of(ProjectRow, r) for r in rows[:MAX_ROWS]],
            truncated=len(rows) > MAX_ROWS,
        )

    def partners_as_of(
        self, day: date, relationship: str | None, min_position: int | None
    ) -> PartnersAsOf:
        """Partners (of a relationship) in force on `day`, and in how many countries."""
        self.check(min_position, "partners", "agreements")
        with self.reading() as conn:
            stats = partners_as_of(conn, day, relationship)
        return struct_of(PartnersAsOf, stats)
