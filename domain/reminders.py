"""When reminders fall due (DOMAIN.md §2–4): pure rules over a case's facts and a day.

Each rule lists the reminders due by `today` (or `now`). A key names the reminder within its
case and carries the date it is about ("window:90:2028-09-19"), so a new term or a moved due
date brings new reminders. Reminders form chains (a term's windows, notice and end; a request's
stages; a report's windows and overdue days): a later one tells the current state of the same
obligation. A case remembers, per chain, the newest day it reminded of and the keys issued on
that day (bounded state), and nothing at or before that day is issued again.

A run after a gap tells the current truth once (catch-up): per chain only the reminders of the
newest day due are issued; the older ones are superseded and recorded on the issued one as
`skipped` (how many) and `skipped_since` (the day of the oldest), never issued or sent. A job
that runs every day still issues each daily overdue reminder on its day.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any, Final

from eventsourcing.domain import event

from domain.calendar import ONE_DAY, Calendar
from domain.errors import RuleViolation
from domain.foi_deadlines import extension_notice_due_on
from domain.meta import Meta

SYSTEM: Final = "system"
"""The actor recorded on what the reminder job does."""

# DOMAIN.md §4: 30, 14, 7 and 1 days before the report is due.
REPORT_WINDOWS: Final = (30, 14, 7, 1)
# DOMAIN.md §4: an expected arrival is flagged once it is more than 7 days late.
ARRIVAL_GRACE: Final = timedelta(days=7)
# Issue 17: an engagement's follow-up or a project's milestone, 7 and 1 days before it is due.
TASK_WINDOWS: Final = (7, 1)
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
    FOLLOW_UP = "engagement_follow_up"
    FOLLOW_UP_OVERDUE = "engagement_follow_up_overdue"
    MILESTONE = "project_milestone"
    MILESTONE_OVERDUE = "project_milestone_overdue"
    CONSUL_TERM = "consul_term_window"
    MEMBERSHIP_RENEWAL = "membership_renewal_window"


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


# key prefix -> chain: reminders of one chain are about one obligation, the later superseding.
CHAINS: Final = {
    "window": "term",
    "notice": "term",
    "expiry": "term",
    "day3": "decide",  # the extension or transfer notice: its own deadline
    "urgent": "request",
    "before": "request",
    "due": "request",
    "overdue": "request",
    "report": "report",
    "report_overdue": "report",
    "arrival": "arrival",
    "consul_term": "consul_term",
    "renewal": "renewal",
}


def chain_of(key: str) -> str:
    """The chain a reminder key belongs to (its prefix when unknown)."""
    prefix = key.split(":", 1)[0]
    return CHAINS.get(prefix, prefix)


@dataclass(frozen=True)
class Owed:
    """A reminder to issue now, with how many older ones of its chain it supersedes."""

    reminder: Reminder
    skipped: int = 0
    skipped_since: date | None = None


def issued_keys(case: object) -> list[str]:
    """The keys a case issued on each chain's newest reminded day (none on an old case)."""
    return list(getattr(case, "reminders_issued", None) or [])


def marks_of(case: object) -> dict[str, date]:
    """Per chain, the newest day the case reminded of (none on a case stored before marks)."""
    return dict(getattr(case, "reminder_marks", None) or {})


def is_done(r: Reminder, issued: Iterable[str], marks: dict[str, date] | None = None) -> bool:
    """Issued, or superseded: its chain has reminded of a later day already."""
    mark = (marks or {}).get(chain_of(r.key))
    return r.key in set(issued) or (mark is not None and r.remind_on < mark)


def not_issued(
    reminders: Iterable[Reminder], issued: Iterable[str], marks: dict[str, date] | None = None
) -> list[Reminder]:
    """The reminders neither issued nor superseded, oldest first."""
    done = set(issued)
    return sorted((r for r in reminders if not is_done(r, done, marks)), key=_order)


def catch_up(due: Iterable[Reminder]) -> list[Owed]:
    """Per chain, only the reminders of the newest day due; the older ones are skipped."""
    chains: dict[str, list[Reminder]] = {}
    for r in sorted(due, key=_order):
        chains.setdefault(chain_of(r.key), []).append(r)
    out: list[Owed] = []
    for rs in chains.values():
        newest = rs[-1].remind_on
        older = [r for r in rs if r.remind_on < newest]
        kept = [r for r in rs if r.remind_on == newest]
        since = older[0].remind_on if older else None
        out.append(Owed(kept[0], len(older), since))
        out += [Owed(r) for r in kept[1:]]
    return sorted(out, key=lambda o: _order(o.reminder))


