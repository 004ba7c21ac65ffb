"""Engagement follow-ups and project milestones: each open one is a deadline with its owner."""

from typing import Any

from domain.case_types import case_type_of
from domain.engagement import Engagement, FollowUp
from domain.project import Project
from projections.deadlines.tables import DeadlineRules, deadlines
from projections.runtime.projection import handles
from projections.runtime.rows import Rows

ENGAGEMENT = case_type_of(Engagement).slug
PROJECT = case_type_of(Project).slug


def follow_up_kind(no: int) -> str:
    """The deadline kind of an engagement's follow-up number `no`."""
    return f"follow_up:{no}"


def milestone_kind(no: int) -> str:
    """The deadline kind of a project's milestone number `no`."""
    return f"milestone:{no}"


class EngagementDeadlines(DeadlineRules):
    """Opens a deadline per follow-up (owned by the follow-up's owner); closes it when done."""

    def _owners(self, rows: Rows, e: Any) -> None:
        """Each follow-up row shows its own owner, not the engagement's officer."""
        case = self.case(rows, e.originator_id)
        for kind, owner in ((case or {}).get("facts") or {}).get("owners", {}).items():
            if rows.get(deadlines, e.originator_id, kind) is not None:
                rows.update(deadlines, e.originator_id, kind, owner=owner)

    def _follow_ups(self, rows: Rows, e: Any, position: int, todo: list[FollowUp]) -> None:
        case = self.case(rows, e.originator_id)
        if case is None:
            return
        owners = dict(case["facts"].get("owners", {}))
        owners.update({follow_up_kind(f.no): f.owner for f in todo})
        self.update_case(rows, e, position, facts={"owners": owners})
        for f in todo:
            self.open_deadline(rows, e, position, follow_up_kind(f.no), f.due_on)
        self._owners(rows, e)

    @handles(Engagement.Planned)
    def engagement_planned(self, rows: Rows, e: Engagement.Planned, position: int) -> None:
        """Followed from its planning (no deadline until follow-ups are agreed)."""
        self.remember_case(
            rows,
            ENGAGEMENT,
            e.originator_id,
            reference=e.reference,
            title=e.title,
            owner=e.officer,
            status="planned",
            owners={},
        )

    @handles(Engagement.Postponed, Engagement.Cancelled)
    def engagement_moved(
        self, rows: Rows, e: Engagement.Postponed | Engagement.Cancelled, position: int
    ) -> None:
        """Postponed or cancelled: only the status changes."""
        status = "postponed" if isinstance(e, Engagement.Postponed) else "cancelled"
        self.update_case(rows, e, position, status=status)
        self._owners(rows, e)

    @handles(Engagement.Held)
    def engagement_held(self, rows: Rows, e: Engagement.Held, position: int) -> None:
        """Held: each follow-up agreed is due on its day."""
        self.update_case(rows, e, position, status="held")
        self._follow_ups(rows, e, position, list(e.follow_ups))

    @handles(Engagement.FollowUpAdded)
    def follow_up_added(self, rows: Rows, e: Engagement.FollowUpAdded, position: int) -> None:
        """One more follow-up due."""
        self._follow_ups(rows, e, position, [FollowUp(e.no, e.action, e.owner, e.due_on)])

    @handles(Engagement.FollowUpDone)
    def follow_up_done(self, rows: Rows, e: Engagement.FollowUpDone, position: int) -> None:
        """Done: the deadline is met."""
        self.close_deadline(rows, e, position, follow_up_kind(e.no), "done", e.done_on)


class ProjectDeadlines(DeadlineRules):
    """Opens a deadline per milestone (owned by the project's officer); closes it when reached."""

    @handles(Project.Planned)
    def project_planned(self, rows: Rows, e: Project.Planned, position: int) -> None:
        """Planned: each milestone is due on its day."""
        self.remember_case(
            rows,
            PROJECT,
            e.originator_id,
            reference=e.reference,
            title=e.title,
            owner=e.officer,
            status="planned",
        )
        for m in e.milestones:
            self.open_deadline(rows, e, position, milestone_kind(m.no), m.due_on)

    @handles(Project.Started)
    def project_started(self, rows: Rows, e: Project.Started, position: int) -> None:
        """Active."""
        self.update_case(rows, e, position, status="active")

    @handles(Project.MilestoneAdded)
    def milestone_added(self, rows: Rows, e: Project.MilestoneAdded, position: int) -> None:
        """One more milestone due."""
        self.open_deadline(rows, e, position, milestone_kind(e.no), e.due_on)

    @handles(Project.MilestoneReached)
    def milestone_reached(self, rows: Rows, e: Project.MilestoneReached, position: int) -> None:
        """Reached: the deadline is met."""
        self.close_deadline(rows, e, position, milestone_kind(e.no), "reached", e.done_on)

    @handles(Project.Completed)
    def project_completed(self, rows: Rows, e: Project.Completed, position: int) -> None:
        """Completed: nothing more is due."""
        self.update_case(rows, e, position, status="completed")
        self.close_all(rows, e, position, "completed", e.completed_on)

    @handles(Project.Cancelled)
    def project_cancelled(self, rows: Rows, e: Project.Cancelled, position: int) -> None:
        """Cancelled: nothing more is due."""
        self.update_case(rows, e, position, status="cancelled")
        self.close_all(rows, e, position, "cancelled", e.cancelled_on)
