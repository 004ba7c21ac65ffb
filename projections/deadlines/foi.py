"""FOI request obligations: the answer (Art. 20) and the extension notice (Art. 20(4)).

`foi_answer` is due on the 5th working day (20th when extended, the deferral's date when
deferred; for an urgent request the day the 48 hours end, with `due_at`). `foi_extension_notice`
stays open while an extension is still possible. Both move when the working calendar changes.
"""

from datetime import date, datetime
from typing import Any

from domain import foi_deadlines
from domain.calendar import Calendar
from domain.case_types import case_type_of
from domain.foi_request import FoiRequest, FoiStatus
from projections.deadlines.tables import DeadlineRules
from projections.foi_figures import answer_due, plain_urgent, utc
from projections.runtime.projection import handles
from projections.runtime.rows import Rows
from projections.working_days import calendar_in, overrides_table

CASE_TYPE = case_type_of(FoiRequest).slug
ANSWER = "foi_answer"
NOTICE = "foi_extension_notice"

deadline_calendar = overrides_table("deadline_calendar")
"""The working-day overrides the deadlines projection has seen."""


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def foi_schedule(facts: dict[str, Any], calendar: Calendar) -> dict[str, tuple[date, Any]]:
    """Each FOI obligation's (due_on, due_at) from the remembered facts and the calendar."""
    received_on = date.fromisoformat(facts["received_on"])
    urgent_due_on = _day(facts.get("urgent_due_on"))
    deferred_to = _day(facts.get("deferred_to"))
    extended = bool(facts.get("extended"))
    due_on = answer_due(
        received_on,
        calendar,
        extended=extended,
        deferred_to=deferred_to,
        urgent_due_on=urgent_due_on,
    )
    due_at = None
    if plain_urgent(urgent_due_on, extended, deferred_to) and facts.get("urgent_due_at"):
        due_at = datetime.fromisoformat(facts["urgent_due_at"])
    notice_on = foi_deadlines.extension_notice_due_on(received_on, calendar)
    return {ANSWER: (due_on, due_at), NOTICE: (notice_on, None)}


class FoiDeadlines(DeadlineRules):
    """Opens an FOI request's answer and extension-notice deadlines; closes them at the end."""

    def _foi_open(self, rows: Rows, e: Any, position: int, *kinds: str) -> None:
        case = self.case(rows, e.originator_id)
        if case is None:
            return
        schedule = foi_schedule(case["facts"], calendar_in(rows, deadline_calendar))
        for kind in kinds:
            due_on, due_at = schedule[kind]
            self.open_deadline(rows, e, position, kind, due_on, due_at)

    @handles(FoiRequest.Registered)
    def foi_registered(self, rows: Rows, e: FoiRequest.Registered, position: int) -> None:
        """A new request: its answer and extension notice fall due."""
        urgent_due_at = None
        if e.urgent and e.received_at is not None:
            urgent_due_at = foi_deadlines.urgent_due_at(e.received_at)
        moment = utc(urgent_due_at)
        self.remember_case(
            rows,
            CASE_TYPE,
            e.originator_id,
            reference=e.reference,
            title=e.subject,
            status=FoiStatus.RECEIVED.value,
            received_on=e.received_on.isoformat(),
            urgent_due_on=urgent_due_at.date().isoformat() if urgent_due_at else None,
            urgent_due_at=moment.isoformat() if moment else None,
            extended=False,
            deferred_to=None,
        )
        self._foi_open(rows, e, position, ANSWER, NOTICE)

    @handles(FoiRequest.Assigned)
    def foi_assigned(self, rows: Rows, e: FoiRequest.Assigned, position: int) -> None:
        """The officer owns its deadlines."""
        case = self.case(rows, e.originator_id)
        if case is None:
            return
        status = (
            FoiStatus.IN_PROGRESS.value if case["status"] == FoiStatus.RECEIVED else case["status"]
        )
        self.update_case(rows, e, position, owner=e.officer, status=status)

    @handles(FoiRequest.ExtensionNoticeSent)
    def foi_extended(self, rows: Rows, e: FoiRequest.ExtensionNoticeSent, position: int) -> None:
        """Extended: the notice is sent, the answer is due on the 20th working day."""
        self.update_case(
            rows, e, position, facts={"extended": True}, status=FoiRequest.status_after("extend")
        )
        self.close_deadline(rows, e, position, NOTICE, "sent", e.notice_sent_on)
        self._foi_open(rows, e, position, ANSWER)

    @handles(FoiRequest.Deferred)
    def foi_deferred(self, rows: Rows, e: FoiRequest.Deferred, position: int) -> None:
        """Deferred: the answer is due on the new date; an extension is no longer possible."""
        facts = {"deferred_to": e.new_due_on.isoformat()}
        self.update_case(rows, e, position, facts=facts, status=FoiRequest.status_after("defer"))
        self.close_deadline(rows, e, position, NOTICE, "deferred", e.decided_on)
        self._foi_open(rows, e, position, ANSWER)

    @handles(FoiRequest.ClarificationRecorded)
    def foi_clarified(self, rows: Rows, e: FoiRequest.ClarificationRecorded, position: int) -> None:
        """A clarification changes no deadline (the law has no clock stop)."""
        self.update_case(rows, e, position)

    @handles(FoiRequest.Answered)
    def foi_answered(self, rows: Rows, e: FoiRequest.Answered, position: int) -> None:
        """Answered: nothing more is due."""
        self.update_case(rows, e, position, status=FoiRequest.status_after("answer"))
        self.close_all(rows, e, position, "answered", e.answered_on)

    @handles(FoiRequest.Transferred)
    def foi_transferred(self, rows: Rows, e: FoiRequest.Transferred, position: int) -> None:
        """Transferred to the holder: nothing more is due from us."""
        self.update_case(rows, e, position, status=FoiRequest.status_after("transfer"))
        self.close_all(rows, e, position, "transferred", e.transferred_on)

    @handles(FoiRequest.Withdrawn)
    def foi_withdrawn(self, rows: Rows, e: FoiRequest.Withdrawn, position: int) -> None:
        """Withdrawn by the requester: nothing more is due."""
        self.update_case(rows, e, position, status=FoiRequest.status_after("withdraw"))
        self.close_all(rows, e, position, "withdrawn", e.withdrawn_on)
