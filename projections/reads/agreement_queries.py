"""The queries of read model `agreements`: the filtered list, renewals due, in force on a day."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, and_, exists, not_, or_, select, true, tuple_

from domain.agreement import AgreementStatus
from projections.agreements import A, L, agreements
from projections.paging import Page, as_date, as_int, as_uuid, decode_cursor, page_of
from projections.text import fold


@dataclass(frozen=True)
class AgreementFilter:
    """What GET /agreements may ask for."""

    status: str | None = None
    kind: str | None = None
    partner_id: UUID | None = None
    country: str | None = None
    in_force: bool | None = None
    owner: str | None = None
    q: str | None = None
    as_of: date | None = None  # `in_force` judged on this day (DOMAIN.md §7); None: by status


def lapsed_on(row: dict[str, Any], today: date) -> date | None:
    """The expiry date once passed, for an agreement in force or expired (as Agreement's)."""
    # DOMAIN.md §7: past `expires_on` an agreement is not in force, whether or not the expiry
    # event has been recorded yet. Computed at read time: no time-dependent flag is stored.
    lapsing = row["in_force"] or row["status"] == AgreementStatus.EXPIRED
    expires_on = row["expires_on"]
    if lapsing and expires_on is not None and expires_on <= today:
        return expires_on
    return None


def in_force_on(row: dict[str, Any], today: date) -> bool:
    """In force by its status and not past its expiry date as of today."""
    return bool(row["in_force"]) and lapsed_on(row, today) is None


def list_agreements(
    conn: Connection, f: AgreementFilter, limit: int, cursor: str | None = None
) -> Page:
    """Agreements, newest first, a page at a time."""
    where: list[Any] = []
    if f.status:
        where.append(A.status == f.status)
    if f.kind:
        where.append(A.kind == f.kind)
    if f.in_force is not None:
        in_force: Any = A.in_force == true()
        if f.as_of is not None:
            in_force = and_(in_force, or_(A.expires_on.is_(None), A.expires_on > f.as_of))
        where.append(in_force if f.in_force else not_(in_force))
    if f.owner:
        where.append(A.owner == f.owner)
    if f.partner_id is not None:
        where.append(exists().where(L.agreement_id == A.id, L.partner_id == f.partner_id))
    if f.country:
        where.append(exists().where(L.agreement_id == A.id, L.country == f.country.upper()))
    if f.q and fold(f.q):
        where.append(A.search.contains(fold(f.q), autoescape=True))
    after = decode_cursor(cursor, 1)
    if after is not None:
        where.append(A.created_position < as_int(after[0]))
    query = select(agreements).where(*where).order_by(A.created_position.desc()).limit(limit + 1)
    rows = [dict(r) for r in conn.execute(query).mappings()]
    return page_of(rows, limit, lambda r: [r["created_position"]])


def renewals_due(
    conn: Connection, as_of: date, within_days: int, limit: int, cursor: str | None = None
) -> Page:
    """Agreements in force whose expiry falls on or before as_of + within_days, soonest first."""
    query = select(agreements).where(
        A.in_force == true(),
        A.expires_on.is_not(None),
        A.expires_on <= as_of + timedelta(days=within_days),
    )
    after = decode_cursor(cursor, 2)
    if after is not None:
        query = query.where(tuple_(A.expires_on, A.id) > (as_date(after[0]), as_uuid(after[1])))
    query = query.order_by(A.expires_on, A.id).limit(limit + 1)
    rows = [dict(r) for r in conn.execute(query).mappings()]
    return page_of(rows, limit, lambda r: [r["expires_on"].isoformat(), str(r["id"])])


def renewal_window(days_to_expiry: int, windows: list[int]) -> int | None:
    """The narrowest reminder window (e.g. 90/60/30) the expiry falls in; 0 once past."""
    if days_to_expiry < 0:
        return 0
    inside = [w for w in windows if days_to_expiry <= w]
    return min(inside) if inside else None
