"""When reminders fall due (DOMAIN.md §2–4): pure rules over a case's facts and a day.

Each rule lists every reminder due by `today` (or `now`), issued or not; the aggregate keeps the
keys it has issued and drops those, so a late run issues everything it missed (catch-up) and
nothing twice. A key names the reminder within its case and carries the date it is about
("window:90:2028-09-19"), so a new term or a moved due date brings new reminders.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Final

from domain.calendar import ONE_DAY, Calendar
from domain.errors import RuleViolation
from domain.foi_deadlines import extension_notice_due_on

SYSTEM: Final = "system"
"""The actor recorded on what the reminder job does."""

# DOMAIN.md §4: 30, 14, 7 and 1 days before the report is due.
REPORT_WINDOWS: Final = (30, 14, 7, 1)
# DOMAIN.md §4: an expected arrival is flagged once it is more than 7 days late.
ARRIVAL_GRACE: Final = timedelta(days=7)
# DOMAIN.md §3: urgent requests (48 hours) are reminded at 24 and 40 hours.
URGENT_HOURS: Final = (24, 40)
# Art. 20(4): extension and transfer notices are due by the 5th working day: decide on the 3rd.
DECIDE_ON_WORKING_DAY: Final = 3


class What(StrEnum):
    """What a reminder is about."""

    AGREEMENT_WINDOW = "agreement_expiry_window"
    AGREEMENT_NOTICE = "agreement_notice_deadline"
    AGREEMENT_EXPIRED = "agreement_expired"
    AGREEMENT_RENEWED = "agreement_auto_renewed"
    FOI_DECIDE = "foi_third_working_day"
    FOI_DAY_BEFORE = "foi_day_before_due"
    FOI_DUE = "foi_due"
    FOI_OVERDUE = "foi_overdue"
    FOI_URGENT_24 = "foi_urgent_24h"
    FOI_URGENT_40 = "foi_urgent_40h"
    SHIPMENT_REPORT = "shipment_report_window"
    SHIPMENT_OVERDUE = "shipment_report_overdue"
    SHIPMENT_LATE = "shipment_arrival_late"


class EndOfTerm(StrEnum):
    """What happens to an agreement on its expiry date."""

    EXPIRE = "expire"
    RENEW = "renew"


@dataclass(frozen=True)
class Reminder:
    """One reminder a case owes: its key, what is due and when, and when to remind."""

    key: str
    what: What
    due_on: date
    remind_on: date
    window: int | None = None
    due_at: datetime | None = None
    remind_at: datetime | None = None


class ReminderAlreadyIssued(RuleViolation):
    """The case has already issued the reminder with this key."""

    def __init__(self, key: str) -> None:
        super().__init__(f"reminder {key} was already issued")
        self.key = key


def issued_keys(case: object) -> list[str]:
    """The keys a case has issued (none on a case stored before reminders existed)."""
    return list(getattr(case, "reminders_issued", None) or [])


def not_issued(reminders: Iterable[Reminder], issued: Iterable[str]) -> list[Reminder]:
    """The reminders whose keys are not among those issued, oldest first."""
    done = set(issued)
    return sorted((r for r in reminders if r.key not in done), key=_order)


def pick(due: Iterable[Reminder], key: str, issued: Iterable[str]) -> Reminder:
    """The due reminder with this key; refused if already issued or not due."""
    if key in set(issued):
        raise ReminderAlreadyIssued(key)
    for reminder in due:
        if reminder.key == key:
            return reminder
    raise RuleViolation.on("key", f"no reminder {key} is due")


def _order(r: Reminder) -> tuple[date, datetime, str]:
    return r.remind_on, r.remind_at or datetime.min.replace(tzinfo=UTC), r.key


# -- agreements (DOMAIN.md §2) --------------------------------------------------------------------


def agreement_reminders(
    *,
    expires_on: date,
    windows: Iterable[int],
    notice_period_days: int | None,
    today: date,
    end: EndOfTerm | None = None,
) -> list[Reminder]:
    """A term's reminders due by today: each window, the notice deadline, and its end."""
    out = [
        Reminder(f"window:{w}:{expires_on}", What.AGREEMENT_WINDOW, expires_on, start, window=w)
        for w in windows
        if (start := expires_on - timedelta(days=w)) <= today
    ]
    if notice_period_days is not None:
        notice_on = expires_on - timedelta(days=notice_period_days)
        if notice_on <= today:
            out.append(
                Reminder(f"notice:{expires_on}", What.AGREEMENT_NOTICE, notice_on, notice_on)
            )
    if end is not None and expires_on <= today:
        what = What.AGREEMENT_RENEWED if end is EndOfTerm.RENEW else What.AGREEMENT_EXPIRED
        out.append(Reminder(f"expiry:{expires_on}", what, expires_on, expires_on))
    return out


