"""Read model `deadlines`: every open obligation of every case type, soonest first.

Each case type contributes its rules as a mixin of `DeadlineRules` in its own module of this
package; add the mixin to `DeadlinesProjection`'s bases and bump its `version` (the engine then
rebuilds the table from the whole log).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, select, true, tuple_

from domain.calendar import Calendar
from domain.case_types import slug_of
from projections.deadlines import agreements as agreement_rules
from projections.deadlines import foi as foi_rules
from projections.deadlines import shipments as shipment_rules
from projections.deadlines.agreements import AgreementDeadlines
from projections.deadlines.consuls import ConsulDeadlines
from projections.deadlines.engagements import EngagementDeadlines, ProjectDeadlines
from projections.deadlines.foi import FoiDeadlines, deadline_calendar
from projections.deadlines.shipments import ShipmentDeadlines
from projections.deadlines.tables import DeadlineRules, deadline_cases, deadlines
from projections.paging import Page, as_date, as_uuid, decode_cursor, page_of
from projections.runtime.projection import Projection, handles
from projections.runtime.rows import Rows
from projections.working_days import OVERRIDE_EVENTS, OverrideEvent, record_override

__all__ = [
    "DeadlineFilter",
    "DeadlineRules",
    "DeadlinesProjection",
    "deadline_cases",
    "deadlines",
    "list_deadlines",
]

D = deadlines.c


class DeadlinesProjection(
    AgreementDeadlines,
    FoiDeadlines,
    ShipmentDeadlines,
    ConsulDeadlines,
    EngagementDeadlines,
    ProjectDeadlines,
    Projection,
):
    """Folds the obligations of every case type into `deadlines`."""

    name = "deadlines"
    # 3: a calendar override also re-plans open aid reports and agreement notice deadlines
    # (Civil Code Art. 254(5), docs/DEADLINES.md); the rebuild records the facts they need.
    # 4: honorary consuls' term ends and memberships' renewals (issue 17).
    # 5: engagement follow-ups and project milestones (issue 17).
    version = 5
    tables = (deadlines, deadline_cases, deadline_calendar)
    prefetch_by_originator = (deadline_cases, deadlines)

    @handles(*OVERRIDE_EVENTS)
    def calendar_changed(self, rows: Rows, e: OverrideEvent, position: int) -> None:
        """A day's working status changed: move the open deadlines whose due day it can move."""
        calendar = record_override(rows, deadline_calendar, e, position)
        t = rows.table(deadlines)
        # A due day moves only if the overridden day is on or before it (a working-day count
        # through it, or a term ending on it under Art. 254(5)); closed deadlines never move.
        query = select(t.c.case_id, t.c.kind).where(
            t.c.kind.in_(tuple(REPLANNED)), t.c.open == true(), t.c.due_on >= e.day
        )
        found: list[tuple[UUID, str]] = [(r.case_id, r.kind) for r in rows.conn.execute(query)]
        rows.prefetch(deadline_cases, [(case_id,) for case_id, _ in found])
        rows.prefetch(deadlines, found)
        for case_id, kind in found:
            case = self.case(rows, case_id)
            row = rows.get(deadlines, case_id, kind)
            if case is None or row is None:
                continue
            due_on = REPLANNED[kind](case["facts"], calendar)
            if due_on is not None and row["due_on"] != due_on:
                rows.update(deadlines, case_id, kind, due_on=due_on, position=position)


def _foi(kind: str) -> Callable[[dict[str, Any], Calendar], date | None]:
    return lambda facts, calendar: foi_rules.foi_schedule(facts, calendar)[kind][0]


# The deadlines that follow the working-day calendar, and how each is worked out again.
REPLANNED: dict[str, Callable[[dict[str, Any], Calendar], date | None]] = {
    foi_rules.ANSWER: _foi(foi_rules.ANSWER),
    foi_rules.NOTICE: _foi(foi_rules.NOTICE),
    shipment_rules.REPORT: shipment_rules.shipment_report_due,
    agreement_rules.NOTICE: agreement_rules.agreement_notice_due,
}


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
        query = query.where(D.case_type == slug_of(f.case_type))
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
