"""What the partner, agreement, renewal and deadline reads answer (the API's response shapes)."""

from datetime import date, datetime
from typing import Any
from uuid import UUID

import msgspec

from domain.calendar import Calendar
from projections.agreements import notice_deadline
from projections.reads.agreement_queries import in_force_on, lapsed_on, renewal_window
from projections.reads.convert import struct_of, utc


class PartnerItem(msgspec.Struct):
    """A partner in a list."""

    id: UUID
    name: str
    name_uk: str | None
    country: str
    kind: str
    relationship: str
    since: int | None
    status: str
    agreements: int
    decided_on: date | None
    decision_ref: str | None
    version: int
    position: int


class PartnerPage(msgspec.Struct):
    """A page of partners."""

    items: list[PartnerItem]
    next_cursor: str | None


class PartnerStats(msgspec.Struct):
    """Counts of partners by country, relationship and status."""

    total: int
    by_country: dict[str, int]
    by_relationship: dict[str, int]
    by_status: dict[str, int]


class AgreementItem(msgspec.Struct):
    """An agreement in a list."""

    id: UUID
    reference: str
    kind: str
    title: str
    status: str
    # As of today (the app clock): false past `expires_on` even before the expiry is recorded.
    in_force: bool
    lapsed_on: date | None
    partner_ids: list[UUID]
    countries: list[str]
    owner: str | None
    auto_renew: bool
    signed_on: date | None
    effective_from: date | None
    expires_on: date | None
    days_to_expiry: int | None
    notice_deadline_on: date | None
    renewals: int
    renewed_on: date | None
    ended_on: date | None
    superseded_by: UUID | None
    version: int
    position: int


class AgreementPage(msgspec.Struct):
    """A page of agreements."""

    items: list[AgreementItem]
    next_cursor: str | None


class RenewalItem(msgspec.Struct):
    """An agreement in force whose expiry falls within the window."""

    id: UUID
    reference: str
    kind: str
    title: str
    status: str
    in_force: bool
    lapsed_on: date | None
    partner_ids: list[UUID]
    countries: list[str]
    owner: str | None
    auto_renew: bool
    expires_on: date
    days_to_expiry: int
    window_days: int | None
    reminder_windows_days: list[int]
    notice_deadline_on: date | None
    renewals: int
    version: int
    position: int


class RenewalPage(msgspec.Struct):
    """A page of renewals due, soonest expiry first."""

    items: list[RenewalItem]
    next_cursor: str | None


class DeadlineItem(msgspec.Struct):
    """One open obligation of a case."""

    case_type: str
    case_id: UUID
    reference: str
    title: str | None
    kind: str
    due_on: date
    due_at: datetime | None
    days_left: int
    overdue: bool
    owner: str | None
    case_status: str
    version: int
    position: int


class DeadlinePage(msgspec.Struct):
    """A page of open obligations, soonest first."""

    items: list[DeadlineItem]
    next_cursor: str | None


def agreement_item(r: dict[str, Any], today: date, calendar: Calendar) -> AgreementItem:
    """An agreement row as of today, its notice deadline on the calendar now in force."""
    in_force = in_force_on(r, today)
    expires_on = r["expires_on"]
    return struct_of(
        AgreementItem,
        r,
        in_force=in_force,
        lapsed_on=lapsed_on(r, today),
        days_to_expiry=(expires_on - today).days if expires_on and r["in_force"] else None,
        notice_deadline_on=notice_deadline(expires_on, r["notice_period_days"], calendar),
    )


def renewal_item(r: dict[str, Any], as_of: date, calendar: Calendar) -> RenewalItem:
    """An agreement due for renewal: days to expiry and the reminder window it is in."""
    days = (r["expires_on"] - as_of).days
    windows = [int(w) for w in r["reminder_windows_days"]]
    return struct_of(
        RenewalItem,
        r,
        in_force=in_force_on(r, as_of),
        lapsed_on=lapsed_on(r, as_of),
        days_to_expiry=days,
        window_days=renewal_window(days, windows),
        reminder_windows_days=windows,
        notice_deadline_on=notice_deadline(r["expires_on"], r["notice_period_days"], calendar),
    )


def deadline_item(r: dict[str, Any], as_of: date) -> DeadlineItem:
    """An open obligation: days left and whether it is overdue as of a day."""
    return struct_of(
        DeadlineItem,
        r,
        due_at=utc(r["due_at"]),
        days_left=(r["due_on"] - as_of).days,
        overdue=r["due_on"] < as_of,
    )
