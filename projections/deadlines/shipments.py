"""Aid shipment obligations: the 90-day report after customs clearance, and the expected arrival."""

from datetime import date
from typing import Any

from domain.aid_shipment import AidShipment, ShipmentStatus, report_due
from domain.calendar import Calendar
from domain.case_types import case_type_of
from projections.deadlines.tables import DeadlineRules
from projections.runtime.projection import handles
from projections.runtime.rows import Rows

CASE_TYPE = case_type_of(AidShipment).slug
REPORT = "shipment_report"
ARRIVAL = "shipment_arrival"


class ShipmentDeadlines(DeadlineRules):
    """Opens a shipment's arrival and report deadlines; closes them on receipt, report, cancel."""

    @handles(AidShipment.Announced)
    def shipment_announced(self, rows: Rows, e: AidShipment.Announced, position: int) -> None:
        """Announced: expected on a day."""
        self.remember_case(
            rows,
            CASE_TYPE,
            e.originator_id,
            reference=e.reference,
            title=f"{e.donor.name} ({e.donor.country})",
            status=ShipmentStatus.ANNOUNCED.value,
            expected_on=e.expected_on.isoformat(),
        )
        self.open_deadline(rows, e, position, ARRIVAL, e.expected_on)

    @handles(AidShipment.Declared)
    def shipment_declared(self, rows: Rows, e: AidShipment.Declared, position: int) -> None:
        """Declared: no deadline moves."""
        self.update_case(rows, e, position)

    @handles(AidShipment.Dispatched)
    def shipment_dispatched(self, rows: Rows, e: AidShipment.Dispatched, position: int) -> None:
        """On its way."""
        self.update_case(rows, e, position, status=AidShipment.status_after("dispatch"))

    @handles(AidShipment.CustomsCleared)
    def shipment_cleared(self, rows: Rows, e: AidShipment.CustomsCleared, position: int) -> None:
        """Cleared: the report is due 90 days later (re-planned by later calendar overrides)."""
        facts = {"cleared_on": e.cleared_on.isoformat()}
        self.update_case(rows, e, position, facts=facts, status=ShipmentStatus.CLEARED.value)
        self.open_deadline(rows, e, position, REPORT, e.report_due_on)

    @handles(AidShipment.Received)
    def shipment_received(self, rows: Rows, e: AidShipment.Received, position: int) -> None:
        """Arrived."""
        self.update_case(rows, e, position, status=AidShipment.status_after("receive"))
        self.close_deadline(rows, e, position, ARRIVAL, "received", e.received_on)

    @handles(AidShipment.ReceiptReversed)
    def shipment_receipt_reversed(
        self, rows: Rows, e: AidShipment.ReceiptReversed, position: int
    ) -> None:
        """A receipt recorded by mistake: the arrival is awaited again."""
        case = self.update_case(rows, e, position, status=ShipmentStatus.CLEARED.value)
        if case is not None:
            expected_on = date.fromisoformat(case["facts"]["expected_on"])
            self.open_deadline(rows, e, position, ARRIVAL, expected_on)

    @handles(AidShipment.ReceiptCorrected, AidShipment.Distributed, AidShipment.WrittenOff)
    def shipment_stock_moved(
        self,
        rows: Rows,
        e: AidShipment.ReceiptCorrected | AidShipment.Distributed | AidShipment.WrittenOff,
        position: int,
    ) -> None:
        """Recounted, handed over or written off: only the status changes."""
        self.update_case(rows, e, position, status=str(e.status))

    @handles(AidShipment.Reported)
    def shipment_reported(self, rows: Rows, e: AidShipment.Reported, position: int) -> None:
        """Reported: the 90-day obligation is met."""
        self.update_case(rows, e, position, status=AidShipment.status_after("report"))
        self.close_deadline(rows, e, position, REPORT, "reported", e.reported_on)

    @handles(AidShipment.Closed)
    def shipment_closed(self, rows: Rows, e: AidShipment.Closed, position: int) -> None:
        """Closed: nothing more is due."""
        self.update_case(rows, e, position, status=AidShipment.status_after("close"))
        self.close_all(rows, e, position, "closed", e.closed_on)

    @handles(AidShipment.Cancelled)
    def shipment_cancelled(self, rows: Rows, e: AidShipment.Cancelled, position: int) -> None:
        """It will not come: nothing is due."""
        self.update_case(rows, e, position, status=AidShipment.status_after("cancel"))
        self.close_all(rows, e, position, "cancelled", e.cancelled_on)


def shipment_report_due(facts: dict[str, Any], calendar: Calendar) -> date | None:
    """The open report's due date with the calendar as the projection has it (Art. 254(5))."""
    cleared_on = facts.get("cleared_on")
    return report_due(date.fromisoformat(cleared_on), calendar) if cleared_on else None
