"""Read model `audit_trail`: one row per event of the whole log, for GET /audit/events.

Every event of every aggregate in `domain/` (found by importing the package, so a new case type or
event joins the trail without a list to edit) becomes one row keyed by its log position: time, case,
case type, version, type, a one-line description (English and Ukrainian: see `domain.describe`),
actor, note, correlation id and its facts. The facts pass through `domain.personal_data.redact`
before they are stored (and the description is made from the redacted facts): an FOI requester's
e-mail, phone and postal address never reach this table, so no reader of the trail can see them;
e-mail addresses and phone numbers typed into a note or any free-text fact are masked too
(`domain.personal_data.for_auditors`), and the paths hidden are listed in `redacted`.

Queries are in log order, filtered by actor, case, case type, event type and a time range
(from inclusive, to exclusive), a page at a time (the cursor holds the last position).
"""

import importlib
import pkgutil
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from eventsourcing.domain import Aggregate
from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Connection,
    DateTime,
    Engine,
    Index,
    Integer,
    String,
    Table,
    Text,
    Uuid,
    select,
)

from domain.case_types import UnknownCaseType, aggregate_of
from domain.describe import describe_both
from domain.facts import case_type_of, facts_of
from domain.personal_data import for_auditors, mask_contacts
from domain.sealed import ERASURE_EVENTS, hide_sealed
from projections.audit_query import AuditTrailPage, AuditTrailQuery
from projections.paging import Page, as_int, decode_cursor, page_of
from projections.runtime.projection import Projection, handles
from projections.runtime.rows import Rows
from projections.schema import metadata

