"""Delivering reminders: each message by each channel, at least once, with retries and backoff.

The outbox holds one message per reminder issued (its id stable: uuid5 of case id and key) and
one delivery per message and channel (e-mail, webhook). A runner claims a delivery with an
atomic update (pending -> sending, with a lease), sends it, and records the result: sent, or
pending again after a growing pause, or failed once the attempts are spent. Two runners never
send the same delivery at the same time; a runner that dies mid-send leaves a lease that runs
out, and the message goes again with the same id, so the receiver drops the duplicate.

A channel that sends digests (e-mail by default) gets, per pass, one message per recipient
listing every reminder claimed for that recipient, soonest due first; a reminder counts as sent
once every digest it is in went out (a failed digest is retried with its reminders, at least
once: a recipient whose digest went out may see a reminder again in the retry).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Protocol, runtime_checkable
from uuid import UUID, uuid5


@dataclass(frozen=True)
class Message:
    """A reminder to deliver, as the outbox keeps it."""

    id: UUID
    case_type: str
    case_id: UUID
    reference: str
    title: str | None
    key: str
    what: str
    due_on: date
    due_at: datetime | None
    remind_on: date
    window: int | None
    responsible: str | None
    issued_on: date


@dataclass(frozen=True)
class Claimed:
    """A delivery this runner holds the lease of."""

    message: Message
    channel: str
    attempt: int
    token: str


class DeliveryFailed(Exception):
    """A channel could not deliver a message; `permanent` means retrying will not help."""

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.permanent = permanent


class Sender(Protocol):
    """A channel: sends one message or raises DeliveryFailed."""

    name: str

    def send(self, message: Message) -> None:
        """Deliver the message (the receiver may see it again: its id says it is the same)."""
        ...


@runtime_checkable
class DigestSender(Protocol):
    """A channel that sends one message per recipient listing several reminders."""

    name: str
    digest: bool

    def recipients(self, message: Message) -> list[str]:
        """Who receives the reminder."""
        ...

    def send_digest(self, recipient: str, messages: Sequence[Message], digest_id: UUID) -> None:
        """Deliver one digest of the messages (soonest first) to one recipient."""
        ...


def soonest_first(messages: Sequence[Message]) -> list[Message]:
    """Reminders in the order a person acts on them: soonest due first."""
    return sorted(
        messages,
        key=lambda m: (m.due_at or datetime.combine(m.due_on, datetime.min.time(), UTC), m.key),
    )


def digest_id(recipient: str, messages: Sequence[Message]) -> UUID:
    """The stable id of a digest: the same recipient and reminders, the same id."""
    ids = ",".join(sorted(str(m.id) for m in messages))
    return uuid5(UUID(int=0), f"{recipient.lower()}|{ids}")


class OutboxStore(Protocol):
    """Where deliveries and their state are kept."""

    def enqueue(self, channels: Sequence[str], now: datetime) -> int:
        """Add a pending delivery per channel for every message that has none; how many."""
        ...

    def claim(self, channel: str, now: datetime, lease: timedelta, limit: int) -> list[Claimed]:
        """Take up to `limit` due deliveries of a channel (pending, or sending past its lease)."""
        ...

    def sent(self, claimed: Claimed, now: datetime) -> None:
        """Record a delivery as sent."""
        ...

    def retry(self, claimed: Claimed, error: str, now: datetime, retry_at: datetime | None) -> None:
        """Record a failed attempt: pending again at retry_at, or failed for good (None)."""
        ...


@dataclass(frozen=True)
class Backoff:
    """Pauses between attempts: first, doubled each time up to longest; at most `attempts`."""

    first: timedelta = timedelta(minutes=1)
    longest: timedelta = timedelta(hours=6)
    attempts: int = 12

    def next_attempt(self, attempt: int, now: datetime) -> datetime | None:
        """When to try again after the given (1-based) attempt failed; None once spent."""
        if attempt >= self.attempts:
            return None
        wait: timedelta = min(self.first * (2 ** (attempt - 1)), self.longest)
        return now + wait


@dataclass
class DeliveryReport:
    """What one delivery pass did, per channel."""

    enqueued: int = 0
    sent: dict[str, int] = field(default_factory=dict)
    digests: dict[str, int] = field(default_factory=dict)
    retrying: dict[str, int] = field(default_factory=dict)
    failed: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready fields."""
        return {
            "enqueued": self.enqueued,
            "sent": self.sent,
            "digests": self.digests,
            "retrying": self.retrying,
            "failed": self.failed,
            "errors": self.errors,
        }