def owes(due: Iterable[Reminder], issued: Iterable[str]) -> bool:
    """Whether some chain's newest due reminder is not among the keys issued (read side)."""
    done = set(issued)
    return any(o.reminder.key not in done for o in catch_up(due))


def pick(
    due: Iterable[Reminder],
    key: str,
    issued: Iterable[str],
    marks: dict[str, date] | None = None,
) -> Reminder:
    """The due reminder with this key; refused if already issued (or superseded) or not due."""
    for reminder in due:
        if reminder.key == key:
            if is_done(reminder, issued, marks):
                raise ReminderAlreadyIssued(key)
            return reminder
    if key in set(issued):
        raise ReminderAlreadyIssued(key)
    raise RuleViolation.on("key", f"no reminder {key} is due")


def after_issue(
    issued: list[str], marks: dict[str, date], key: str, remind_on: date
) -> tuple[list[str], dict[str, date]]:
    """The state after issuing a key: its chain's mark moves to its day, older keys go."""
    chain = chain_of(key)
    mark = marks.get(chain)
    if mark is not None and remind_on < mark:  # an older day (a moved due date): keep the mark
        return [*issued, key], marks
    if mark is None or remind_on > mark:
        issued = [k for k in issued if chain_of(k) != chain]
    return [*issued, key], {**marks, chain: remind_on}


def upcast_issued_v1_v2(state: dict[str, Any]) -> None:
    """ReminderIssued v1 had no catch-up: it superseded nothing."""
    state["skipped"] = 0
    state["skipped_since"] = None


def version_issued_event(event_class: Any) -> None:
    """ReminderIssued v2 (adds `skipped`, `skipped_since`) on an aggregate's event class."""
    event_class.class_version = 2
    event_class.upcast_v1_v2 = staticmethod(upcast_issued_v1_v2)


def record(
    case: Any,
    ctx: Any,
    key: str,
    due: list[Reminder],
    owed: Owed | None,
    facts: tuple[Any, Any, Any],
) -> None:
    """Every case's `issue_reminder`: pick the due reminder by key (never twice), record it."""
    # A run passes the list it computed once, so a long catch-up stays linear.
    r = pick(due, key, issued_keys(case), marks_of(case))
    issue(case, ctx, r, owed or Owed(r), facts)


def _reminder_issued(
    self: Any,
    meta: Meta,
    key: str,
    what: str,
    due_on: date,
    remind_on: date,
    window: int | None,
    due_at: datetime | None,
    issued_on: date,
    reference: str,
    title: str | None,
    responsible: str | None,
    skipped: int,
    skipped_since: date | None,
) -> None:
    """The applier of every case's ReminderIssued: remember the key, move its chain's mark."""
    apply_issued(self, key, remind_on)


def issued_applier() -> Any:
    """`_reminder_issued = reminders.issued_applier()` in a case class: its ReminderIssued event.

    Each case class needs a decorator of its own (the library makes one event class per
    decorator, named after the class: `Agreement.ReminderIssued`, so stored topics stay); the
    fields and the applier are this module's, once.
    """
    return event("ReminderIssued")(_reminder_issued)


def issue(case: Any, ctx: Any, r: Reminder, owed: Owed, facts: tuple[Any, Any, Any]) -> None:
    """Record the reminder on the case (its `_reminder_issued` applier): what, when, skipped."""
    reference, title, responsible = facts
    case._reminder_issued(
        ctx.meta,
        r.key,
        str(r.what),
        r.due_on,
        r.remind_on,
        r.window,
        r.due_at,
        ctx.today,
        reference,
        title,
        responsible,
        owed.skipped,
        owed.skipped_since,
    )


