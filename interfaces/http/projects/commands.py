"""HTTP commands on /projects: plan, start, complete, cancel, link, milestones."""

from uuid import UUID

from litestar import Controller, Response, post

from application.commands.projects import (
    AddMilestone,
    CancelProject,
    CompleteProject,
    LinkProject,
    PlanProject,
    ReachMilestone,
    StartProject,
)
from application.projects import ProjectService
from application.service import Caller
from domain.case_types import url_of
from interfaces.http.auth import can_write
from interfaces.http.deps import IfMatch
from interfaces.http.projects.detail import ProjectDetail, project_reply


class ProjectCommandController(Controller):
    """Joint projects: what staff do with them (auditors only read)."""

    path = url_of("project")
    tags = ["projects"]

    @post("/", guards=[can_write], sync_to_thread=True, status_code=201)
    def plan(
        self, data: PlanProject, projects: ProjectService, caller: Caller
    ) -> Response[ProjectDetail]:
        """Plan a project; it gets the next PRJ-YYYY-NNNN reference of its starting year."""
        return project_reply(projects.plan_project(data, caller), 201)

    @post("/{project_id:uuid}/start", guards=[can_write], sync_to_thread=True, status_code=200)
    def start(
        self,
        project_id: UUID,
        data: StartProject,
        projects: ProjectService,
        caller: Caller,
        if_match: IfMatch,
    ) -> Response[ProjectDetail]:
        """The project began."""
        return project_reply(projects.start_project(project_id, data, caller, if_match))

    @post("/{project_id:uuid}/complete", guards=[can_write], sync_to_thread=True, status_code=200)
    def complete(
        self,
        project_id: UUID,
        data: CompleteProject,
        projects: ProjectService,
        caller: Caller,
        if_match: IfMatch,
    ) -> Response[ProjectDetail]:
        """The project is done."""
        return project_reply(projects.complete_project(project_id, data, caller, if_match))

    @post("/{project_id:uuid}/cancel", guards=[can_write], sync_to_thread=True, status_code=200)
    def cancel(
        self,
        project_id: UUID,
        data: CancelProject,
        projects: ProjectService,
        caller: Caller,
        if_match: IfMatch,
    ) -> Response[ProjectDetail]:
        """The project will not go on."""
        return project_reply(projects.cancel_project(project_id, data, caller, if_match))

    @post("/{project_id:uuid}/link", guards=[can_write], sync_to_thread=True, status_code=200)
    def link(
        self,
        project_id: UUID,
        data: LinkProject,
        projects: ProjectService,
        caller: Caller,
        if_match: IfMatch,
    ) -> Response[ProjectDetail]:
        """Link more partners, engagements, agreements or aid shipments (each must exist)."""
        return project_reply(projects.link_project(project_id, data, caller, if_match))

    @post("/{project_id:uuid}/milestones", guards=[can_write], sync_to_thread=True, status_code=200)
    def add_milestone(
        self,
        project_id: UUID,
        data: AddMilestone,
        projects: ProjectService,
        caller: Caller,
        if_match: IfMatch,
    ) -> Response[ProjectDetail]:
        """Add a milestone with its due date (in /deadlines, reminded)."""
        return project_reply(projects.add_project_milestone(project_id, data, caller, if_match))

    @post(
        "/{project_id:uuid}/milestones/reached",
        guards=[can_write],
        sync_to_thread=True,
        status_code=200,
    )
    def reach_milestone(
        self,
        project_id: UUID,
        data: ReachMilestone,
        projects: ProjectService,
        caller: Caller,
        if_match: IfMatch,
    ) -> Response[ProjectDetail]:
        """Record a milestone reached."""
        return project_reply(projects.reach_project_milestone(project_id, data, caller, if_match))