def utc_now() -> datetime:
    """The real time, in UTC: deliveries run on the wall clock, not the business one."""
    return datetime.now(UTC)


class Outbox:
    """Sends the pending deliveries of every channel configured."""

    def __init__(
        self,
        store: OutboxStore,
        senders: Sequence[Sender],
        *,
        backoff: Backoff | None = None,
        lease: timedelta = timedelta(minutes=5),
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self.store = store
        self.senders = {s.name: s for s in senders}
        self.backoff = backoff or Backoff()
        self.lease = lease
        self.now = now

    @property
    def channels(self) -> list[str]:
        """The channels configured."""
        return list(self.senders)

    def deliver(self, limit: int = 1000) -> DeliveryReport:
        """Enqueue new messages, then send what is due on each channel (up to `limit` each)."""
        report = DeliveryReport(enqueued=self.store.enqueue(self.channels, self.now()))
        for name, sender in self.senders.items():
            if isinstance(sender, DigestSender) and sender.digest:
                self._deliver_digests(sender, limit, report)
                continue
            done = 0
            while done < limit:
                batch = self.store.claim(name, self.now(), self.lease, min(50, limit - done))
                if not batch:
                    break
                for claimed in batch:
                    self._send(sender, claimed, report)
                done += len(batch)
        return report

    def _deliver_digests(self, sender: DigestSender, limit: int, report: DeliveryReport) -> None:
        """Claim up to `limit` deliveries, send one digest per recipient, record each delivery."""
        name = sender.name
        claimed: list[Claimed] = []
        while len(claimed) < limit:
            batch = self.store.claim(name, self.now(), self.lease, min(50, limit - len(claimed)))
            if not batch:
                break
            claimed += batch
        by_recipient: dict[str, list[Message]] = {}
        who: dict[UUID, list[str]] = {}
        for c in claimed:
            who[c.message.id] = sender.recipients(c.message)
            for recipient in who[c.message.id]:
                by_recipient.setdefault(recipient, []).append(c.message)
        failures: dict[str, Exception] = {}
        for recipient, messages in sorted(by_recipient.items()):
            listed = soonest_first(messages)
            try:
                sender.send_digest(recipient, listed, digest_id(recipient, listed))
            except Exception as e:  # any failure of a channel is recorded, never lost
                failures[recipient] = e
                continue
            report.digests[name] = report.digests.get(name, 0) + 1
        for c in claimed:
            recipients = who[c.message.id]
            failed = [failures[r] for r in recipients if r in failures]
            if not recipients:
                failed = [DeliveryFailed("no recipient for the reminder", permanent=True)]
            if failed:
                self._failed(c, failed[0], report)
            else:
                self.store.sent(c, self.now())
                report.sent[name] = report.sent.get(name, 0) + 1

    def _failed(self, claimed: Claimed, e: Exception, report: DeliveryReport) -> None:
        name = claimed.channel
        permanent = isinstance(e, DeliveryFailed) and e.permanent
        retry_at = None if permanent else self.backoff.next_attempt(claimed.attempt, self.now())
        self.store.retry(claimed, str(e)[:1000], self.now(), retry_at)
        tally = report.retrying if retry_at is not None else report.failed
        tally[name] = tally.get(name, 0) + 1
        report.errors.append(f"{name} {claimed.message.reference} {claimed.message.key}: {e}")

    def _send(self, sender: Sender, claimed: Claimed, report: DeliveryReport) -> None:
        name = claimed.channel
        try:
            sender.send(claimed.message)
        except Exception as e:  # any failure of a channel is recorded, never lost
            self._failed(claimed, e, report)
            return
        self.store.sent(claimed, self.now())
        report.sent[name] = report.sent.get(name, 0) + 1
