"""When an FOI request must be answered (Law 2939-VI, Art. 20, 22): pure functions of facts.

Due dates are never stored: they follow from the facts recorded on the request (receipt,
extension, deferral) and the working-day calendar as it stands when someone asks, so an
administrator's override of a day moves the deadlines of every open request. Read models
call these same functions with the facts they keep from the events.
"""

from datetime import UTC, date, datetime, timedelta
from typing import Final

from domain.calendar import Calendar

# Art. 20(1): an answer within five working days of receipt.
STANDARD_WORKING_DAYS: Final = 5
# Art. 20(4): up to twenty working days for a large volume or a search among much data, with a
# reasoned notice to the requester within the first five working days.
EXTENDED_WORKING_DAYS: Final = 20
# Art. 20(2): 48 hours for information about a threat to life or liberty, the environment, food
# quality, accidents, catastrophes and emergencies; clock hours, weekends included.
URGENT_HOURS: Final = 48


def standard_due_on(received_on: date, calendar: Calendar) -> date:
    """The 5th working day after receipt (the day of receipt is day 0)."""
    return calendar.nth_working_day_after(received_on, STANDARD_WORKING_DAYS)


def extension_notice_due_on(received_on: date, calendar: Calendar) -> date:
    """The last day to send the reasoned extension notice: the 5th working day (Art. 20(4))."""
    return calendar.nth_working_day_after(received_on, STANDARD_WORKING_DAYS)


def extended_due_on(received_on: date, calendar: Calendar) -> date:
    """The 20th working day after receipt, for an extended request (Art. 20(4))."""
    return calendar.nth_working_day_after(received_on, EXTENDED_WORKING_DAYS)


def urgent_due_at(received_at: datetime) -> datetime:
    """48 clock hours after receipt, whatever the days (Art. 20(2)), in the receipt's zone."""
    # Real hours: add them in UTC, so a change to or from summer time does not shift them.
    due = received_at.astimezone(UTC) + timedelta(hours=URGENT_HOURS)
    return due.astimezone(received_at.tzinfo)


def due_on(
    received_on: date,
    calendar: Calendar,
    *,
    extended: bool = False,
    urgent_at: datetime | None = None,
    deferred_to: date | None = None,
) -> date:
    """The day the answer is due: a deferral's date, else 20, 48 hours, or 5 working days."""
    if deferred_to is not None:
        return deferred_to  # Art. 22(5)-(6): the deferral decision names the new date
    if extended:
        return extended_due_on(received_on, calendar)
    if urgent_at is not None:
        return urgent_due_at(urgent_at).date()
    return standard_due_on(received_on, calendar)


def answered_late(
    due: date,
    answered_on: date,
    *,
    urgent_deadline: datetime | None = None,
    answered_at: datetime | None = None,
) -> bool:
    """Late = answered after the due day, or after the 48 hours when both moments are known."""
    if urgent_deadline is not None and answered_at is not None:
        return answered_at > urgent_deadline
    return answered_on > due


def working_days_late(due: date, answered_on: date, calendar: Calendar) -> int:
    """Working days after the due day up to and including the answer (0 if on time)."""
    return calendar.working_days_between(due, answered_on)


def overdue(due: date, as_of: date) -> bool:
    """An open request is overdue once the due day has passed."""
    return as_of > due
