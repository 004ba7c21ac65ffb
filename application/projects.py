"""Use cases for projects: plan, start, complete, cancel, link, milestones."""

from uuid import UUID

from application.commands.projects import (
    AddMilestone,
    CancelProject,
    CompleteProject,
    LinkProject,
    PlanProject,
    ReachMilestone,
    StartProject,
)
from application.links import check_links
from application.service import Caller, CaseService, Saved
from domain.case_types import prefix_of
from domain.project import Project, funding

PREFIX = prefix_of("Project")


class ProjectService(CaseService):
    """What staff do with joint projects."""

    def plan_project(
        self, cmd: PlanProject, caller: Caller, *, illustrative: bool = False
    ) -> Saved:
        """Plan a project; its PRJ-YYYY-NNNN reference is gapless in its starting year."""
        budget = funding(cmd.amount, cmd.currency)
        links = cmd.links.to_domain()
        check_links(self, links)

        def attempt() -> Saved:
            ctx = self.ctx(caller, cmd.note)
            sequence = self.sequence(PREFIX, cmd.starts_on.year, ctx)
            project = Project.plan(
                ctx,
                reference=sequence.issue(ctx),
                title=cmd.title,
                starts_on=cmd.starts_on,
                ends_on=cmd.ends_on,
                funder=cmd.funder.to_domain() if cmd.funder else None,
                budget=budget,
                milestones=[m.to_domain() for m in cmd.milestones],
                links=links,
                officer=cmd.officer,
                illustrative=illustrative,
            )
            return Saved(project, self.save(sequence, project))

        return self.retrying(attempt)

    def get_project(self, project_id: UUID, version: int | None = None) -> Project:
        """A project now, or at a version."""
        if version is not None:
            return self.get_as_of(Project, project_id, version)
        return self.get(Project, project_id)

    def start_project(
        self,
        project_id: UUID,
        cmd: StartProject,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """The project began."""
        project = self.get(Project, project_id, expected_version)
        project.start(self.ctx(caller, cmd.note), started_on=cmd.started_on)
        return self.saved(project, expected_version)

    def complete_project(
        self,
        project_id: UUID,
        cmd: CompleteProject,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """The project is done."""
        project = self.get(Project, project_id, expected_version)
        project.complete(self.ctx(caller, cmd.note), completed_on=cmd.completed_on)
        return self.saved(project, expected_version)

    def cancel_project(
        self,
        project_id: UUID,
        cmd: CancelProject,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """The project will not go on."""
        project = self.get(Project, project_id, expected_version)
        project.cancel(self.ctx(caller, cmd.note), cancelled_on=cmd.cancelled_on, reason=cmd.reason)
        return self.saved(project, expected_version)

    def link_project(
        self,
        project_id: UUID,
        cmd: LinkProject,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Link more cases (each must exist)."""
        project = self.get(Project, project_id, expected_version)
        links = cmd.links.to_domain()
        check_links(self, links)
        project.link(self.ctx(caller, cmd.note), links=links)
        return self.saved(project, expected_version)

    def add_project_milestone(
        self,
        project_id: UUID,
        cmd: AddMilestone,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Add a milestone with its due date."""
        project = self.get(Project, project_id, expected_version)
        project.add_milestone(self.ctx(caller, cmd.note), title=cmd.title, due_on=cmd.due_on)
        return self.saved(project, expected_version)

    def reach_project_milestone(
        self,
        project_id: UUID,
        cmd: ReachMilestone,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Record a milestone reached."""
        project = self.get(Project, project_id, expected_version)
        project.complete_milestone(self.ctx(caller, cmd.note), no=cmd.no, done_on=cmd.done_on)
        return self.saved(project, expected_version)
