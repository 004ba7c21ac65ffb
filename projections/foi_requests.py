"""Read model `foi_requests`: FOI requests with their deadlines (queries: reads.foi_queries).

The list never holds the requester's contact details (e-mail, phone, postal address): only the
name and kind. Deadlines follow domain.foi_deadlines with the working-day calendar as the
projection has seen it; an override of a day recomputes every request whose figures span it.
"""

from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    String,
    Table,
    Text,
    Uuid,
    select,
    true,
)

from domain import foi_deadlines as deadlines
from domain.foi_request import OPEN, FoiRequest, FoiStatus
from projections.foi_figures import derived, utc
from projections.runtime.projection import Projection, handles
from projections.runtime.rows import Rows
from projections.schema import metadata
from projections.text import fold
from projections.working_days import (
    OVERRIDE_EVENTS,
    OverrideEvent,
    calendar_in,
    overrides_table,
    record_override,
)

foi_requests = Table(
    "foi_requests",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("reference", String(40), nullable=False),
    Column("status", String(20), nullable=False),
    Column("open", Boolean, nullable=False),
    Column("outcome", String(20), nullable=True),
    Column("refusal_grounds", JSON, nullable=False),
    Column("channel", String(20), nullable=False),
    Column("answer_channel", String(20), nullable=True),
    Column("requester_name", Text, nullable=False),
    Column("requester_kind", String(20), nullable=False),
    Column("subject", Text, nullable=False),
    Column("officer", Text, nullable=True),
    Column("urgent", Boolean, nullable=False),
    Column("received_on", Date, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=True),
    Column("urgent_due_at", DateTime(timezone=True), nullable=True),
    Column("urgent_due_on", Date, nullable=True),
    Column("extended", Boolean, nullable=False),
    Column("deferred_to", Date, nullable=True),
    Column("due_on", Date, nullable=False),
    Column("extension_notice_due_on", Date, nullable=False),
    Column("answered_on", Date, nullable=True),
    Column("answered_at", DateTime(timezone=True), nullable=True),
    Column("late", Boolean, nullable=True),
    Column("working_days_late", Integer, nullable=True),
    Column("working_days_taken", Integer, nullable=True),
    Column("outgoing_number", Text, nullable=True),
    Column("clarifications", Integer, nullable=False),
    Column("transferred_on", Date, nullable=True),
    Column("to_holder", Text, nullable=True),
    Column("withdrawn_on", Date, nullable=True),
    Column("calendar_until", Date, nullable=False),
    Column("search", Text, nullable=False),
    Column("created_position", BigInteger, nullable=False),
    Column("version", Integer, nullable=False),
    Column("position", BigInteger, nullable=False),
    Index("ix_foi_requests_received", "received_on", "created_position"),
    Index("ix_foi_requests_status", "status", "received_on", "created_position"),
    Index("ix_foi_requests_officer", "officer", "received_on", "created_position"),
    Index("ix_foi_requests_due", "open", "due_on"),
    Index("ix_foi_requests_calendar", "calendar_until", "received_on"),
)
"""One row per request: its facts without contact details, and its deadlines."""

foi_calendar = overrides_table("foi_calendar")
"""The working-day overrides this projection has seen."""

F = foi_requests.c
OPEN_VALUES = frozenset(str(s) for s in OPEN)


