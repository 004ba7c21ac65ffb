"""Use cases for engagements: plan, postpone, hold, cancel, link, follow up."""

from uuid import UUID

from application.commands.engagements import (
    AddFollowUp,
    CancelEngagement,
    CompleteFollowUp,
    HoldEngagement,
    LinkEngagement,
    PlanEngagement,
    PostponeEngagement,
)
from application.links import check_links
from application.service import Caller, CaseService, Saved
from domain.case_types import prefix_of
from domain.engagement import Engagement

PREFIX = prefix_of("Engagement")


class EngagementService(CaseService):
    """What staff do with meetings, visits and events."""

    def plan_engagement(
        self, cmd: PlanEngagement, caller: Caller, *, illustrative: bool = False
    ) -> Saved:
        """Plan an engagement; its ENG-YYYY-NNNN reference is gapless in its planned year.

        `illustrative` marks a made-up record (the demo data set), not a documented one.
        """
        links = cmd.links.to_domain()
        check_links(self, links)

        def attempt() -> Saved:
            ctx = self.ctx(caller, cmd.note)
            sequence = self.sequence(PREFIX, cmd.planned_on.year, ctx)
            engagement = Engagement.plan(
                ctx,
                reference=sequence.issue(ctx),
                kind=cmd.kind,
                format=cmd.format,
                title=cmd.title,
                planned_on=cmd.planned_on,
                place=cmd.place,
                counterpart=cmd.counterpart.to_domain(),
                links=links,
                officer=cmd.officer,
                illustrative=illustrative,
            )
            return Saved(engagement, self.save(sequence, engagement))

        return self.retrying(attempt)

    def get_engagement(self, engagement_id: UUID, version: int | None = None) -> Engagement:
        """An engagement now, or at a version."""
        if version is not None:
            return self.get_as_of(Engagement, engagement_id, version)
        return self.get(Engagement, engagement_id)

    def hold_engagement(
        self,
        engagement_id: UUID,
        cmd: HoldEngagement,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Record that it took place, with its participants, topics, outcome and follow-ups."""
        engagement = self.get(Engagement, engagement_id, expected_version)
        engagement.hold(
            self.ctx(caller, cmd.note),
            held_on=cmd.held_on,
            ended_on=cmd.ended_on,
            place=cmd.place,
            counterpart=cmd.counterpart.to_domain() if cmd.counterpart else None,
            participants=[p.to_domain() for p in cmd.participants],
            topics=list(cmd.topics),
            outcome=cmd.outcome,
            decisions=list(cmd.decisions),
            follow_ups=[f.to_domain() for f in cmd.follow_ups],
        )
        return self.saved(engagement, expected_version)

    def postpone_engagement(
        self,
        engagement_id: UUID,
        cmd: PostponeEngagement,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Put it off."""
        engagement = self.get(Engagement, engagement_id, expected_version)
        engagement.postpone(self.ctx(caller, cmd.note), to_on=cmd.to_on, reason=cmd.reason)
        return self.saved(engagement, expected_version)

    def cancel_engagement(
        self,
        engagement_id: UUID,
        cmd: CancelEngagement,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """It will not take place."""
        engagement = self.get(Engagement, engagement_id, expected_version)
        engagement.cancel(
            self.ctx(caller, cmd.note), cancelled_on=cmd.cancelled_on, reason=cmd.reason
        )
        return self.saved(engagement, expected_version)

    def link_engagement(
        self,
        engagement_id: UUID,
        cmd: LinkEngagement,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Link it to more partners, agreements, projects or shipments (each must exist)."""
        engagement = self.get(Engagement, engagement_id, expected_version)
        links = cmd.links.to_domain()
        check_links(self, links)
        engagement.link(self.ctx(caller, cmd.note), links=links)
        return self.saved(engagement, expected_version)

    def add_engagement_follow_up(
        self,
        engagement_id: UUID,
        cmd: AddFollowUp,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Add a follow-up with its owner and due date."""
        engagement = self.get(Engagement, engagement_id, expected_version)
        engagement.add_follow_up(
            self.ctx(caller, cmd.note), action=cmd.action, owner=cmd.owner, due_on=cmd.due_on
        )
        return self.saved(engagement, expected_version)

    def complete_engagement_follow_up(
        self,
        engagement_id: UUID,
        cmd: CompleteFollowUp,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Record a follow-up done."""
        engagement = self.get(Engagement, engagement_id, expected_version)
        engagement.complete_follow_up(self.ctx(caller, cmd.note), no=cmd.no, done_on=cmd.done_on)
        return self.saved(engagement, expected_version)
