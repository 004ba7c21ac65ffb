"""Tables of read model `shipments` and the figures of a line (exact decimal text, stock order)."""

from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    Index,
    Integer,
    String,
    Table,
    Text,
    Uuid,
    false,
)

from domain.aid_lines import AidCategory
from projections.schema import metadata

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


def with_stock(row: dict[str, Any]) -> dict[str, Any]:
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
