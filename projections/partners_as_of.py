"""Partner statistics as of any day, from the register: partners and agreements in force then.

"33 twin cities in 22 countries" (the 2018 conference) is a count over the register, not a
constant: a partner counts on a day when its tie had begun by then and was not severed by then.
A tie begins with the earliest agreement naming the partner that was in force on or before the
day (signed: effective_from, else signed_on) or, for a partner with no such agreement on record,
in the year recorded as `since` (ties older than the council's digital records). A severance
decided on or before the day ends it. Agreements in force on the day are counted alongside: signed
(or renewed) and in effect by then, and not ended or lapsed by then.
"""

from collections import Counter
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, func, select

from projections.agreements import agreement_partners, agreements
from projections.partners import partners

A, AP, P = agreements.c, agreement_partners.c, partners.c


def _in_force_on(row: Any, day: date) -> bool:
    start = row.effective_from or row.signed_on
    if start is None or start > day:
        return False
    if row.ended_on is not None and row.ended_on <= day:
        return False
    return row.expires_on is None or row.expires_on > day


def partners_as_of(conn: Connection, day: date, relationship: str | None = None) -> dict[str, Any]:
    """Partners whose tie was in force on `day`, by relationship and country; agreements too."""
    rows = conn.execute(
        select(A.id, A.kind, A.signed_on, A.effective_from, A.expires_on, A.ended_on)
    ).all()
    in_force = {r.id: r for r in rows if _in_force_on(r, day)}
    begun: dict[UUID, date] = {}
    linked = conn.execute(select(AP.agreement_id, AP.partner_id)).all()
    started = {r.id: (r.effective_from or r.signed_on) for r in rows}
    for agreement_id, partner_id in linked:
        start = started.get(agreement_id)
        if start is not None and start <= day:
            begun[partner_id] = min(start, begun.get(partner_id, start))
    with_agreement = {pid for aid, pid in linked if aid in in_force}
    query = select(P.id, P.country, P.relationship, P.since, P.status, P.decided_on)
    if relationship:
        query = query.where(P.relationship == relationship)
    counted = []
    for p in conn.execute(query):
        if p.status == "severed" and p.decided_on is not None and p.decided_on <= day:
            continue
        if p.id in begun or (p.since is not None and p.since <= day.year):
            counted.append(p)
    by_country = Counter(p.country for p in counted)
    return {
        "as_of": day,
        "relationship": relationship,
        "partners": len(counted),
        "countries": len(by_country),
        "by_country": dict(sorted(by_country.items())),
        "by_relationship": dict(sorted(Counter(p.relationship for p in counted).items())),
        "with_agreement_in_force": sum(1 for p in counted if p.id in with_agreement),
        "agreements_in_force": len(in_force),
        "agreements_in_force_by_kind": dict(
            sorted(Counter(r.kind for r in in_force.values()).items())
        ),
    }


def partner_total(conn: Connection) -> int:
    """Partners registered (any status)."""
    return int(conn.execute(select(func.count()).select_from(partners)).scalar_one())
