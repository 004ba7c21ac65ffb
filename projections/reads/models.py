"""`ReadModels`: the one front door to the read models, with a typed method per read.

Each method checks `min_position` (the HTTP layer already waited for it in the event loop),
reads on a time-limited read-only connection, and returns the response Structs.
"""

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any, Protocol

from sqlalchemy import Connection, Engine

from domain.calendar import Calendar
from projections.audit_trail import AuditTrailQuery, list_audit_events
from projections.correspondence import LetterFilter, letters_of_year, list_letters
from projections.deadlines import DeadlineFilter, list_deadlines
from projections.milestones import WHAT, milestones_between
from projections.paging import Page
from projections.partners import PartnerFilter, list_partners, partner_stats
from projections.reads import cases, trail
from projections.reads import foi as foi_reads
from projections.reads import letters as letter_reads
from projections.reads import shipments as aid
from projections.reads.agreement_queries import AgreementFilter, list_agreements, renewals_due
from projections.reads.convert import struct_of
from projections.reads.door import Positions, ReadDoor, ReadLimits, Today
from projections.reads.engagements import EngagementReads
from projections.reads.foi_queries import FoiFilter, foi_stats, list_foi_requests
from projections.reads.listing import Listing
from projections.reads.shipment_queries import (
    ShipmentFilter,
    StockFilter,
    list_shipments,
    list_stock,
)
from projections.reads.shipment_queries import shipment_stats as shipment_figures


class ReminderRows(Protocol):
    """Reminders issued, with their deliveries and delivery state (the outbox knows them)."""

    def __call__(self, conn: Connection, f: Any, limit: int, cursor: str | None = None) -> Page:
        """A page of reminder rows."""
        ...


