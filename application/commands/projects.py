"""Commands on projects with partner cities and donors."""

from datetime import date
from decimal import Decimal
from typing import Annotated

import msgspec

from application.commands.engagements import LinksBody
from application.commands.fields import Command, CountryCode, Name, Text, check_country
from domain.engagement import CounterpartType
from domain.project import Funder, Milestone


class FunderBody(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Who pays."""

    name: Name
    type: CounterpartType
    country: CountryCode | None = None

    def __post_init__(self) -> None:
        if self.country is not None:
            self.country = check_country(self.country, "funder.country")

    def to_domain(self) -> Funder:
        """The funder as the domain records it."""
        return Funder(self.name, self.type, self.country)


class MilestoneBody(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A step with its due date."""

    title: Text
    due_on: date

    def to_domain(self) -> Milestone:
        """The milestone (numbered by the project)."""
        return Milestone(0, self.title, self.due_on)


class PlanProject(Command, kw_only=True):
    """A project: dates, funder, amount with its ISO 4217 currency, milestones, links."""

    title: Text
    starts_on: date
    ends_on: date
    funder: FunderBody | None = None
    amount: Decimal | None = None
    # Checked by the domain, so a missing or unknown currency is a 422 naming `currency`.
    currency: Annotated[str, msgspec.Meta(max_length=10)] | None = None
    milestones: Annotated[list[MilestoneBody], msgspec.Meta(max_length=100)] = []
    links: LinksBody = msgspec.field(default_factory=LinksBody)
    officer: Name | None = None


class StartProject(Command, kw_only=True):
    """The project began."""

    started_on: date


class CompleteProject(Command, kw_only=True):
    """The project is done."""

    completed_on: date


class CancelProject(Command, kw_only=True):
    """The project will not go on."""

    cancelled_on: date
    reason: Text


class LinkProject(Command, kw_only=True):
    """More partners, engagements, agreements or aid shipments it concerns."""

    links: LinksBody


class AddMilestone(Command, kw_only=True):
    """A further milestone."""

    title: Text
    due_on: date


class ReachMilestone(Command, kw_only=True):
    """A milestone reached."""

    no: Annotated[int, msgspec.Meta(ge=1, le=1000)]
    done_on: date