def end_of_term(
    *, expires_on: date | None, in_force: bool, renewable: bool, today: date
) -> EndOfTerm | None:
    """On or after the expiry date: renew (auto-renewal, renewable now) or expire; else None."""
    if expires_on is None or not in_force or expires_on > today:
        return None
    return EndOfTerm.RENEW if renewable else EndOfTerm.EXPIRE


# -- FOI requests (DOMAIN.md §3) -------------------------------------------------------------------


def foi_reminders(
    *,
    received_on: date,
    due_on: date,
    calendar: Calendar,
    today: date,
    now: datetime,
    decided: bool = False,
    urgent_at: datetime | None = None,
    urgent_due_at: datetime | None = None,
) -> list[Reminder]:
    """An open request's reminders due by today (and, when urgent, by now).

    `decided`: the extension (or deferral) is already decided, so no 3rd-day reminder.
    `urgent_at`: the moment of receipt of a request answered within 48 hours.
    """
    out: list[Reminder] = []
    if urgent_at is not None and urgent_due_at is not None:
        for hours in URGENT_HOURS:
            at = (urgent_at.astimezone(UTC) + timedelta(hours=hours)).astimezone(urgent_at.tzinfo)
            if at <= now:
                what = What.FOI_URGENT_24 if hours == 24 else What.FOI_URGENT_40
                out.append(
                    Reminder(
                        f"urgent:{hours}",
                        what,
                        urgent_due_at.date(),
                        at.date(),
                        due_at=urgent_due_at,
                        remind_at=at,
                    )
                )
    else:
        if not decided:
            decide_on = calendar.nth_working_day_after(received_on, DECIDE_ON_WORKING_DAY)
            notice_due = extension_notice_due_on(received_on, calendar)
            if decide_on <= today:
                out.append(Reminder(f"day3:{decide_on}", What.FOI_DECIDE, notice_due, decide_on))
        before = previous_working_day(due_on, calendar)
        if before > received_on and before <= today:
            out.append(Reminder(f"before:{due_on}", What.FOI_DAY_BEFORE, due_on, before))
        if due_on <= today:
            out.append(Reminder(f"due:{due_on}", What.FOI_DUE, due_on, due_on))
    for day in _days_after(due_on, today):
        if calendar.is_working_day(day):
            out.append(Reminder(f"overdue:{day}", What.FOI_OVERDUE, due_on, day))
    return out


def previous_working_day(day: date, calendar: Calendar) -> date:
    """The last working day before `day`."""
    current = day - ONE_DAY
    while not calendar.is_working_day(current):
        current -= ONE_DAY
    return current


# -- aid shipments (DOMAIN.md §4) -----------------------------------------------------------------


def report_reminders(report_due_on: date, today: date) -> list[Reminder]:
    """An outstanding report's reminders: 30, 14, 7 and 1 days before, then each day overdue."""
    out = [
        Reminder(f"report:{n}:{report_due_on}", What.SHIPMENT_REPORT, report_due_on, on, window=n)
        for n in REPORT_WINDOWS
        if (on := report_due_on - timedelta(days=n)) <= today
    ]
    for day in _days_after(report_due_on, today):
        out.append(Reminder(f"report_overdue:{day}", What.SHIPMENT_OVERDUE, report_due_on, day))
    return out


def arrival_reminders(expected_on: date, today: date) -> list[Reminder]:
    """A consignment not arrived more than 7 days after its expected date: one reminder."""
    late_on = expected_on + ARRIVAL_GRACE + ONE_DAY
    if late_on > today:
        return []
    return [Reminder(f"arrival:{expected_on}", What.SHIPMENT_LATE, expected_on, late_on)]


def _days_after(first: date, last: date) -> Iterator[date]:
    """Each day in (first, last]."""
    current = first + ONE_DAY
    while current <= last:
        yield current
        current += ONE_DAY
