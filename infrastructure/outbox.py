"""The outbox's deliveries in the read database, and the reads of reminders with their state.

`reminder_deliveries` is a service table (like `audit_chain`), not a read model: one row per
message and channel with its state (pending, sending, sent, failed), attempts, next attempt,
lease and last error. Messages come from the `reminders` read model; rebuilding that read model
gives every message the same id again, so no delivery state is lost or repeated.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import (
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
    and_,
    exists,
    func,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from application.outbox import Claimed, Message
from domain.case_types import slug_of
from infrastructure.readdb import metadata
from projections.paging import Page, as_int, decode_cursor, page_of
from projections.reminders import R, reminders

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"

reminder_deliveries = Table(
    "reminder_deliveries",
    metadata,
    Column("message_id", Uuid, primary_key=True),
    Column("channel", String(20), primary_key=True),
    Column("status", String(10), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False),
    Column("lease_until", DateTime(timezone=True), nullable=True),
    Column("claim_token", String(32), nullable=True),
    Column("last_error", Text, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True), nullable=True),
    Index("ix_reminder_deliveries_due", "channel", "status", "next_attempt_at"),
    # GET /reminders?delivery=: find the few pending or failed messages without a scan.
    Index("ix_reminder_deliveries_status", "status", "message_id"),
)
D = reminder_deliveries.c


def utc(moment: datetime | None) -> datetime | None:
    """A stored moment as UTC (SQLite gives it back without its zone)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def message_of(row: Any) -> Message:
    """A reminders row as an outbox message."""
    return Message(
        id=row.message_id,
        case_type=row.case_type,
        case_id=row.case_id,
        reference=row.reference,
        title=row.title,
        key=row.key,
        what=row.what,
        due_on=row.due_on,
        due_at=utc(row.due_at),
        remind_on=row.remind_on,
        window=row.window_days,
        responsible=row.responsible,
        issued_on=row.issued_on,
    )


