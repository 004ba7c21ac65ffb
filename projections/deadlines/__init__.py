"""Read model `deadlines`: every open obligation of every case type, soonest first.

Each case type contributes its rules as a mixin of `DeadlineRules` in its own module of this
package; add the mixin to `DeadlinesProjection`'s bases and bump its `version` (the engine then
rebuilds the table from the whole log).
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, select, true, tuple_

from projections.base import Projection
from projections.deadlines.agreements import AgreementDeadlines
from projections.deadlines.foi import FoiDeadlines, deadline_calendar
from projections.deadlines.shipments import ShipmentDeadlines
from projections.deadlines.tables import DeadlineRules, deadline_cases, deadlines
from projections.paging import Page, as_date, as_uuid, decode_cursor, page_of

__all__ = [
    "DeadlineFilter",
    "DeadlineRules",
    "DeadlinesProjection",
    "deadline_cases",
    "deadlines",
    "list_deadlines",
]

D = deadlines.c


class DeadlinesProjection(AgreementDeadlines, FoiDeadlines, ShipmentDeadlines, Projection):
    """Folds the obligations of every case type into `deadlines`."""

    name = "deadlines"
    version = 2
    tables = (deadlines, deadline_cases, deadline_calendar)
    prefetch_by_originator = (deadline_cases, deadlines)


@dataclass(frozen=True)
class DeadlineFilter:
    """What GET /deadlines may ask for."""

    as_of: date
    kind: str | None = None
    case_type: str | None = None
    owner: str | None = None
    overdue: bool | None = None


def list_deadlines(
    conn: Connection, f: DeadlineFilter, limit: int, cursor: str | None = None
) -> Page:
    """Open obligations, soonest first; `overdue` keeps only those past (or not yet) due."""
    query = select(deadlines).where(D.open == true())
    if f.kind:
        query = query.where(D.kind == f.kind)
    if f.case_type:
        query = query.where(D.case_type == f.case_type)
    if f.owner:
        query = query.where(D.owner == f.owner)
    if f.overdue is True:
        query = query.where(D.due_on < f.as_of)
    elif f.overdue is False:
        query = query.where(D.due_on >= f.as_of)
    after = decode_cursor(cursor, 3)
    if after is not None:
        key = (as_date(after[0]), as_uuid(after[1]), str(after[2]))
        query = query.where(tuple_(D.due_on, D.case_id, D.kind) > key)
    query = query.order_by(D.due_on, D.case_id, D.kind).limit(limit + 1)
    rows = [dict(r) for r in conn.execute(query).mappings()]
    return page_of(rows, limit, lambda r: [r["due_on"].isoformat(), str(r["case_id"]), r["kind"]])
