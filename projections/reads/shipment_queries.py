"""The queries of read model `shipments`: the list, undistributed stock, the figures of a period."""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, exists, select, true

from projections.paging import BadCursor, Page, as_int, decode_cursor, page_of
from projections.shipment_tables import ZERO, L, S, exact, shipment_lines, shipments
from projections.text import fold


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
