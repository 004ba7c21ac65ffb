"""HTTP commands on /engagements: plan, postpone, hold, cancel, link, follow up."""

from uuid import UUID

from litestar import Controller, Response, post

from application.commands.engagements import (
    AddFollowUp,
    CancelEngagement,
    CompleteFollowUp,
    HoldEngagement,
    LinkEngagement,
    PlanEngagement,
    PostponeEngagement,
)
from application.engagements import EngagementService
from application.service import Caller
from domain.case_types import url_of
from interfaces.http.auth import can_write
from interfaces.http.deps import IfMatch
from interfaces.http.engagements.detail import EngagementDetail, engagement_reply


class EngagementCommandController(Controller):
    """Meetings, visits and events: what staff do with them (auditors only read)."""

    path = url_of("engagement")
    tags = ["engagements"]

    @post("/", guards=[can_write], sync_to_thread=True, status_code=201)
    def plan(
        self, data: PlanEngagement, engagements: EngagementService, caller: Caller
    ) -> Response[EngagementDetail]:
        """Plan an engagement; it gets the next ENG-YYYY-NNNN reference of its year."""
        return engagement_reply(engagements.plan_engagement(data, caller), 201)

    @post("/{engagement_id:uuid}/hold", guards=[can_write], sync_to_thread=True, status_code=200)
    def hold(
        self,
        engagement_id: UUID,
        data: HoldEngagement,
        engagements: EngagementService,
        caller: Caller,
        if_match: IfMatch,
    ) -> Response[EngagementDetail]:
        """Record that it took place (not in the future), with its follow-ups."""
        return engagement_reply(engagements.hold_engagement(engagement_id, data, caller, if_match))

    @post(
        "/{engagement_id:uuid}/postpone", guards=[can_write], sync_to_thread=True, status_code=200
    )
    def postpone(
        self,
        engagement_id: UUID,
        data: PostponeEngagement,
        engagements: EngagementService,
        caller: Caller,
        if_match: IfMatch,
    ) -> Response[EngagementDetail]:
        """Put it off."""
        return engagement_reply(
            engagements.postpone_engagement(engagement_id, data, caller, if_match)
        )

    @post("/{engagement_id:uuid}/cancel", guards=[can_write], sync_to_thread=True, status_code=200)
    def cancel(
        self,
        engagement_id: UUID,
        data: CancelEngagement,
        engagements: EngagementService,
        caller: Caller,
        if_match: IfMatch,
    ) -> Response[EngagementDetail]:
        """It will not take place."""
        return engagement_reply(
            engagements.cancel_engagement(engagement_id, data, caller, if_match)
        )

    @post("/{engagement_id:uuid}/link", guards=[can_write], sync_to_thread=True, status_code=200)
    def link(
        self,
        engagement_id: UUID,
        data: LinkEngagement,
        engagements: EngagementService,
        caller: Caller,
        if_match: IfMatch,
    ) -> Response[EngagementDetail]:
        """Link it to more partners, agreements, projects or shipments (each must exist)."""
        return engagement_reply(engagements.link_engagement(engagement_id, data, caller, if_match))

    @post(
        "/{engagement_id:uuid}/follow-ups", guards=[can_write], sync_to_thread=True, status_code=200
    )
    def add_follow_up(
        self,
        engagement_id: UUID,
        data: AddFollowUp,
        engagements: EngagementService,
        caller: Caller,
        if_match: IfMatch,
    ) -> Response[EngagementDetail]:
        """Add a follow-up with its owner and due date (in /deadlines, reminded)."""
        saved = engagements.add_engagement_follow_up(engagement_id, data, caller, if_match)
        return engagement_reply(saved)

    @post(
        "/{engagement_id:uuid}/follow-ups/done",
        guards=[can_write],
        sync_to_thread=True,
        status_code=200,
    )
    def complete_follow_up(
        self,
        engagement_id: UUID,
        data: CompleteFollowUp,
        engagements: EngagementService,
        caller: Caller,
        if_match: IfMatch,
    ) -> Response[EngagementDetail]:
        """Record a follow-up done."""
        saved = engagements.complete_engagement_follow_up(engagement_id, data, caller, if_match)
        return engagement_reply(saved)
