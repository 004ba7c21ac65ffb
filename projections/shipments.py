"""Read model `shipments`: aid shipments and their lines; donor statistics; undistributed stock.

Quantities and amounts are kept as exact decimal text (SQLite has no exact decimal type) and
summed in Python with Decimal.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Connection,
    Date,
    Index,
    Integer,
    String,
    Table,
    Text,
    Uuid,
    exists,
    false,
    select,
    true,
)

from domain.aid_lines import AidCategory
from domain.aid_shipment import AidShipment, ShipmentStatus
from projections.paging import BadCursor, Page, as_int, decode_cursor, page_of
from projections.runtime.projection import Projection, handles
from projections.runtime.rows import Rows
from projections.schema import metadata
from projections.text import fold

shipments = Table(
    "shipments",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("reference", String(40), nullable=False),
    Column("status", String(30), nullable=False),
    Column("donor_name", Text, nullable=False),
    Column("donor_country", String(2), nullable=False),
    Column("partner_id", Uuid, nullable=True),
    Column("recipient", Text, nullable=False),
    Column("expected_on", Date, nullable=False),
    Column("announced_on", Date, nullable=False),
    Column("declared_on", Date, nullable=True),
    Column("dispatched_on", Date, nullable=True),
    Column("cleared_on", Date, nullable=True),
    Column("report_due_on", Date, nullable=True),
    Column("report_pending", Boolean, nullable=False),
    Column("received_on", Date, nullable=True),
    Column("reported_on", Date, nullable=True),
    Column("late", Boolean, nullable=True),
    Column("closed_on", Date, nullable=True),
    Column("cancelled_on", Date, nullable=True),
    Column("categories", JSON, nullable=False),
    Column("illustrative", Boolean, nullable=False, server_default=false()),
    Column("line_nos", JSON, nullable=False),
    Column("search", Text, nullable=False),
    Column("created_position", BigInteger, nullable=False),
    Column("version", Integer, nullable=False),
    Column("position", BigInteger, nullable=False),
    Index("ix_shipments_created", "created_position"),
    Index("ix_shipments_status", "status", "created_position"),
    Index("ix_shipments_country", "donor_country", "created_position"),
    Index("ix_shipments_partner", "partner_id", "created_position"),
    Index("ix_shipments_report", "report_pending", "report_due_on"),
    Index("ix_shipments_received", "received_on"),
)
"""One row per shipment."""

shipment_lines = Table(
    "shipment_lines",
    metadata,
    Column("shipment_id", Uuid, primary_key=True),
    Column("line_no", Integer, primary_key=True, autoincrement=False),
    Column("reference", String(40), nullable=False),
    Column("category", String(30), nullable=False),
    Column("description", Text, nullable=False),
    Column("unit", String(10), nullable=False),
    Column("quantity", String(40), nullable=False),
    Column("weight_kg", String(40), nullable=True),
    Column("value_amount", String(40), nullable=True),
    Column("value_currency", String(3), nullable=True),
    Column("lot", Text, nullable=True),
    Column("expiry_on", Date, nullable=True),
    Column("received_on", Date, nullable=True),
    Column("received", String(40), nullable=True),
    Column("damaged", String(40), nullable=True),
    Column("missing", String(40), nullable=True),
    Column("distributed", String(40), nullable=False),
    Column("written_off", String(40), nullable=False),
    Column("on_hand", String(40), nullable=True),
    Column("in_stock", Boolean, nullable=False),
    Column("stock_sort", String(64), nullable=False),
    Index("ix_shipment_lines_category", "category", "shipment_id"),
    Index("ix_shipment_lines_stock", "in_stock", "stock_sort"),
)
"""One row per line of a shipment, with where every unit went."""

S = shipments.c
L = shipment_lines.c
ZERO = Decimal(0)
MEDICINES = str(AidCategory.MEDICINES)


def exact(value: Decimal | None) -> str | None:
    """A decimal as plain exact text: 2.50 -> "2.5", 1E+2 -> "100"."""
    if value is None:
        return None
    return format(Decimal(value).normalize(), "f")


def decimal(text: str | None) -> Decimal | None:
    """Exact text back to a decimal."""
    return None if text is None else Decimal(text)


def stock_sort(row: dict[str, Any]) -> str:
    """Medicines first, then anything else that expires, soonest first; then oldest stock.

    Fixed-width letters and digits only, so every database's collation orders it alike.
    """
    rank = 0 if row["category"] == MEDICINES else 1 if row["expiry_on"] else 2
    expiry = row["expiry_on"].strftime("%Y%m%d") if row["expiry_on"] else "99991231"
    received = row["received_on"].strftime("%Y%m%d") if row["received_on"] else "00000000"
    return f"{rank}{expiry}{received}{UUID(str(row['shipment_id'])).hex}{row['line_no']:06d}"


def _with_stock(row: dict[str, Any]) -> dict[str, Any]:
    """Recompute on hand, whether in stock, and the stock order from the figures."""
    received = decimal(row["received"])
    if received is None:
        row["on_hand"] = None
    else:
        gone = Decimal(row["distributed"]) + Decimal(row["written_off"])
        row["on_hand"] = exact(received - gone)
    row["in_stock"] = row["on_hand"] is not None and Decimal(row["on_hand"]) > 0
    row["stock_sort"] = stock_sort(row)
    return row


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
        rows.put(shipment_lines, _with_stock(line))

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


# -- queries -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShipmentFilter:
    """What GET /shipments may ask for (`report_overdue` is judged as of `as_of`)."""

    status: str | None = None
    donor_country: str | None = None
    category: str | None = None
    recipient: str | None = None
    partner_id: UUID | None = None
    report_overdue: bool | None = None
    as_of: date | None = None
    q: str | None = None


def list_shipments(
    conn: Connection, f: ShipmentFilter, limit: int, cursor: str | None = None
) -> Page:
    """Shipments, most recently announced first, a page at a time."""
    where: list[Any] = []
    if f.status:
        where.append(S.status == f.status)
    if f.donor_country:
        where.append(S.donor_country == f.donor_country.upper())
    if f.recipient:
        where.append(S.recipient == f.recipient)
    if f.partner_id is not None:
        where.append(S.partner_id == f.partner_id)
    if f.category:
        where.append(exists().where(L.shipment_id == S.id, L.category == f.category))
    if f.report_overdue is not None:
        if f.as_of is None:
            raise ValueError("report_overdue is judged as of a day: give as_of")
        overdue = (S.report_pending == true()) & (S.report_due_on < f.as_of)
        where.append(overdue if f.report_overdue else ~overdue)
    if f.q and fold(f.q):
        where.append(S.search.contains(fold(f.q), autoescape=True))
    after = decode_cursor(cursor, 1)
    if after is not None:
        where.append(S.created_position < as_int(after[0]))
    query = select(shipments).where(*where).order_by(S.created_position.desc()).limit(limit + 1)
    rows = [dict(r) for r in conn.execute(query).mappings()]
    return page_of(rows, limit, lambda r: [r["created_position"]])


@dataclass(frozen=True)
class StockFilter:
    """What GET /shipments/stock may ask for."""

    category: str | None = None
    expires_before: date | None = None


def list_stock(conn: Connection, f: StockFilter, limit: int, cursor: str | None = None) -> Page:
    """Lines with goods on hand: medicines expiring soonest first, then other expiring, oldest."""
    query = (
        select(
            shipment_lines,
            S.donor_name,
            S.donor_country,
            S.partner_id,
            S.recipient,
            S.status,
        )
        .join(shipments, S.id == L.shipment_id)
        .where(L.in_stock == true())
    )
    if f.category:
        query = query.where(L.category == f.category)
    if f.expires_before is not None:
        query = query.where(L.expiry_on < f.expires_before)
    after = decode_cursor(cursor, 1)
    if after is not None:
        if not isinstance(after[0], str):
            raise BadCursor("not a cursor of this list")
        query = query.where(L.stock_sort > after[0])
    query = query.order_by(L.stock_sort).limit(limit + 1)
    rows = [dict(r) for r in conn.execute(query).mappings()]
    return page_of(rows, limit, lambda r: [r["stock_sort"]])


STATS_ROWS = 1000
"""At most this many shipments are listed one by one in the statistics of a period."""


def shipment_stats(conn: Connection, start: date, end: date) -> dict[str, Any]:
    """Shipments received from `start` to `end`: by donor country, category, value per currency,
    and the shipments themselves (the first STATS_ROWS), each flagged if illustrative."""
    query = (
        select(S.id, S.donor_country, L.category, L.value_amount, L.value_currency)
        .join(shipment_lines, L.shipment_id == S.id)
        .where(S.received_on >= start, S.received_on <= end)
    )
    found = conn.execute(query).all()
    countries: dict[UUID, str] = {}
    with_category: set[tuple[UUID, str]] = set()
    lines_by_category: Counter[str] = Counter()
    value: dict[str, Decimal] = {}
    value_by_country: dict[str, dict[str, Decimal]] = {}
    without_value = 0
    for r in found:
        countries[r.id] = r.donor_country
        with_category.add((r.id, r.category))
        lines_by_category[r.category] += 1
        if r.value_amount is None or r.value_currency is None:
            without_value += 1
            continue
        amount = Decimal(r.value_amount)
        value[r.value_currency] = value.get(r.value_currency, ZERO) + amount
        per_country = value_by_country.setdefault(r.donor_country, {})
        per_country[r.value_currency] = per_country.get(r.value_currency, ZERO) + amount
    return {
        "from": start,
        "to": end,
        "shipments": len(countries),
        "lines": len(found),
        "by_donor_country": dict(sorted(Counter(countries.values()).items())),
        "by_category": dict(sorted(Counter(c for _, c in with_category).items())),
        "lines_by_category": dict(sorted(lines_by_category.items())),
        "value_by_currency": {c: exact(v) for c, v in sorted(value.items())},
        "value_by_donor_country": {
            country: {c: exact(v) for c, v in sorted(per.items())}
            for country, per in sorted(value_by_country.items())
        },
        "lines_without_value": without_value,
        **_received(conn, start, end),
    }


def _received(conn: Connection, start: date, end: date) -> dict[str, Any]:
    query = (
        select(
            S.id, S.reference, S.donor_name, S.donor_country, S.received_on, S.categories,
            S.illustrative,
        )
        .where(S.received_on >= start, S.received_on <= end)
        .order_by(S.received_on, S.created_position)
        .limit(STATS_ROWS + 1)
    )  # fmt: skip
    found = [dict(r) for r in conn.execute(query).mappings()]
    return {"received": found[:STATS_ROWS], "received_truncated": len(found) > STATS_ROWS}
