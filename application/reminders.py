"""The reminder job: issue what is due on every case, expire or renew agreements.

A scheduled command loop (EVENTSOURCING.md): the read models name the cases that may owe
something, each is loaded, its due reminders are issued as events (and an agreement at its
expiry date is renewed by its own terms or expired), and it is saved once. After a gap, a case
tells the current state once: per chain only the newest day's reminders are issued, each
recording how many older ones it supersedes (`skipped`), so the events per case stay bounded.
Safe to run often and from several machines: a case refuses a reminder key it has issued, and
the event store's version check makes a runner that lost a race reload the case and find
nothing left to do.
"""

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time
from typing import Any, Protocol
from uuid import UUID, uuid4

from application.calendar import calendar_of
from application.errors import CaseNotFound, ConcurrentWrite
from application.service import CaseService
from domain.agreement import Agreement
from domain.aid_shipment import AidShipment
from domain.calendar import Calendar
from domain.case import Case
from domain.case_types import case_type_of
from domain.engagement import Engagement
from domain.errors import RuleViolation
from domain.foi_request import FoiRequest
from domain.honorary_consul import HonoraryConsul
from domain.membership import Membership
from domain.meta import Ctx
from domain.project import Project
from domain.reminders import SYSTEM, EndOfTerm, Reminder, catch_up

log = logging.getLogger("pobratym.reminders")

MAX_RACES = 5
MAX_TERMS = 100  # auto-renewals caught up in one run (a job that stood still for decades)


class CandidateSource(Protocol):
    """The read side's answer to: which cases may owe a reminder or an end of term today?"""

    def candidates(self, as_of: date) -> Iterable[UUID]:
        """Ids of cases to load and check (a superset is fine: the case decides)."""
        ...


@dataclass(frozen=True)
class Done:
    """One thing the job did (or, in a dry run, would do) on a case."""

    case_type: str
    case_id: UUID
    reference: str
    what: str
    key: str | None = None
    due_on: date | None = None
    remind_on: date | None = None
    skipped: int = 0


@dataclass
class RunReport:
    """What one run did: reminders issued, agreements expired or renewed, races, errors."""

    as_of: date
    dry_run: bool
    run_id: str
    candidates: int = 0
    done: list[Done] = field(default_factory=list)
    races: int = 0
    errors: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """How many of each kind (reminder kinds, `expired`, `renewed`)."""
        return dict(sorted(Counter(d.what for d in self.done).items()))

    @property
    def issued(self) -> int:
        """Reminders issued (in a dry run: that would be)."""
        return sum(1 for d in self.done if d.key is not None)

    @property
    def skipped(self) -> int:
        """Older reminders superseded by those issued: recorded on them, never sent."""
        return sum(d.skipped for d in self.done)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {
            "as_of": self.as_of.isoformat(),
            "dry_run": self.dry_run,
            "run_id": self.run_id,
            "candidates": self.candidates,
            "counts": self.counts(),
            "issued": self.issued,
            "skipped": self.skipped,
            "done": [
                {k: (str(v) if isinstance(v, UUID | date) else v) for k, v in asdict(d).items()}
                for d in self.done
            ],
            "races": self.races,
            "errors": self.errors,
        }


