"""What an engagement records: its kinds, formats, counterparts, participants and follow-ups."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Final

from domain.errors import RuleViolation
from domain.links import text


class EngagementKind(StrEnum):
    """What kind of engagement."""

    MEETING = "meeting"
    VISIT_INCOMING = "visit_incoming"
    VISIT_OUTGOING = "visit_outgoing"
    EVENT_HOSTED = "event_hosted"
    EVENT_ATTENDED = "event_attended"


VISITS: Final = frozenset({EngagementKind.VISIT_INCOMING, EngagementKind.VISIT_OUTGOING})
EVENTS: Final = frozenset({EngagementKind.EVENT_HOSTED, EngagementKind.EVENT_ATTENDED})


class EngagementFormat(StrEnum):
    """The form of an event, or the field of a visit or exchange."""

    CONFERENCE = "conference"
    FORUM = "forum"
    SEMINAR = "seminar"
    EXHIBITION = "exhibition"
    SPORT = "sport"
    YOUTH = "youth"
    CULTURAL = "cultural"


class CounterpartType(StrEnum):
    """Who the council engaged with."""

    DIPLOMATIC_MISSION = "diplomatic_mission"
    CONSULAR_OFFICE = "consular_office"
    INTERNATIONAL_ORGANISATION = "international_organisation"
    PARTNER_CITY = "partner_city"
    DONOR = "donor"
    OTHER = "other"


class Side(StrEnum):
    """Whose participants."""

    COUNCIL = "council"
    COUNTERPART = "counterpart"
    THIRD_PARTY = "third_party"


class EngagementStatus(StrEnum):
    """Where an engagement stands."""

    PLANNED = "planned"
    POSTPONED = "postponed"
    HELD = "held"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Counterpart:
    """The other side: its type, name and country (none for a body without one)."""

    type: CounterpartType
    name: str
    country: str | None = None

    def checked(self) -> "Counterpart":
        """A named counterpart; a partner city has a country."""
        kind = CounterpartType(self.type)
        country = self.country.upper() if self.country else None
        if kind is CounterpartType.PARTNER_CITY and country is None:
            raise RuleViolation.on("counterpart.country", "a partner city has a country")
        return Counterpart(kind, text("counterpart.name", self.name, "the counterpart"), country)


@dataclass(frozen=True)
class Participants:
    """How many took part on one side, and who (offices and roles, not contact details)."""

    side: Side
    count: int
    who: str | None = None


@dataclass(frozen=True)
class FollowUp:
    """Something agreed to do after the engagement, with its owner and due date."""

    no: int
    action: str
    owner: str
    due_on: date
    done_on: date | None = None
