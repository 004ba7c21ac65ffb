"""What the reminder, audit-trail and annual-report reads answer."""

from datetime import date, datetime
from typing import Any
from uuid import UUID

import msgspec

from projections.reads.convert import struct_of
from projections.reads.engagements import EngagementYear, PartnersAsOf, ProjectYear
from projections.reads.foi import FoiStats
from projections.reads.shipments import ShipmentStats


class DeliveryItem(msgspec.Struct):
    """One channel's delivery of a reminder."""

    channel: str
    status: str
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    sent_at: datetime | None


class ReminderItem(msgspec.Struct):
    """A reminder issued on a case, with its stable message id and delivery state."""

    message_id: UUID
    case_type: str
    case_id: UUID
    reference: str
    title: str | None
    key: str
    what: str
    due_on: date
    due_at: datetime | None
    remind_on: date
    window_days: int | None
    responsible: str | None
    issued_on: date
    issued_at: datetime
    actor: str
    position: int
    delivery: str
    deliveries: list[DeliveryItem]


class ReminderPage(msgspec.Struct):
    """A page of reminders, newest first."""

    items: list[ReminderItem]
    next_cursor: str | None


def reminder_item(r: dict[str, Any]) -> ReminderItem:
    """A reminder with its deliveries (a sent one has no next attempt)."""
    deliveries = [
        struct_of(
            DeliveryItem, d, next_attempt_at=None if d["status"] == "sent" else d["next_attempt_at"]
        )
        for d in r["deliveries"]
    ]
    return struct_of(ReminderItem, r, deliveries=deliveries)


class AuditEvent(msgspec.Struct):
    """One event of the trail: who did what to which case, when, why, in which request."""

    position: int
    at: datetime
    case_id: UUID
    case_type: str
    version: int
    type: str
    description: str
    description_uk: str | None
    actor: str | None
    note: str | None
    correlation_id: str | None
    facts: dict[str, Any]
    redacted: list[str]


class AuditEventPage(msgspec.Struct):
    """A page of the trail, in log order."""

    items: list[AuditEvent]
    next_cursor: str | None


def audit_event(item: dict[str, Any]) -> AuditEvent:
    """A row of the trail."""
    return struct_of(
        AuditEvent,
        item,
        description_uk=item.get("description_uk"),
        redacted=list(item["redacted"] or []),
    )


class PartnerNamed(msgspec.Struct):
    """A partner of an agreement, as named when the agreement was proposed."""

    id: UUID
    name: str | None
    name_uk: str | None
    country: str | None


class AgreementStep(msgspec.Struct):
    """One agreement signed, renewed or ended in the year."""

    id: UUID
    reference: str
    kind: str
    title: str
    happened_on: date
    expires_on: date | None
    partners: list[PartnerNamed]
    countries: list[str]


class AgreementYear(msgspec.Struct):
    """Agreements signed, renewed and ended in the year, with their partners and countries."""

    counts: dict[str, int]
    countries: list[str]
    signed: list[AgreementStep]
    renewed: list[AgreementStep]
    terminated: list[AgreementStep]
    superseded: list[AgreementStep]
    expired: list[AgreementStep]
    withdrawn: list[AgreementStep]


class AnnualReport(msgspec.Struct):
    """The department's year in figures."""

    year: int
    from_: date = msgspec.field(name="from")
    to: date
    agreements: AgreementYear
    shipments: ShipmentStats
    foi_requests: FoiStats
    engagements: EngagementYear
    projects: ProjectYear
    partners: PartnersAsOf
    """Partners whose tie was in force on the year's last day (from the register)."""


def step(r: dict[str, Any]) -> AgreementStep:
    """A milestone of the year (a partner's missing name or country stays null)."""
    partners = [{"name": None, "name_uk": None, "country": None, **p} for p in r["partners"]]
    return struct_of(AgreementStep, r, partners=partners)
