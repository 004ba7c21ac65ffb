"""An engagement as the API shows it: now, at a version or a moment, and its history."""

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get
from litestar.exceptions import ValidationException
from litestar.params import Parameter

from application.engagements import EngagementService
from application.service import Saved
from domain.case_types import url_of
from domain.engagement import (
    CounterpartType,
    Engagement,
    EngagementFormat,
    EngagementKind,
    EngagementStatus,
    Side,
)
from interfaces.http.auth import can_read
from interfaces.http.context import case_response
from interfaces.http.history import (
    DEFAULT_HISTORY_PAGE,
    History,
    HistoryCursor,
    HistoryLimit,
    history_of,
)


class LinksView(msgspec.Struct):
    """The cases it is linked to, by kind."""

    partner_ids: list[UUID]
    agreement_ids: list[UUID]
    project_ids: list[UUID]
    shipment_ids: list[UUID]
    engagement_ids: list[UUID]


class CounterpartView(msgspec.Struct):
    """The other side."""

    type: CounterpartType
    name: str
    country: str | None


class ParticipantsView(msgspec.Struct):
    """One side's participants."""

    side: Side
    count: int
    who: str | None


class FollowUpView(msgspec.Struct):
    """A follow-up with its owner, due date and (once done) the day it was done."""

    no: int
    action: str
    owner: str
    due_on: date
    done_on: date | None


class EngagementDetail(msgspec.Struct):
    """A meeting, visit or event with its record."""

    id: UUID
    reference: str
    version: int
    position: int | None
    kind: EngagementKind
    format: EngagementFormat | None
    status: EngagementStatus
    title: str
    planned_on: date
    postponed_to: date | None
    held_on: date | None
    ended_on: date | None
    place: str | None
    counterpart: CounterpartView
    participants: list[ParticipantsView]
    topics: list[str]
    outcome: str | None
    decisions: list[str]
    follow_ups: list[FollowUpView]
    links: LinksView
    officer: str | None
    reason: str | None
    illustrative: bool


def engagement_detail(e: Engagement, position: int | None) -> EngagementDetail:
    """Render an engagement."""
    links = {k: list(v) for k, v in e.links.by_field().items()}
    return EngagementDetail(
        id=e.id,
        reference=e.reference,
        version=e.version,
        position=position,
        kind=e.kind,
        format=e.format,
        status=e.status,
        title=e.title,
        planned_on=e.planned_on,
        postponed_to=e.postponed_to,
        held_on=e.held_on,
        ended_on=e.ended_on,
        place=e.place,
        counterpart=CounterpartView(e.counterpart.type, e.counterpart.name, e.counterpart.country),
        participants=[ParticipantsView(p.side, p.count, p.who) for p in e.participants],
        topics=list(e.topics),
        outcome=e.outcome,
        decisions=list(e.decisions),
        follow_ups=[
            FollowUpView(f.no, f.action, f.owner, f.due_on, f.done_on) for f in e.follow_ups
        ],
        links=LinksView(**links),
        officer=e.officer,
        reason=e.reason,
        illustrative=e.illustrative,
    )


def engagement_reply(saved: Saved, status: int = 200) -> Response[EngagementDetail]:
    """A command's answer: the engagement as it now stands, with its ETag (Location if new)."""
    location = url_of("engagement", saved.case.id) if status == 201 else None
    detail = engagement_detail(saved.case, saved.position)
    return case_response(detail, saved.case.version, status, location)


class EngagementDetailController(Controller):
    """One engagement: now, at a version or a moment, and its history."""

    path = url_of("engagement")
    tags = ["engagements"]

    @get("/{engagement_id:uuid}", guards=[can_read], sync_to_thread=True)
    def get_one(
        self,
        engagement_id: UUID,
        engagements: EngagementService,
        version: Annotated[int | None, Parameter(ge=1)] = None,
        as_of: datetime | None = None,
    ) -> Response[EngagementDetail]:
        """An engagement now, at a version, or as it stood at a moment."""
        if version is not None and as_of is not None:
            raise ValidationException("give version or as_of, not both")
        if as_of is not None:
            version = engagements.version_at(Engagement, engagement_id, as_of)
        found = engagements.get_engagement(engagement_id, version)
        position = engagements.last_position(engagement_id)
        return case_response(engagement_detail(found, position), found.version)

    @get("/{engagement_id:uuid}/history", guards=[can_read], sync_to_thread=True)
    def history(
        self,
        request: Request[Any, Any, Any],
        engagement_id: UUID,
        limit: HistoryLimit = DEFAULT_HISTORY_PAGE,
        cursor: HistoryCursor = None,
    ) -> History:
        """Its events, oldest first, each described in English and Ukrainian."""
        return history_of(request, Engagement, engagement_id, limit, cursor)
