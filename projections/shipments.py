"""Read model `shipments`: aid shipments and their lines, folded from AidShipment events.

Its tables are in projections.shipment_tables, its queries in projections.reads.shipment_queries.

Quantities and amounts are kept as exact decimal text (SQLite has no exact decimal type) and
summed in Python with Decimal.
"""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.aid_shipment import AidShipment, ShipmentStatus
from projections.runtime.projection import Projection, handles
from projections.runtime.rows import Rows
from projections.shipment_tables import ZERO, exact, shipment_lines, shipments, with_stock
from projections.text import fold


class ShipmentsProjection(Projection):
    """Folds aid shipment events into `shipments` and `shipment_lines`."""

    name = "shipments"
    version = 2  # 2: `illustrative`
    tables = (shipments, shipment_lines)
    prefetch_by_originator = (shipments,)

    def prefetch(self, rows: Rows, events: Sequence[Any]) -> None:
        """Load the batch's shipments, then their lines."""
        super().prefetch(rows, events)
        keys = []
        for sid in dict.fromkeys(e.originator_id for e in events):
            row = rows.get(shipments, sid)
            keys += [(sid, n) for n in (row or {}).get("line_nos", [])]
        rows.prefetch(shipment_lines, keys)

    def _set(self, rows: Rows, e: Any, position: int, **values: Any) -> dict[str, Any] | None:
        if rows.get(shipments, e.originator_id) is None:
            return None
        return rows.update(
            shipments, e.originator_id, version=e.originator_version, position=position, **values
        )

    def _lines(self, rows: Rows, sid: UUID) -> list[dict[str, Any]]:
        row = rows.get(shipments, sid) or {}
        found = (rows.get(shipment_lines, sid, n) for n in row.get("line_nos", []))
        return [line for line in found if line is not None]

    def _put_line(self, rows: Rows, line: dict[str, Any]) -> None:
        rows.put(shipment_lines, with_stock(line))

    @handles(AidShipment.Announced)
    def announced(self, rows: Rows, e: AidShipment.Announced, position: int) -> None:
        """A new shipment with its packing list."""
        categories = list(dict.fromkeys(str(line.category) for line in e.lines))
        rows.put(
            shipments,
            {
                "id": e.originator_id,
                "reference": e.reference,
                "status": ShipmentStatus.ANNOUNCED.value,
                "donor_name": e.donor.name,
                "donor_country": e.donor.country,
                "partner_id": e.donor.partner_id,
                "recipient": e.recipient,
                "expected_on": e.expected_on,
                "announced_on": e.announced_on,
                "report_pending": False,
                "categories": categories,
                "illustrative": e.illustrative,
                "line_nos": [line.line_no for line in e.lines],
                "search": fold(
                    e.reference, e.donor.name, e.recipient, *(line.description for line in e.lines)
                ),
                "created_position": position,
                "version": e.originator_version,
                "position": position,
            },
        )
        for line in e.lines:
            value = line.value
            self._put_line(
                rows,
                {
                    "shipment_id": e.originator_id,
                    "line_no": line.line_no,
                    "reference": e.reference,
                    "category": str(line.category),
                    "description": line.description,
                    "unit": str(line.unit),
                    "quantity": exact(line.quantity),
                    "weight_kg": exact(line.weight_kg),
                    "value_amount": exact(value.amount) if value else None,
                    "value_currency": value.currency if value else None,
                    "lot": line.lot,
                    "expiry_on": line.expiry_on,
                    "received_on": None,
                    "received": None,
                    "damaged": None,
                    "missing": None,
                    "distributed": "0",
                    "written_off": "0",
                },
            )

    @handles(AidShipment.Declared)
    def declared(self, rows: Rows, e: AidShipment.Declared, position: int) -> None:
        """Declared in the state's online system."""
        self._set(rows, e, position, declared_on=e.declared_on)

    @handles(AidShipment.Dispatched)
    def dispatched(self, rows: Rows, e: AidShipment.Dispatched, position: int) -> None:
        """On its way."""
        self._set(
            rows,
            e,
            position,
            status=AidShipment.status_after("dispatch"),
            dispatched_on=e.dispatched_on,
        )

    @handles(AidShipment.CustomsCleared)
    def customs_cleared(self, rows: Rows, e: AidShipment.CustomsCleared, position: int) -> None:
        """Cleared: the 90-day report falls due."""
        self._set(
            rows,
            e,
            position,
            status=ShipmentStatus.CLEARED.value,
            cleared_on=e.cleared_on,
            report_due_on=e.report_due_on,
            report_pending=True,
        )

    def _receipts(self, rows: Rows, e: Any, received_on: date | None) -> None:
        by_line = {r.line_no: r for r in e.lines}
        for line in self._lines(rows, e.originator_id):
            line["received_on"] = received_on
            receipt = by_line.get(line["line_no"])
            if receipt is not None:
                line["received"] = exact(receipt.received)
                line["damaged"] = exact(receipt.damaged)
                line["missing"] = exact(receipt.missing)
            self._put_line(rows, line)

    @handles(AidShipment.Received)
    def received(self, rows: Rows, e: AidShipment.Received, position: int) -> None:
        """Counted on arrival, line by line."""
        self._set(
            rows, e, position, status=AidShipment.status_after("receive"), received_on=e.received_on
        )
        self._receipts(rows, e, e.received_on)

    @handles(AidShipment.ReceiptCorrected)
    def receipt_corrected(self, rows: Rows, e: AidShipment.ReceiptCorrected, position: int) -> None:
        """Some lines recounted."""
        row = self._set(rows, e, position, status=str(e.status))
        self._receipts(rows, e, (row or {}).get("received_on"))

    @handles(AidShipment.ReceiptReversed)
    def receipt_reversed(self, rows: Rows, e: AidShipment.ReceiptReversed, position: int) -> None:
        """A receipt recorded by mistake undone: back to cleared, nothing received."""
        self._set(rows, e, position, status=ShipmentStatus.CLEARED.value, received_on=None)
        for line in self._lines(rows, e.originator_id):
            line.update(received_on=None, received=None, damaged=None, missing=None)
            self._put_line(rows, line)

    def _moves(self, rows: Rows, e: Any, column: str) -> None:
        added: dict[int, Decimal] = {}
        for move in e.lines:
            added[move.line_no] = added.get(move.line_no, ZERO) + move.quantity
        for line in self._lines(rows, e.originator_id):
            if line["line_no"] in added:
                line[column] = exact(Decimal(line[column]) + added[line["line_no"]])
                self._put_line(rows, line)

    @handles(AidShipment.Distributed)
    def distributed(self, rows: Rows, e: AidShipment.Distributed, position: int) -> None:
        """Handed over to an institution."""
        self._set(rows, e, position, status=str(e.status))
        self._moves(rows, e, "distributed")

    @handles(AidShipment.WrittenOff)
    def written_off(self, rows: Rows, e: AidShipment.WrittenOff, position: int) -> None:
        """Taken off the books."""
        self._set(rows, e, position, status=str(e.status))
        self._moves(rows, e, "written_off")

    @handles(AidShipment.Reported)
    def reported(self, rows: Rows, e: AidShipment.Reported, position: int) -> None:
        """The 90-day report is filed."""
        self._set(
            rows,
            e,
            position,
            status=AidShipment.status_after("report"),
            reported_on=e.reported_on,
            late=e.late,
            report_pending=False,
        )

    @handles(AidShipment.Closed)
    def closed(self, rows: Rows, e: AidShipment.Closed, position: int) -> None:
        """The file is closed."""
        self._set(
            rows, e, position, status=AidShipment.status_after("close"), closed_on=e.closed_on
        )

    @handles(AidShipment.Cancelled)
    def cancelled(self, rows: Rows, e: AidShipment.Cancelled, position: int) -> None:
        """It will not come."""
        self._set(
            rows,
            e,
            position,
            status=AidShipment.status_after("cancel"),
            cancelled_on=e.cancelled_on,
            report_pending=False,
        )