audit_events = Table(
    "audit_events",
    metadata,
    Column("position", BigInteger, primary_key=True, autoincrement=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("case_id", Uuid, nullable=False),
    Column("case_type", String(40), nullable=False),
    Column("version", Integer, nullable=False),
    Column("type", String(60), nullable=False),
    Column("description", Text, nullable=False),
    # Ukrainian; NULL only in rows written before 0011 until version 2 rebuilds them.
    Column("description_uk", Text, nullable=True),
    Column("actor", Text, nullable=True),  # a token subject: any length
    Column("note", Text, nullable=True),
    Column("correlation_id", Text, nullable=True),
    Column("facts", JSON, nullable=False),
    Column("redacted", JSON, nullable=False),
    Index("ix_audit_events_actor", "actor", "position"),
    Index("ix_audit_events_case", "case_id", "position"),
    Index("ix_audit_events_case_type", "case_type", "position"),
    Index("ix_audit_events_type", "type", "position"),
    Index("ix_audit_events_at", "at", "position"),
)
T = audit_events.c


def domain_event_classes() -> tuple[type, ...]:
    """Every event class of every aggregate declared in the `domain` package."""
    import domain

    found: dict[type, None] = {}
    for info in sorted(pkgutil.iter_modules(domain.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{domain.__name__}.{info.name}")
        for value in vars(module).values():
            if not _aggregate_of(value, module.__name__):
                continue
            for attr in vars(value).values():
                if isinstance(attr, type) and issubclass(attr, value.Event):
                    if attr is not value.Event:
                        found[attr] = None
    return tuple(found)


def _aggregate_of(value: Any, module: str) -> bool:
    return (
        isinstance(value, type)
        and issubclass(value, Aggregate)
        and value.__module__ == module
        and hasattr(value, "Event")
    )


def trail_row(event: Any, position: int) -> dict[str, Any]:
    """The trail's row of one domain event: readable, described, contact details redacted."""
    qualname = type(event).__qualname__
    case_type = case_type_of(event)
    meta = getattr(event, "meta", None)
    facts, note, hidden = for_auditors(facts_of(event), getattr(meta, "note", None), case_type)
    said = describe_both(qualname, facts)
    return {
        "position": position,
        "at": utc(event.timestamp),
        "case_id": event.originator_id,
        "case_type": case_type,
        "version": event.originator_version,
        "type": qualname.rsplit(".", 1)[-1],
        "description": mask_contacts(said.en),
        "description_uk": mask_contacts(said.uk),
        "actor": getattr(meta, "actor", None),
        "note": note,
        "correlation_id": getattr(meta, "correlation_id", None),
        "facts": facts,
        "redacted": hidden,
    }


class AuditTrailProjection(Projection):
    """Folds every event of the log into `audit_events`, one row per position."""

    name = "audit_trail"
    # 2: contacts typed into free text masked; 3: description_uk, FOI/shipment describers;
    # 4: sealed personal data shown as [sealed], as [erased] after the person's erasure
    version = 4
    tables = (audit_events,)

    @handles(*domain_event_classes())
    def recorded(self, rows: Rows, e: Aggregate.Event, position: int) -> None:
        """Any event: one row of the trail; an erasure marks the case's earlier rows erased."""
        rows.put(audit_events, trail_row(e, position))
        if type(e).__qualname__ in ERASURE_EVENTS:
            mark_erased(rows, e.originator_id)


MAX_CASE_EVENTS = 100_000  # a case's events marked erased in one go (bounded; cases hold few)


def mark_erased(rows: Rows, case_id: Any) -> None:
    """Show a case's sealed fields as ERASED on every earlier row of the trail."""
    t = rows.table(audit_events)
    query = (
        select(t.c.position)
        .where(t.c.case_id == case_id)
        .order_by(t.c.position)
        .limit(MAX_CASE_EVENTS)
    )
    positions = [r.position for r in rows.conn.execute(query)]
    rows.prefetch(audit_events, [(p,) for p in positions])
    for p in positions:
        row = rows.get(audit_events, p)
        if row is not None and "sealed" in str(row["facts"]):
            facts = hide_sealed(row["facts"], erased=True)
            if facts != row["facts"]:
                rows.update(audit_events, p, facts=facts)


# -- queries -----------------------------------------------------------------------------------


def utc(moment: datetime) -> datetime:
    """A moment in UTC (SQLite keeps UTC without its offset: a naive one is UTC)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _aggregate_or_as_given(spelling: str) -> str:
    try:
        return aggregate_of(spelling)
    except UnknownCaseType:  # an aggregate the registry does not name: matches nothing new
        return spelling


def _where(q: AuditTrailQuery) -> list[Any]:
    where: list[Any] = []
    if q.actor is not None:
        where.append(T.actor == q.actor)
    if q.case_id is not None:
        where.append(T.case_id == q.case_id)
    if q.case_type is not None:
        where.append(T.case_type == aggregate_of(q.case_type))
    if q.type is not None:
        case_type, dot, short = q.type.rpartition(".")
        where.append(T.type == short)
        if dot:  # "Agreement.Signed" (or "agreement.Signed"): the type within its case type
            where.append(T.case_type == _aggregate_or_as_given(case_type))
    if q.since is not None:
        where.append(T.at >= utc(q.since))
    if q.until is not None:
        where.append(T.at < utc(q.until))
    return where


def list_audit_events(conn: Connection, q: AuditTrailQuery) -> Page:
    """The events matching a query in log order, a page at a time (cursor: the last position)."""
    where = _where(q)
    after = decode_cursor(q.cursor, 1)
    if after is not None:
        where.append(T.position > as_int(after[0]))
    query = select(audit_events).where(*where).order_by(T.position).limit(q.limit + 1)
    rows = [_item(r) for r in conn.execute(query).mappings()]
    return page_of(rows, q.limit, lambda r: [r["position"]])


def _item(row: Mapping[str, Any]) -> dict[str, Any]:
    item = dict(row)
    item["at"] = utc(item["at"])
    return item


class AuditTrailReader:
    """`projections.audit_query.AuditTrail` over the read database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def events(self, query: AuditTrailQuery) -> AuditTrailPage:
        """The events matching a query, in log order (BadCursor for a foreign cursor)."""
        with self.engine.connect().execution_options(read_only=True) as conn:
            page = list_audit_events(conn, query)
        return AuditTrailPage(page.items, page.next_cursor)