class ReminderService(CaseService):
    """Runs the reminder job over the cases the read models name."""

    def __init__(self, *args: Any, candidates: CandidateSource, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = candidates

    def moment(self, as_of: date | None) -> tuple[date, datetime]:
        """The day and moment to run as of: now, or the end of an earlier (or later) day."""
        now = self.clock.now()
        if as_of is None or as_of == now.date():
            return now.date(), now
        return as_of, datetime.combine(as_of, time(23, 59, 59), now.tzinfo)

    def run(self, as_of: date | None = None, dry_run: bool = False) -> RunReport:
        """Issue everything due as of a day on every candidate case; one save per case."""
        today, now = self.moment(as_of)
        if today > self.clock.today() and not dry_run:
            # Expiry and renewal record facts: a day that has not come can only be previewed.
            raise RuleViolation.on("as_of", f"{today} is in the future: use a dry run")
        report = RunReport(as_of=today, dry_run=dry_run, run_id=uuid4().hex)
        ctx = Ctx(
            actor=SYSTEM,
            today=today,
            now=now,
            note="reminder job",
            correlation_id=f"reminders-{report.run_id}",
        )
        calendar = calendar_of(self.app)
        ids = list(dict.fromkeys(self.candidates.candidates(today)))
        report.candidates = len(ids)
        for case_id in ids:
            self._case(case_id, ctx, calendar, report)
        return report

    def _case(self, case_id: UUID, ctx: Ctx, calendar: Calendar, report: RunReport) -> None:
        """Load, act, save; on a lost race reload and look again (the winner did it).

        One save per case, and a bounded one: the catch-up issues at most one reminder per
        chain of a case however long the job stood still (domain.reminders.catch_up), far
        below the store's bound on one save (application.casework.MAX_EVENTS_PER_SAVE).
        """
        for _ in range(MAX_RACES):
            try:
                case = self.get(Case, case_id)
            except CaseNotFound:
                return
            try:
                done = self.act(case, ctx, calendar)
            except Exception as e:  # one case refusing (or a bug) must not stop the others
                log.exception("reminders: %s failed", case_id)
                report.errors.append(f"{getattr(case, 'reference', case_id)}: {e}")
                return
            if not done or report.dry_run:
                report.done += done
                return
            try:
                self.save(case)
            except ConcurrentWrite:
                report.races += 1
                continue
            report.done += done
            return
        report.errors.append(f"{case_id}: gave up after {MAX_RACES} lost races")

    def act(self, case: Any, ctx: Ctx, calendar: Calendar) -> list[Done]:
        """Apply the job's commands to a loaded case (not saved); what was done."""
        if isinstance(case, Agreement):
            return self._agreement(case, ctx)
        if isinstance(case, FoiRequest):
            due = case.reminders_due(calendar, ctx.today, ctx.now)
            owed = catch_up(due)
            for o in owed:
                case.issue_reminder(ctx, calendar, o.reminder.key, due, o)
            return self._issued(case, len(owed))
        if isinstance(case, AidShipment):
            due = case.reminders_due(ctx.today, calendar)
            owed = catch_up(due)
            for o in owed:
                case.issue_reminder(ctx, o.reminder.key, due, o)
            return self._issued(case, len(owed))
        if isinstance(case, HonoraryConsul | Membership | Engagement | Project):
            due = case.reminders_due(ctx.today)
            owed = catch_up(due)
            for o in owed:
                case.issue_reminder(ctx, o.reminder.key, due, o)
            return self._issued(case, len(owed))
        return []

    def _agreement(self, a: Agreement, ctx: Ctx) -> list[Done]:
        """Each term caught up to its end (renewed or expired), then one catch-up of them all."""
        out: list[Done] = []
        due: list[Reminder] = []
        for _ in range(MAX_TERMS):
            due += a.reminders_due(ctx.today)
            end = a.end_of_term_due(ctx.today)
            if end is None:
                break
            ended_term = a.expires_on
            if end is EndOfTerm.RENEW:
                a.renew_automatically(ctx)
                out.append(self._did(a, "renewed", ended_term))
            else:
                a.expire(ctx)
                out.append(self._did(a, "expired", ended_term))
                break
        owed = catch_up(due)
        for o in owed:
            a.issue_reminder(ctx, o.reminder.key, due, o)
        return out + self._issued(a, len(owed))

    def _did(self, case: Any, what: str, on: date | None) -> Done:
        return Done(case_type_of(case).slug, case.id, case.reference, what, due_on=on)

    def _issued(self, case: Any, count: int) -> list[Done]:
        """The last `count` ReminderIssued events pending on the case, as lines of the report."""
        events = [e for e in case.pending_events if type(e).__name__ == "ReminderIssued"]
        return [
            Done(
                case_type_of(case).slug,
                case.id,
                case.reference,
                e.what,
                key=e.key,
                due_on=e.due_on,
                remind_on=e.remind_on,
                skipped=e.skipped,
            )
            for e in events[len(events) - count :]
        ]
