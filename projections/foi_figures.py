"""An FOI request's deadline figures as the read models keep them: due day, urgency, lateness."""

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from domain import foi_deadlines as deadlines
from domain.calendar import Calendar


def utc(moment: datetime | None) -> datetime | None:
    """A moment in UTC (SQLite hands back UTC moments without their offset)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def plain_urgent(urgent_due_on: date | None, extended: bool, deferred_to: date | None) -> bool:
    """Whether the 48 hours apply: urgent, and no extension or deferral has replaced them."""
    return urgent_due_on is not None and not extended and deferred_to is None


def answer_due(
    received_on: date,
    calendar: Calendar,
    *,
    extended: bool,
    deferred_to: date | None,
    urgent_due_on: date | None,
) -> date:
    """The day the answer is due (as FoiRequest.due_on, with the 48 hours' day precomputed).

    The day the 48 hours end is worked out once, at registration, in the zone the request was
    received in: the calendar never moves it, and a database keeps no zone with a moment.
    """
    if urgent_due_on is not None and plain_urgent(urgent_due_on, extended, deferred_to):
        return urgent_due_on
    return deadlines.due_on(received_on, calendar, extended=extended, deferred_to=deferred_to)


def derived(row: Mapping[str, Any], calendar: Calendar) -> dict[str, Any]:
    """The figures that follow from a request's facts and the calendar (as FoiRequest's)."""
    received_on = row["received_on"]
    urgent = plain_urgent(row["urgent_due_on"], row["extended"], row["deferred_to"])
    due = answer_due(
        received_on,
        calendar,
        extended=row["extended"],
        deferred_to=row["deferred_to"],
        urgent_due_on=row["urgent_due_on"],
    )
    notice = deadlines.extension_notice_due_on(received_on, calendar)
    out: dict[str, Any] = {
        "due_on": due,
        "extension_notice_due_on": notice,
        "late": None,
        "working_days_late": None,
        "working_days_taken": None,
    }
    answered_on = row["answered_on"]
    if answered_on is not None:
        out["late"] = deadlines.answered_late(
            due,
            answered_on,
            urgent_deadline=utc(row["urgent_due_at"]) if urgent else None,
            answered_at=utc(row["answered_at"]),
        )
        out["working_days_late"] = deadlines.working_days_late(due, answered_on, calendar)
        out["working_days_taken"] = calendar.working_days_between(received_on, answered_on)
    # The last day whose working status can change any of these figures.
    out["calendar_until"] = max(d for d in (due, notice, answered_on) if d is not None)
    return out