class ReadModels(EngagementReads, ReadDoor):
    """Every read of the read models, typed: partners, agreements, FOI, shipments, reports."""

    def __init__(
        self,
        engine: Engine,
        clock: Today,
        head: Callable[[], int],
        positions: Callable[[], Positions],
        limits: Callable[[], ReadLimits],
        calendar: Callable[[], Calendar],
        mask_contacts: Callable[[str], str],
        reminder_rows: ReminderRows,
    ) -> None:
        super().__init__(engine, clock, head, positions, limits)
        self._calendar = calendar
        self._mask = mask_contacts
        self._reminder_rows = reminder_rows

    # -- the correspondence register -------------------------------------------------------------

    def letters(self, q: Listing[LetterFilter]) -> letter_reads.LetterPage:
        """A page of the correspondence register, newest first; search, year, direction, case."""
        self.check(q.min_position, "letters")
        with self.reading() as conn:
            page = list_letters(conn, q.filter, q.limit, q.cursor)
        return struct_of(
            letter_reads.LetterPage, {"items": page.items, "next_cursor": page.next_cursor}
        )

    def letter_register(self, year: int, min_position: int | None) -> list[letter_reads.LetterItem]:
        """A year's register in number order (the yearly export)."""
        self.check(min_position, "letters")
        with self.reading() as conn:
            rows = letters_of_year(conn, year)
        return [struct_of(letter_reads.LetterItem, r) for r in rows]

    # -- partners and agreements -----------------------------------------------------------------

    def partners(self, q: Listing[PartnerFilter]) -> cases.PartnerPage:
        """A page of partners by name."""
        self.check(q.min_position, "partners")
        with self.reading() as conn:
            page = list_partners(conn, q.filter, q.limit, q.cursor)
        return struct_of(cases.PartnerPage, {"items": page.items, "next_cursor": page.next_cursor})

    def partner_stats(self, status: str | None, min_position: int | None) -> cases.PartnerStats:
        """How many partners, by country, relationship and status."""
        self.check(min_position, "partners")
        with self.reading() as conn:
            stats = partner_stats(conn, PartnerFilter(status=status))
        return struct_of(cases.PartnerStats, stats)

    def agreements(self, q: Listing[AgreementFilter]) -> cases.AgreementPage:
        """A page of agreements, newest first; `in_force` judged as of today (DOMAIN.md §7)."""
        self.check(q.min_position, "agreements")
        today = self.clock.today()
        with self.reading() as conn:
            page = list_agreements(conn, replace(q.filter, as_of=today), q.limit, q.cursor)
        calendar = self._calendar()
        items = [cases.agreement_item(r, today, calendar) for r in page.items]
        return cases.AgreementPage(items, page.next_cursor)

    def renewals(
        self,
        as_of: date | None,
        within_days: int,
        limit: int,
        cursor: str | None,
        min_position: int | None,
    ) -> cases.RenewalPage:
        """Agreements in force expiring within the window (and any past expiry), soonest first."""
        self.check(min_position, "agreements")
        day = as_of or self.clock.today()
        with self.reading() as conn:
            page = renewals_due(conn, day, within_days, limit, cursor)
        calendar = self._calendar()
        items = [cases.renewal_item(r, day, calendar) for r in page.items]
        return cases.RenewalPage(items, page.next_cursor)

    def deadlines(
        self, f: DeadlineFilter, limit: int, cursor: str | None, min_position: int | None
    ) -> cases.DeadlinePage:
        """Open obligations as of `f.as_of`, soonest first (overdue ones included)."""
        self.check(min_position, "deadlines")
        with self.reading() as conn:
            page = list_deadlines(conn, f, limit, cursor)
        items = [cases.deadline_item(r, f.as_of) for r in page.items]
        return cases.DeadlinePage(items, page.next_cursor)

    def open_deadlines(self, owner: str | None, most: int) -> list[dict[str, Any]]:
        """Up to `most` open obligations as of today, soonest first, as stored (the feed)."""
        f = DeadlineFilter(as_of=self.clock.today(), owner=owner)
        rows: list[dict[str, Any]] = []
        cursor = None
        with self.reading() as conn:
            while len(rows) < most:
                page = list_deadlines(conn, f, min(500, most), cursor)
                rows += page.items
                if page.next_cursor is None:
                    break
                cursor = page.next_cursor
        return rows[:most]

    # -- FOI requests and shipments --------------------------------------------------------------

    def foi_requests(self, q: Listing[FoiFilter], mask: bool) -> foi_reads.FoiRequestPage:
        """A page of FOI requests; `mask`: e-mails and phones in subjects masked."""
        self.check(q.min_position, "foi_requests")
        as_of = q.filter.as_of or self.clock.today()
        with self.reading() as conn:
            page = list_foi_requests(conn, q.filter, q.limit, q.cursor)
        masking = self._mask if mask else None
        items = [foi_reads.foi_item(r, as_of, masking) for r in page.items]
        return foi_reads.FoiRequestPage(items, page.next_cursor)

    def foi_stats(self, start: date, end: date, min_position: int | None) -> foi_reads.FoiStats:
        """FOI requests received in a period and what became of them."""
        self.check(min_position, "foi_requests")
        with self.reading() as conn:
            return struct_of(foi_reads.FoiStats, foi_stats(conn, start, end))

    def shipments(self, q: Listing[ShipmentFilter]) -> aid.ShipmentPage:
        """A page of shipments, most recently announced first."""
        self.check(q.min_position, "shipments")
        as_of = q.filter.as_of or self.clock.today()
        with self.reading() as conn:
            page = list_shipments(conn, q.filter, q.limit, q.cursor)
        items = [aid.shipment_item(r, as_of) for r in page.items]
        return aid.ShipmentPage(items, page.next_cursor)

    def stock(self, q: Listing[StockFilter]) -> aid.StockPage:
        """A page of undistributed stock: medicines expiring soonest first."""
        self.check(q.min_position, "shipments")
        today = self.clock.today()
        with self.reading() as conn:
            page = list_stock(conn, q.filter, q.limit, q.cursor)
        return aid.StockPage([aid.stock_item(r, today) for r in page.items], page.next_cursor)

    def shipment_stats(self, start: date, end: date, min_position: int | None) -> aid.ShipmentStats:
        """Shipments received in a period: by donor country, category, declared value."""
        self.check(min_position, "shipments")
        with self.reading() as conn:
            return struct_of(aid.ShipmentStats, shipment_figures(conn, start, end))

    # -- reminders, the audit trail, reports -----------------------------------------------------

    def reminders(self, q: Listing[Any]) -> trail.ReminderPage:
        """Reminders issued, newest first, with their delivery state."""
        self.check(q.min_position, "reminders")
        with self.reading() as conn:
            page = self._reminder_rows(conn, q.filter, q.limit, q.cursor)
        return trail.ReminderPage([trail.reminder_item(r) for r in page.items], page.next_cursor)

    def audit_events(
        self, query: AuditTrailQuery, min_position: int | None
    ) -> trail.AuditEventPage:
        """Events of the log, oldest first, contact details already redacted."""
        self.check(min_position, "audit_trail")
        with self.reading() as conn:
            page = list_audit_events(conn, query)
        return trail.AuditEventPage([trail.audit_event(i) for i in page.items], page.next_cursor)

    ANNUAL = (
        "milestones",
        "shipments",
        "foi_requests",
        "engagements",
        "projects",
        "case_links",
        "partners",
        "agreements",
    )
    """The read models the annual report reads."""

    def annual_report(self, year: int | None, min_position: int | None) -> trail.AnnualReport:
        """The year in figures (default: last year): agreements, aid received, FOI requests."""
        self.check(min_position, *self.ANNUAL)
        year = year or self.clock.today().year - 1
        start, end = date(year, 1, 1), date(year, 12, 31)
        with self.reading() as conn:
            steps = milestones_between(conn, start, end)
        by_what = {what: [trail.step(r) for r in steps[what]] for what in WHAT}
        # The countries the year's signatures, renewals and terminations were with.
        countries = sorted(
            {
                c
                for what in ("signed", "renewed", "terminated")
                for s in by_what[what]
                for c in s.countries
            }
        )
        agreements = trail.AgreementYear(
            counts={what: len(by_what[what]) for what in WHAT}, countries=countries, **by_what
        )
        return trail.AnnualReport(
            year=year,
            from_=start,
            to=end,
            agreements=agreements,
            shipments=self.shipment_stats(start, end, None),
            foi_requests=self.foi_stats(start, end, None),
            engagements=self.engagement_year(start, end),
            projects=self.project_year(start, end),
            partners=self.partners_as_of(end, None, None),
        )
