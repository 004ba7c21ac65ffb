"""Agreement obligations: the expiry date and the last day to give notice of non-renewal."""

from datetime import date
from typing import Any

from domain.agreement import Agreement, AgreementStatus
from domain.calendar import Calendar
from domain.case_types import case_type_of
from projections.agreements import notice_deadline
from projections.deadlines.foi import deadline_calendar
from projections.deadlines.tables import DeadlineRules
from projections.runtime.projection import handles
from projections.runtime.rows import Rows
from projections.working_days import calendar_in

CASE_TYPE = case_type_of(Agreement).slug
EXPIRY = "agreement_expiry"
NOTICE = "agreement_notice"


class AgreementDeadlines(DeadlineRules):
    """Opens an agreement's expiry and notice deadlines on signature and renewal."""

    @handles(Agreement.Proposed)
    def agreement_proposed(self, rows: Rows, e: Agreement.Proposed, position: int) -> None:
        """Follow a new agreement."""
        self.remember_case(
            rows,
            CASE_TYPE,
            e.originator_id,
            reference=e.reference,
            title=e.title,
            owner=e.owner,
            status=AgreementStatus.PROPOSED.value,
            notice_period_days=e.notice_period_days,
        )

    def _term(self, rows: Rows, e: Any, position: int, status: str) -> None:
        expires = e.expires_on.isoformat() if e.expires_on else None
        case = self.update_case(rows, e, position, facts={"expires_on": expires}, status=status)
        if case is None or e.expires_on is None:
            return
        self.open_deadline(rows, e, position, EXPIRY, e.expires_on)
        notice = agreement_notice_due(case["facts"], calendar_in(rows, deadline_calendar))
        if notice is not None:
            self.open_deadline(rows, e, position, NOTICE, notice)

    @handles(Agreement.Signed)
    def agreement_signed(self, rows: Rows, e: Agreement.Signed, position: int) -> None:
        """Signed: its expiry (and notice deadline) fall due."""
        self._term(rows, e, position, "signed")

    @handles(Agreement.Renewed)
    def agreement_renewed(self, rows: Rows, e: Agreement.Renewed, position: int) -> None:
        """Renewed: the deadlines move to the new expiry."""
        self._term(rows, e, position, "renewed")

    @handles(Agreement.NoticeGiven)
    def agreement_notice_given(self, rows: Rows, e: Agreement.NoticeGiven, position: int) -> None:
        """Notice of non-renewal given: the notice deadline is met; the expiry stays due."""
        self.close_deadline(rows, e, position, NOTICE, "met", e.given_on)

    @handles(Agreement.Approved)
    def agreement_approved(self, rows: Rows, e: Agreement.Approved, position: int) -> None:
        """Approved: only its status changes."""
        self.update_case(rows, e, position, status=Agreement.status_after("approve"))

    @handles(Agreement.Suspended)
    def agreement_suspended(self, rows: Rows, e: Agreement.Suspended, position: int) -> None:
        """Suspended: still in force, the deadlines stay open."""
        case = self.case(rows, e.originator_id)
        before = case["status"] if case else None
        self.update_case(
            rows,
            e,
            position,
            facts={"before_suspension": before},
            status=Agreement.status_after("suspend"),
        )

    @handles(Agreement.Resumed)
    def agreement_resumed(self, rows: Rows, e: Agreement.Resumed, position: int) -> None:
        """Resumed: back to its earlier status."""
        case = self.case(rows, e.originator_id)
        before = (case or {}).get("facts", {}).get(
            "before_suspension"
        ) or AgreementStatus.SIGNED.value
        self.update_case(rows, e, position, facts={"before_suspension": None}, status=before)

    @handles(Agreement.Expired)
    def agreement_expired(self, rows: Rows, e: Agreement.Expired, position: int) -> None:
        """The term ran out: nothing more is due (unless it is renewed)."""
        self.update_case(rows, e, position, status=Agreement.status_after("expire"))
        self.close_all(rows, e, position, "expired", e.expired_on)

    @handles(Agreement.Terminated)
    def agreement_terminated(self, rows: Rows, e: Agreement.Terminated, position: int) -> None:
        """Ended at once: nothing more is due."""
        self.update_case(rows, e, position, status=Agreement.status_after("terminate"))
        self.close_all(rows, e, position, "terminated", e.terminated_on)

    @handles(Agreement.Superseded)
    def agreement_superseded(self, rows: Rows, e: Agreement.Superseded, position: int) -> None:
        """Replaced: nothing more is due under it."""
        self.update_case(rows, e, position, status=Agreement.status_after("supersede"))
        self.close_all(rows, e, position, "superseded", e.superseded_on)

    @handles(Agreement.Withdrawn)
    def agreement_withdrawn(self, rows: Rows, e: Agreement.Withdrawn, position: int) -> None:
        """Abandoned before signature."""
        self.update_case(rows, e, position, status=Agreement.status_after("withdraw"))


def agreement_notice_due(facts: dict[str, Any], calendar: Calendar) -> date | None:
    """The notice deadline with the calendar as the projection has it (Art. 254(5))."""
    expires_on = facts.get("expires_on")
    if not expires_on:
        return None
    return notice_deadline(
        date.fromisoformat(expires_on), facts.get("notice_period_days"), calendar
    )
