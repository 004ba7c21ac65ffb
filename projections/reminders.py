"""Read model `reminders`: one row per reminder issued on any case, the outbox's messages.

Each row has a stable message id, uuid5(case id, reminder key): the same reminder always gets
the same id (it is the e-mail's Message-ID and the webhook's X-Pobratym-Message-Id), so a
receiver drops duplicates. Delivery state lives apart, in the service table
`reminder_deliveries` (infrastructure.outbox), so a rebuild of this read model resets nothing.
"""

from collections.abc import Iterable
from datetime import UTC
from uuid import UUID, uuid5

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Connection,
    Date,
    DateTime,
    Index,
    Integer,
    String,
    Table,
    Text,
    Uuid,
    select,
)

from domain.agreement import Agreement
from domain.aid_shipment import AidShipment
from domain.case_types import case_type_of
from domain.engagement import Engagement
from domain.foi_request import FoiRequest
from domain.honorary_consul import HonoraryConsul
from domain.membership import Membership
from domain.project import Project
from projections.runtime.projection import Projection, handles
from projections.runtime.rows import Rows
from projections.schema import metadata

ReminderIssued = (
    Agreement.ReminderIssued
    | FoiRequest.ReminderIssued
    | AidShipment.ReminderIssued
    | Engagement.ReminderIssued
    | Project.ReminderIssued
    | HonoraryConsul.ReminderIssued
    | Membership.ReminderIssued
)

reminders = Table(
    "reminders",
    metadata,
    Column("message_id", Uuid, primary_key=True),
    Column("case_id", Uuid, nullable=False),
    Column("case_type", String(20), nullable=False),
    Column("reference", String(40), nullable=False),
    Column("title", Text, nullable=True),
    Column("key", String(80), nullable=False),
    Column("what", String(40), nullable=False),
    Column("due_on", Date, nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=True),
    Column("remind_on", Date, nullable=False),
    Column("window_days", Integer, nullable=True),
    Column("responsible", Text, nullable=True),
    Column("recipients", JSON, nullable=False),
    Column("issued_on", Date, nullable=False),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("actor", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("position", BigInteger, nullable=False),
    Index("ix_reminders_position", "position"),
    Index("ix_reminders_case", "case_id", "key"),
    Index("ix_reminders_issued", "issued_on", "position"),
    Index("ix_reminders_case_type", "case_type", "position"),
    Index("ix_reminders_what", "what", "position"),
)
R = reminders.c


def message_id(case_id: UUID, key: str) -> UUID:
    """The stable id of a reminder's message: the same case and key, the same id."""
    return uuid5(case_id, key)


class RemindersProjection(Projection):
    """Folds every case's ReminderIssued events into `reminders`."""

    name = "reminders"
    version = 1
    tables = (reminders,)

    @handles(
        Agreement.ReminderIssued,
        FoiRequest.ReminderIssued,
        AidShipment.ReminderIssued,
        Engagement.ReminderIssued,
        Project.ReminderIssued,
        HonoraryConsul.ReminderIssued,
        Membership.ReminderIssued,
    )
    def reminder_issued(self, rows: Rows, e: ReminderIssued, position: int) -> None:
        """A reminder went out on a case: one message to deliver."""
        rows.put(
            reminders,
            {
                "message_id": message_id(e.originator_id, e.key),
                "case_id": e.originator_id,
                "case_type": case_type_of(e).slug,
                "reference": e.reference,
                "title": e.title,
                "key": e.key,
                "what": e.what,
                "due_on": e.due_on,
                "due_at": e.due_at.astimezone(UTC) if e.due_at else None,
                "remind_on": e.remind_on,
                "window_days": e.window,
                "responsible": e.responsible,
                "recipients": [e.responsible] if e.responsible else [],
                "issued_on": e.issued_on,
                "issued_at": e.timestamp,
                "actor": e.meta.actor,
                "version": e.originator_version,
                "position": position,
            },
        )


# -- queries -----------------------------------------------------------------------------------


def issued_keys(conn: Connection, case_ids: Iterable[UUID]) -> dict[UUID, set[str]]:
    """The reminder keys issued so far, by case (cases without any are left out)."""
    wanted = list(dict.fromkeys(case_ids))
    out: dict[UUID, set[str]] = {}
    for i in range(0, len(wanted), 500):
        query = select(R.case_id, R.key).where(R.case_id.in_(wanted[i : i + 500]))
        for case_id, key in conn.execute(query):
            out.setdefault(case_id, set()).add(key)
    return out