def apply_issued(case: Any, key: str, remind_on: date) -> None:
    """The applier's body: remember the key and move its chain's mark."""
    case.reminders_issued, case.reminder_marks = after_issue(
        issued_keys(case), marks_of(case), key, remind_on
    )


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
    since: date | None = None,
) -> list[Reminder]:
    """An open request's reminders due by today (and, when urgent, by now).

    `decided`: the extension (or deferral) is already decided, so no 3rd-day reminder.
    `urgent_at`: the moment of receipt of a request answered within 48 hours.
    `since`: overdue days up to this one are done already (not listed).
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
    for day in _days_after(max(due_on, since or due_on), today):
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


def report_reminders(report_due_on: date, today: date, since: date | None = None) -> list[Reminder]:
    """An outstanding report's reminders: 30, 14, 7 and 1 days before, then each day overdue.

    `since`: overdue days up to this one are done already (not listed).
    """
    out = [
        Reminder(f"report:{n}:{report_due_on}", What.SHIPMENT_REPORT, report_due_on, on, window=n)
        for n in REPORT_WINDOWS
        if (on := report_due_on - timedelta(days=n)) <= today
    ]
    for day in _days_after(max(report_due_on, since or report_due_on), today):
        out.append(Reminder(f"report_overdue:{day}", What.SHIPMENT_OVERDUE, report_due_on, day))
    return out


def arrival_reminders(expected_on: date, today: date) -> list[Reminder]:
    """A consignment not arrived more than 7 days after its expected date: one reminder."""
    late_on = expected_on + ARRIVAL_GRACE + ONE_DAY
    if late_on > today:
        return []
    return [Reminder(f"arrival:{expected_on}", What.SHIPMENT_LATE, expected_on, late_on)]


# -- engagement follow-ups and project milestones (issue 17) ------------------------------------


def task_reminders(
    chain: str, due_on: date, today: date, what: What, overdue: What
) -> list[Reminder]:
    """An open task's reminders: 7 and 1 days before, on the day, and once the day after.

    `chain` names the task within its case ("fu2", "ms1"): each task is its own chain, so one
    task's reminder never supersedes another's.
    """
    out = [
        Reminder(f"{chain}:{n}:{due_on}", what, due_on, on, window=n)
        for n in TASK_WINDOWS
        if (on := due_on - timedelta(days=n)) <= today
    ]
    if due_on <= today:
        out.append(Reminder(f"{chain}:due:{due_on}", what, due_on, due_on))
    if (late_on := due_on + ONE_DAY) <= today:
        out.append(Reminder(f"{chain}:overdue:{due_on}", overdue, due_on, late_on))
    return out


def follow_up_reminders(chain: str, due_on: date, today: date) -> list[Reminder]:
    """An engagement's open follow-up."""
    return task_reminders(chain, due_on, today, What.FOLLOW_UP, What.FOLLOW_UP_OVERDUE)


def milestone_reminders(chain: str, due_on: date, today: date) -> list[Reminder]:
    """A project's open milestone."""
    return task_reminders(chain, due_on, today, What.MILESTONE, What.MILESTONE_OVERDUE)


def _days_after(first: date, last: date) -> Iterator[date]:
    """Each day in (first, last]."""
    current = first + ONE_DAY
    while current <= last:
        yield current
        current += ONE_DAY


# -- honorary consuls and association memberships (issue 17) ------------------------------------

# A consul's term: 90 days ahead (time to propose a renewal to the Ministry), 30, 7 and 1.
CONSUL_TERM_WINDOWS: Final = (90, 30, 7, 1)
# A membership's renewal (fee, confirmation): 60, 14 and 1 days ahead.
RENEWAL_WINDOWS: Final = (60, 14, 1)


def consul_term_reminders(term_ends_on: date, today: date) -> list[Reminder]:
    """A consul's term ends: the windows before it due by today."""
    return [
        Reminder(f"consul_term:{n}:{term_ends_on}", What.CONSUL_TERM, term_ends_on, on, window=n)
        for n in CONSUL_TERM_WINDOWS
        if (on := term_ends_on - timedelta(days=n)) <= today
    ]


def renewal_reminders(renewal_due_on: date, today: date) -> list[Reminder]:
    """A membership falls due for renewal: the windows before it due by today."""
    return [
        Reminder(f"renewal:{n}:{renewal_due_on}", What.MEMBERSHIP_RENEWAL, renewal_due_on, on, n)
        for n in RENEWAL_WINDOWS
        if (on := renewal_due_on - timedelta(days=n)) <= today
    ]
