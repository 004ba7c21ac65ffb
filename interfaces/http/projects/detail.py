"""A project as the API shows it: now, at a version or a moment, and its history."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get
from litestar.exceptions import ValidationException
from litestar.params import Parameter

from application.projects import ProjectService
from application.service import Saved
from domain.case_types import url_of
from domain.engagement import CounterpartType
from domain.project import Project, ProjectStatus
from interfaces.http.auth import can_read
from interfaces.http.context import case_response
from interfaces.http.engagements.detail import LinksView
from interfaces.http.history import (
    DEFAULT_HISTORY_PAGE,
    History,
    HistoryCursor,
    HistoryLimit,
    history_of,
)


class FunderView(msgspec.Struct):
    """Who pays."""

    name: str
    type: CounterpartType
    country: str | None


class BudgetView(msgspec.Struct):
    """An exact amount in its ISO 4217 currency."""

    amount: Decimal
    currency: str


class MilestoneView(msgspec.Struct):
    """A milestone and, once reached, the day."""

    no: int
    title: str
    due_on: date
    done_on: date | None


class ProjectDetail(msgspec.Struct):
    """A project with its funding, milestones and links."""

    id: UUID
    reference: str
    version: int
    position: int | None
    title: str
    status: ProjectStatus
    funder: FunderView | None
    budget: BudgetView | None
    starts_on: date
    ends_on: date
    started_on: date | None
    closed_on: date | None
    milestones: list[MilestoneView]
    links: LinksView
    officer: str | None
    reason: str | None
    illustrative: bool


def project_detail(p: Project, position: int | None) -> ProjectDetail:
    """Render a project."""
    f, b = p.funder, p.budget
    return ProjectDetail(
        id=p.id,
        reference=p.reference,
        version=p.version,
        position=position,
        title=p.title,
        status=p.status,
        funder=FunderView(f.name, f.type, f.country) if f else None,
        budget=BudgetView(b.amount, b.currency) if b else None,
        starts_on=p.starts_on,
        ends_on=p.ends_on,
        started_on=p.started_on,
        closed_on=p.closed_on,
        milestones=[MilestoneView(m.no, m.title, m.due_on, m.done_on) for m in p.milestones],
        links=LinksView(**{k: list(v) for k, v in p.links.by_field().items()}),
        officer=p.officer,
        reason=p.reason,
        illustrative=p.illustrative,
    )


def project_reply(saved: Saved, status: int = 200) -> Response[ProjectDetail]:
    """A command's answer: the project as it now stands, with its ETag (Location if new)."""
    location = url_of("project", saved.case.id) if status == 201 else None
    return case_response(
        project_detail(saved.case, saved.position), saved.case.version, status, location
    )


class ProjectDetailController(Controller):
    """One project: now, at a version or a moment, and its history."""

    path = url_of("project")
    tags = ["projects"]

    @get("/{project_id:uuid}", guards=[can_read], sync_to_thread=True)
    def get_one(
        self,
        project_id: UUID,
        projects: ProjectService,
        version: Annotated[int | None, Parameter(ge=1)] = None,
        as_of: datetime | None = None,
    ) -> Response[ProjectDetail]:
        """A project now, at a version, or as it stood at a moment."""
        if version is not None and as_of is not None:
            raise ValidationException("give version or as_of, not both")
        if as_of is not None:
            version = projects.version_at(Project, project_id, as_of)
        found = projects.get_project(project_id, version)
        position = projects.last_position(project_id)
        return case_response(project_detail(found, position), found.version)

    @get("/{project_id:uuid}/history", guards=[can_read], sync_to_thread=True)
    def history(
        self,
        request: Request[Any, Any, Any],
        project_id: UUID,
        limit: HistoryLimit = DEFAULT_HISTORY_PAGE,
        cursor: HistoryCursor = None,
    ) -> History:
        """Its events, oldest first, each described in English and Ukrainian."""
        return history_of(request, Project, project_id, limit, cursor)
