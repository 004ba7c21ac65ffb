"""The reminder job's adapters: the read models as candidate source, and the outbox's channels.

Candidates are exact where the read models hold the facts a rule needs (agreement terms,
shipment report and arrival dates, and the keys already issued from `reminders`) and generous
where they do not (an open FOI request is always looked at: there are few, and the working-day
rules need the case). A candidate with nothing due costs one load and changes nothing.
"""

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from sqlalchemy import Engine

from application.outbox import Backoff, Outbox, Sender, utc_now
from application.reminders import ReminderService
from domain.case_types import slug_of
from domain.reminders import (
    ONE_DAY,
    agreement_reminders,
    arrival_reminders,
    end_of_term,
    follow_up_reminders,
    milestone_reminders,
    owes,
    report_reminders,
)
from infrastructure.outbox import SqlOutbox
from infrastructure.settings import Settings
from projections.deadlines import DeadlineFilter, list_deadlines
from projections.paging import Page
from projections.reads.agreement_queries import renewals_due
from projections.reminders import issued_keys

if TYPE_CHECKING:
    import ssl

    from infrastructure.bootstrap import Runtime

EVERY_TERM_DAYS = 365 * 200  # renewals_due over every agreement in force with an expiry
PAGE = 500
AGREEMENT = slug_of("Agreement")  # agreements are found by renewals_due, the rest by deadlines
EMAIL_MODES = frozenset({"digest", "each"})  # one e-mail per recipient and pass, or per reminder
SKIPPED_KINDS = frozenset({"foi_extension_notice"})  # the request's foi_answer row covers it


def _every(fetch: Callable[[str | None], Page]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = fetch(cursor)
        rows += page.items
        if page.next_cursor is None:
            return rows
        cursor = page.next_cursor


def agreement_owes(row: dict[str, Any], as_of: date, issued: set[str]) -> bool:
    """An agreement in force owes a reminder not issued yet, or its expiry date has come."""
    expires_on = row["expires_on"]
    if end_of_term(expires_on=expires_on, in_force=True, renewable=False, today=as_of):
        return True
    due = agreement_reminders(
        expires_on=expires_on,
        windows=[int(w) for w in row["reminder_windows_days"]],
        notice_period_days=row["notice_period_days"],
        today=as_of,
    )
    return owes(due, issued)


def deadline_owes(row: dict[str, Any], as_of: date, issued: set[str]) -> bool:
    """An open obligation whose case may owe a reminder (FOI and unknown kinds: always)."""
    kind = row["kind"]
    if kind in SKIPPED_KINDS:
        return False
    if kind == "shipment_report":
        # Only each chain's newest matters: yesterday's overdue day is superseded by today's.
        return owes(report_reminders(row["due_on"], as_of, as_of - ONE_DAY), issued)
    if kind == "shipment_arrival":
        return owes(arrival_reminders(row["due_on"], as_of), issued)
    task, _, no = kind.partition(":")
    if task == "follow_up" and no.isdigit():  # an engagement's follow-up (issue 17)
        return owes(follow_up_reminders(f"fu{no}", row["due_on"], as_of), issued)
    if task == "milestone" and no.isdigit():  # a project's milestone
        return owes(milestone_reminders(f"ms{no}", row["due_on"], as_of), issued)
    return True


class ReadModelCandidates:
    """Cases that may owe a reminder, found in `agreements`, `deadlines` and `reminders`."""

    def __init__(self, read_engine: Engine) -> None:
        self.read_engine = read_engine

    def candidates(self, as_of: date) -> list[UUID]:
        """Agreements and open obligations with something due and not yet issued."""
        with self.read_engine.connect().execution_options(read_only=True) as conn:
            agreements = _every(lambda c: renewals_due(conn, as_of, EVERY_TERM_DAYS, PAGE, c))
            every_open = _every(
                lambda c: list_deadlines(conn, DeadlineFilter(as_of=as_of), PAGE, c)
            )
            others = [r for r in every_open if r["case_type"] != AGREEMENT]
            issued = issued_keys(
                conn, [r["id"] for r in agreements] + [r["case_id"] for r in others]
            )
        found = [
            r["id"] for r in agreements if agreement_owes(r, as_of, issued.get(r["id"], set()))
        ]
        found += [
            r["case_id"] for r in others if deadline_owes(r, as_of, issued.get(r["case_id"], set()))
        ]
        return list(dict.fromkeys(found))


def reminder_service(rt: "Runtime") -> ReminderService:
    """The reminder job over a runtime's store and read models."""
    return ReminderService(rt.app, rt.clock, candidates=ReadModelCandidates(rt.read_engine))


def senders(settings: Settings, ssl_context: "ssl.SSLContext | None" = None) -> list[Sender]:
    """The channels the settings configure: e-mail, webhook, both or none."""
    from infrastructure.delivery.smtp import SmtpSender
    from infrastructure.delivery.webhook import WebhookSender

    out: list[Sender] = []
    if settings.email_mode not in EMAIL_MODES:
        raise ValueError("POBRATYM_EMAIL_MODE must be digest or each")
    if settings.smtp_url:
        out.append(
            SmtpSender(
                settings.smtp_url,
                sender=settings.smtp_from,
                public_url=settings.public_url,
                department=settings.department_email,
                staff_domain=settings.staff_email_domain,
                ssl_context=ssl_context,
                digest=settings.email_mode == "digest",
            )
        )
    if settings.webhook_url:
        out.append(
            WebhookSender(
                settings.webhook_url, settings.webhook_secret or "", public_url=settings.public_url
            )
        )
    return out


def outbox(
    rt: "Runtime",
    *,
    ssl_context: "ssl.SSLContext | None" = None,
    backoff: Backoff | None = None,
    now: Callable[[], datetime] = utc_now,
) -> Outbox:
    """The outbox over a runtime's read database, with the configured channels."""
    return Outbox(
        SqlOutbox(rt.read_engine), senders(rt.settings, ssl_context), backoff=backoff, now=now
    )
