"""The working-day calendar as a projection has seen it: overrides folded into its own table.

Handlers never read the event store, so a projection whose figures depend on working days
(FOI deadlines) keeps every override it has been given in a small table of its own, and builds
the `Calendar` from it: loaded once per batch, then kept up to date by the override events.
"""

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from weakref import WeakKeyDictionary

from sqlalchemy import BigInteger, Boolean, Column, Date, Table, select

from domain.calendar import Calendar
from domain.working_calendar import CalendarRegister
from projections.runtime.rows import Rows
from projections.schema import metadata

OVERRIDE_EVENTS = (
    CalendarRegister.DayMadeWorking,
    CalendarRegister.DayMadeNonWorking,
    CalendarRegister.OverrideRemoved,
)
OverrideEvent = (
    CalendarRegister.DayMadeWorking
    | CalendarRegister.DayMadeNonWorking
    | CalendarRegister.OverrideRemoved
)
"""The type of an override event (one of OVERRIDE_EVENTS)."""

_per_batch: "WeakKeyDictionary[Rows, dict[Table, Calendar]]" = WeakKeyDictionary()


def overrides_table(name: str) -> Table:
    """A projection's own table of the overrides it has seen (one row per overridden day)."""
    return Table(
        name,
        metadata,
        Column("day", Date, primary_key=True),
        Column("working", Boolean, nullable=False),
        Column("position", BigInteger, nullable=False),
    )


def _calendar(overrides: Mapping[date, bool]) -> Calendar:
    return Calendar(MappingProxyType(dict(overrides)))


def _seen(rows: Rows) -> dict[Table, Calendar]:
    try:
        return _per_batch.setdefault(rows, {})
    except TypeError:  # a unit of work without weak references: read the table every time
        return {}


def calendar_in(rows: Rows, table: Table) -> Calendar:
    """The statutory calendar with every override in the table (read once per batch)."""
    seen = _seen(rows)
    if table not in seen:
        target = rows.table(table)
        found = rows.conn.execute(select(target.c.day, target.c.working))
        seen[table] = _calendar({day: bool(working) for day, working in found})
    return seen[table]


def record_override(rows: Rows, table: Table, e: OverrideEvent, position: int) -> Calendar:
    """Fold one override event into the table; the calendar as it stands after it."""
    overrides = dict(calendar_in(rows, table).overrides)
    if isinstance(e, CalendarRegister.OverrideRemoved):
        overrides.pop(e.day, None)
        rows.delete(table, e.day)
    else:
        working = isinstance(e, CalendarRegister.DayMadeWorking)
        overrides[e.day] = working
        rows.put(table, {"day": e.day, "working": working, "position": position})
    calendar = _calendar(overrides)
    _seen(rows)[table] = calendar
    return calendar
