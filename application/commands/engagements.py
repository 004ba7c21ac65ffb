"""Commands on engagements (meetings, visits, events): one Struct per thing staff do."""

from datetime import date
from typing import Annotated
from uuid import UUID

import msgspec

from application.commands.fields import Command, CountryCode, Name, Text, check_country
from domain.engagement import (
    Counterpart,
    CounterpartType,
    EngagementFormat,
    EngagementKind,
    FollowUp,
    Participants,
    Side,
)
from domain.links import Links

Ids = Annotated[list[UUID], msgspec.Meta(max_length=100)]
Texts = Annotated[list[Text], msgspec.Meta(max_length=50)]
Count = Annotated[int, msgspec.Meta(ge=0, le=100_000)]


class LinksBody(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Cases an engagement or project concerns (each must exist: 422 naming the field)."""

    partner_ids: Ids = []
    agreement_ids: Ids = []
    project_ids: Ids = []
    shipment_ids: Ids = []
    engagement_ids: Ids = []

    def to_domain(self) -> Links:
        """The links as the domain records them."""
        return Links(
            tuple(self.partner_ids),
            tuple(self.agreement_ids),
            tuple(self.project_ids),
            tuple(self.shipment_ids),
            tuple(self.engagement_ids),
        )


class CounterpartBody(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """The other side: type, name, ISO 3166-1 country (none for a body without one)."""

    type: CounterpartType
    name: Name
    country: CountryCode | None = None

    def __post_init__(self) -> None:
        if self.country is not None:
            self.country = check_country(self.country, "counterpart.country")

    def to_domain(self) -> Counterpart:
        """The counterpart as the domain records it."""
        return Counterpart(self.type, self.name, self.country)


class ParticipantsBody(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """How many took part on one side, and which offices (no contact details)."""

    side: Side
    count: Count
    who: Text | None = None

    def to_domain(self) -> Participants:
        """One side's participants."""
        return Participants(self.side, self.count, self.who)


class FollowUpBody(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """What was agreed to do, who does it, by when."""

    action: Text
    owner: Name
    due_on: date

    def to_domain(self) -> FollowUp:
        """The follow-up (numbered by the engagement)."""
        return FollowUp(0, self.action, self.owner, self.due_on)


class PlanEngagement(Command, kw_only=True):
    """A meeting, visit or event being planned (or recorded afterwards: plan, then hold)."""

    kind: EngagementKind
    format: EngagementFormat | None = None
    title: Text
    planned_on: date
    place: Text | None = None
    counterpart: CounterpartBody
    links: LinksBody = msgspec.field(default_factory=LinksBody)
    officer: Name | None = None


class HoldEngagement(Command, kw_only=True):
    """The record of an engagement that took place."""

    held_on: date
    ended_on: date | None = None
    place: Text | None = None
    counterpart: CounterpartBody | None = None
    participants: Annotated[list[ParticipantsBody], msgspec.Meta(max_length=3)] = []
    topics: Texts = []
    outcome: Annotated[str, msgspec.Meta(max_length=5000)] | None = None
    decisions: Texts = []
    follow_ups: Annotated[list[FollowUpBody], msgspec.Meta(max_length=50)] = []


class PostponeEngagement(Command, kw_only=True):
    """Put off, to a new day or to one not yet known."""

    to_on: date | None = None
    reason: Text


class CancelEngagement(Command, kw_only=True):
    """It will not take place."""

    cancelled_on: date
    reason: Text


class LinkEngagement(Command, kw_only=True):
    """More partners, agreements or projects it concerns."""

    links: LinksBody


class AddFollowUp(Command, kw_only=True):
    """A follow-up agreed after the record was made."""

    action: Text
    owner: Name
    due_on: date


class CompleteFollowUp(Command, kw_only=True):
    """A follow-up done."""

    no: Annotated[int, msgspec.Meta(ge=1, le=1000)]
    done_on: date