class FoiRequestsProjection(Projection):
    """Folds FOI request events (and calendar overrides) into `foi_requests`."""

    name = "foi_requests"
    # 2: answered requests keep the figures of their answer (DOMAIN.md §7); a rebuild restores
    # those a later override had rewritten.
    version = 2
    tables = (foi_requests, foi_calendar)
    prefetch_by_originator = (foi_requests,)

    def _set(self, rows: Rows, e: Any, position: int, **values: Any) -> None:
        row = rows.get(foi_requests, e.originator_id)
        if row is None:
            return
        # DOMAIN.md §7: the figures of a closed request were fixed when it closed; only an
        # open request (and the event closing it) has them worked out again.
        was_open = row["open"]
        row.update(values)
        if was_open:
            values.update(derived(row, calendar_in(rows, foi_calendar)))
        rows.update(
            foi_requests,
            e.originator_id,
            version=e.originator_version,
            position=position,
            **values,
        )

    @handles(FoiRequest.Registered)
    def registered(self, rows: Rows, e: FoiRequest.Registered, position: int) -> None:
        """A new request: the requester's name and kind only, never how to reach them."""
        urgent_due_at = None
        if e.urgent and e.received_at is not None:
            urgent_due_at = deadlines.urgent_due_at(e.received_at)
        row: dict[str, Any] = {
            "id": e.originator_id,
            "reference": e.reference,
            "status": FoiStatus.RECEIVED.value,
            "open": True,
            "refusal_grounds": [],
            "channel": str(e.channel),
            "requester_name": e.requester.name,
            "requester_kind": str(e.requester.kind),
            "subject": e.subject,
            "urgent": e.urgent,
            "received_on": e.received_on,
            "received_at": utc(e.received_at),
            "urgent_due_at": utc(urgent_due_at),
            # The day the 48 hours end, in the zone the request was received in.
            "urgent_due_on": urgent_due_at.date() if urgent_due_at else None,
            "extended": False,
            "deferred_to": None,
            "answered_on": None,
            "answered_at": None,
            "clarifications": 0,
            "search": fold(e.reference, e.subject, e.requester.name),
            "created_position": position,
            "version": e.originator_version,
            "position": position,
        }
        row.update(derived(row, calendar_in(rows, foi_calendar)))
        rows.put(foi_requests, row)

    @handles(FoiRequest.Assigned)
    def assigned(self, rows: Rows, e: FoiRequest.Assigned, position: int) -> None:
        """Given to an officer (a received request is now in progress)."""
        row = rows.get(foi_requests, e.originator_id) or {}
        status = (
            FoiStatus.IN_PROGRESS.value
            if row.get("status") == FoiStatus.RECEIVED
            else row.get("status")
        )
        self._set(rows, e, position, officer=e.officer, status=status)

    @handles(FoiRequest.ExtensionNoticeSent)
    def extended(self, rows: Rows, e: FoiRequest.ExtensionNoticeSent, position: int) -> None:
        """Extended to 20 working days."""
        self._set(rows, e, position, status=FoiRequest.status_after("extend"), extended=True)

    @handles(FoiRequest.Deferred)
    def deferred(self, rows: Rows, e: FoiRequest.Deferred, position: int) -> None:
        """Deferred for force majeure to a new date."""
        self._set(
            rows, e, position, status=FoiRequest.status_after("defer"), deferred_to=e.new_due_on
        )

    @handles(FoiRequest.ClarificationRecorded)
    def clarified(self, rows: Rows, e: FoiRequest.ClarificationRecorded, position: int) -> None:
        """One more clarification exchange (the deadlines stay)."""
        row = rows.get(foi_requests, e.originator_id) or {}
        self._set(rows, e, position, clarifications=(row.get("clarifications") or 0) + 1)

    @handles(FoiRequest.Transferred)
    def transferred(self, rows: Rows, e: FoiRequest.Transferred, position: int) -> None:
        """Sent on to the holder: closed for us."""
        self._set(
            rows,
            e,
            position,
            status=FoiRequest.status_after("transfer"),
            open=False,
            transferred_on=e.transferred_on,
            to_holder=e.to_holder,
        )

    @handles(FoiRequest.Answered)
    def answered(self, rows: Rows, e: FoiRequest.Answered, position: int) -> None:
        """Answered: outcome, grounds, and whether on time."""
        self._set(
            rows,
            e,
            position,
            status=FoiRequest.status_after("answer"),
            open=False,
            answered_on=e.answered_on,
            answered_at=utc(e.answered_at),
            outcome=str(e.outcome),
            refusal_grounds=[str(g) for g in e.refusal_grounds],
            outgoing_number=e.outgoing_number,
            answer_channel=str(e.channel),
        )
        if e.due_on is not None and e.late is not None and e.working_days_late is not None:
            # Lateness is a fact of the answer, recorded with the calendar in force then.
            rows.update(
                foi_requests,
                e.originator_id,
                due_on=e.due_on,
                late=e.late,
                working_days_late=e.working_days_late,
            )

    @handles(FoiRequest.PaymentRecorded)
    def paid(self, rows: Rows, e: FoiRequest.PaymentRecorded, position: int) -> None:
        """The copying fee was paid (nothing listed changes but the version)."""
        self._set(rows, e, position)

    @handles(FoiRequest.Withdrawn)
    def withdrawn(self, rows: Rows, e: FoiRequest.Withdrawn, position: int) -> None:
        """Withdrawn by the requester."""
        self._set(
            rows,
            e,
            position,
            status=FoiRequest.status_after("withdraw"),
            open=False,
            withdrawn_on=e.withdrawn_on,
        )

    @handles(*OVERRIDE_EVENTS)
    def calendar_changed(self, rows: Rows, e: OverrideEvent, position: int) -> None:
        """A day's working status changed: re-plan every open request whose figures span it."""
        calendar = record_override(rows, foi_calendar, e, position)
        t = rows.table(foi_requests)
        # DOMAIN.md §7: answered (and otherwise closed) requests keep their figures.
        query = select(t.c.id).where(
            t.c.open == true(), t.c.calendar_until >= e.day, t.c.received_on < e.day
        )
        ids = [(i,) for i in rows.conn.execute(query).scalars()]
        rows.prefetch(foi_requests, ids)
        for (request_id,) in ids:
            row = rows.get(foi_requests, request_id)
            if row is None:
                continue
            changed = {k: v for k, v in derived(row, calendar).items() if row[k] != v}
            if changed:
                rows.update(foi_requests, request_id, position=position, **changed)