class SqlOutbox:
    """The OutboxStore over the read database (SQLite or PostgreSQL)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def enqueue(self, channels: Sequence[str], now: datetime) -> int:
        """Add a pending delivery per channel for every message that has none."""
        now = now.astimezone(UTC)
        added = 0
        with self.engine.begin() as conn:
            insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
            for channel in channels:
                missing = select(
                    R.message_id,
                    literal(channel, String(20)),
                    literal(PENDING, String(10)),
                    literal(0, Integer),
                    literal(now, DateTime(timezone=True)),
                    literal(now, DateTime(timezone=True)),
                    literal(now, DateTime(timezone=True)),
                ).where(~exists().where(D.message_id == R.message_id, D.channel == channel))
                names = [
                    "message_id",
                    "channel",
                    "status",
                    "attempts",
                    "next_attempt_at",
                    "created_at",
                    "updated_at",
                ]
                statement = (
                    insert(reminder_deliveries)
                    .from_select(names, missing)
                    .on_conflict_do_nothing()
                    .returning(D.message_id)
                )
                added += len(conn.execute(statement).all())
        return added

    def _claimable(self, channel: str, now: datetime) -> Any:
        return and_(
            D.channel == channel,
            or_(
                and_(D.status == PENDING, D.next_attempt_at <= now),
                and_(D.status == SENDING, D.lease_until < now),
            ),
        )

    def claim(self, channel: str, now: datetime, lease: timedelta, limit: int) -> list[Claimed]:
        """Take due deliveries one by one with an atomic update (a lost race takes nothing)."""
        now = now.astimezone(UTC)
        with self.engine.connect().execution_options(read_only=True) as conn:
            due = (
                select(D.message_id)
                .where(self._claimable(channel, now))
                .order_by(D.next_attempt_at, D.message_id)
                .limit(limit)
            )
            ids = list(conn.execute(due).scalars())
        out = []
        for message_id in ids:
            token = uuid4().hex
            with self.engine.begin() as conn:
                row = conn.execute(select(reminders).where(R.message_id == message_id)).first()
                if row is None:
                    continue  # the read model is being rebuilt: the next pass sends it
                attempts = conn.execute(
                    update(reminder_deliveries)
                    .where(D.message_id == message_id, self._claimable(channel, now))
                    .values(
                        status=SENDING,
                        attempts=D.attempts + 1,
                        lease_until=now + lease,
                        claim_token=token,
                        updated_at=now,
                    )
                    .returning(D.attempts)
                ).scalar()
                if attempts is None:
                    continue  # another runner claimed it first
            out.append(Claimed(message_of(row), channel, attempts, token))
        return out

    def _finish(self, claimed: Claimed, **values: Any) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(reminder_deliveries)
                .where(
                    D.message_id == claimed.message.id,
                    D.channel == claimed.channel,
                    D.claim_token == claimed.token,
                )
                .values(lease_until=None, claim_token=None, **values)
            )

    def sent(self, claimed: Claimed, now: datetime) -> None:
        """Record a delivery as sent."""
        now = now.astimezone(UTC)
        self._finish(claimed, status=SENT, sent_at=now, updated_at=now, last_error=None)

    def retry(self, claimed: Claimed, error: str, now: datetime, retry_at: datetime | None) -> None:
        """Record a failed attempt: pending again at retry_at, or failed for good."""
        now = now.astimezone(UTC)
        if retry_at is None:
            self._finish(claimed, status=FAILED, last_error=error, updated_at=now)
        else:
            self._finish(
                claimed,
                status=PENDING,
                last_error=error,
                next_attempt_at=retry_at.astimezone(UTC),
                updated_at=now,
            )

    def requeue_failed(self, now: datetime) -> int:
        """Give every failed delivery a fresh set of attempts (after fixing the channel)."""
        now = now.astimezone(UTC)
        with self.engine.begin() as conn:
            return (
                conn.execute(
                    update(reminder_deliveries)
                    .where(D.status == FAILED)
                    .values(status=PENDING, attempts=0, next_attempt_at=now, updated_at=now)
                ).rowcount
                or 0
            )


# -- reads: GET /reminders and `pobratym reminders status` -------------------------------------


@dataclass(frozen=True)
class ReminderFilter:
    """What GET /reminders may ask for."""

    as_of: date | None = None
    case_id: UUID | None = None
    case_type: str | None = None
    what: str | None = None
    delivery: str | None = None  # pending (incl. sending), failed, sent, undelivered


def _delivery_clause(state: str) -> Any:
    mine = D.message_id == R.message_id
    # Few messages wait or fail: find them by ix_reminder_deliveries_status, not by probing
    # the deliveries of every reminder in turn (SQLite does not turn EXISTS into a join).
    if state == PENDING:
        return R.message_id.in_(select(D.message_id).where(D.status.in_([PENDING, SENDING])))
    if state == FAILED:
        return R.message_id.in_(select(D.message_id).where(D.status == FAILED))
    if state == SENT:
        return and_(exists().where(mine), ~exists().where(mine, D.status != SENT))
    return ~exists().where(mine)  # undelivered: no channel has it (none configured)


def list_reminders(
    conn: Connection, f: ReminderFilter, limit: int, cursor: str | None = None
) -> Page:
    """Reminders issued (on or before as_of), newest first, each with its deliveries and state."""
    query = select(reminders)
    if f.as_of is not None:
        query = query.where(R.issued_on <= f.as_of)
    if f.case_id is not None:
        query = query.where(R.case_id == f.case_id)
    if f.case_type:
        query = query.where(R.case_type == slug_of(f.case_type))
    if f.what:
        query = query.where(R.what == f.what)
    if f.delivery:
        query = query.where(_delivery_clause(f.delivery))
    after = decode_cursor(cursor, 1)
    if after is not None:
        query = query.where(R.position < as_int(after[0]))
    query = query.order_by(R.position.desc()).limit(limit + 1)
    rows = [dict(r) for r in conn.execute(query).mappings()]
    page = page_of(rows, limit, lambda r: [r["position"]])
    found = deliveries_of(conn, [r["message_id"] for r in page.items])
    for row in page.items:
        row["deliveries"] = found.get(row["message_id"], [])
        row["due_at"] = utc(row["due_at"])
        row["issued_at"] = utc(row["issued_at"])
        row["delivery"] = delivery_state(row["deliveries"])
    return page


def deliveries_of(conn: Connection, ids: Sequence[UUID]) -> dict[UUID, list[dict[str, Any]]]:
    """The deliveries of some messages, by message id, in channel order."""
    out: dict[UUID, list[dict[str, Any]]] = {}
    if not ids:
        return out
    query = select(reminder_deliveries).where(D.message_id.in_(list(ids))).order_by(D.channel)
    for row in conn.execute(query).mappings():
        item = dict(row)
        for key in ("next_attempt_at", "lease_until", "created_at", "updated_at", "sent_at"):
            item[key] = utc(item[key])
        out.setdefault(item["message_id"], []).append(item)
    return out


def delivery_state(deliveries: Sequence[dict[str, Any]]) -> str:
    """One word for a message: undelivered, pending, failed or sent."""
    states = {d["status"] for d in deliveries}
    if not states:
        return "undelivered"
    if FAILED in states:
        return FAILED
    if states == {SENT}:
        return SENT
    return PENDING


@dataclass(frozen=True)
class OutboxStatus:
    """Counts by channel and state, the messages no channel has, and those not yet sent."""

    counts: dict[str, dict[str, int]]
    messages: int
    undelivered: int
    open: list[dict[str, Any]]


def outbox_status(conn: Connection, limit: int = 200) -> OutboxStatus:
    """What `pobratym reminders status` shows: pending and failed deliveries with their errors."""
    counts: dict[str, dict[str, int]] = {}
    tally = select(D.channel, D.status, func.count()).group_by(D.channel, D.status)
    for channel, status, n in conn.execute(tally):
        counts.setdefault(channel, {})[status] = n
    messages = conn.execute(select(func.count()).select_from(reminders)).scalar_one()
    undelivered = conn.execute(
        select(func.count()).select_from(reminders).where(_delivery_clause("undelivered"))
    ).scalar_one()
    query = (
        select(
            R.message_id,
            R.reference,
            R.case_type,
            R.key,
            R.what,
            R.due_on,
            R.issued_on,
            D.channel,
            D.status,
            D.attempts,
            D.next_attempt_at,
            D.last_error,
        )
        .join(reminder_deliveries, D.message_id == R.message_id)
        .where(D.status != SENT)
        .order_by(D.status, D.next_attempt_at, R.position)
        .limit(limit)
    )
    open_ = []
    for row in conn.execute(query).mappings():
        item = dict(row)
        item["next_attempt_at"] = utc(item["next_attempt_at"])
        open_.append(item)
    return OutboxStatus(counts, messages, undelivered, open_)
