"""The outbox's e-mail digest, with an in-memory store and channel (no network, no database)."""

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

from application.outbox import Claimed, DeliveryFailed, Message, Outbox

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def message(reference: str, due_on: date, responsible: str | None) -> Message:
    return Message(
        id=uuid4(),
        case_type="foi_request",
        case_id=uuid4(),
        reference=reference,
        title=None,
        key=f"due:{due_on}",
        what="foi_due",
        due_on=due_on,
        due_at=None,
        remind_on=due_on,
        window=None,
        responsible=responsible,
        issued_on=due_on,
    )


class Store:
    def __init__(self, messages: list[Message]) -> None:
        self.pending = list(messages)
        self.sent_ids: list = []
        self.retried: list = []

    def enqueue(self, channels, now) -> int:
        return 0

    def claim(self, channel, now, lease: timedelta, limit: int) -> list[Claimed]:
        taken, self.pending = self.pending[:limit], self.pending[limit:]
        return [Claimed(m, channel, 1, "t") for m in taken]

    def sent(self, claimed: Claimed, now) -> None:
        self.sent_ids.append(claimed.message.id)

    def retry(self, claimed: Claimed, error: str, now, retry_at) -> None:
        self.retried.append((claimed.message.id, retry_at is not None))


class Mailer:
    name = "email"
    digest = True

    def __init__(self, failing: str | None = None) -> None:
        self.failing = failing
        self.digests: list = []

    def recipients(self, m: Message) -> list[str]:
        return [r for r in (m.responsible, "dept") if r]

    def send(self, m: Message) -> None:
        raise AssertionError("a digest channel sends digests")

    def send_digest(self, recipient: str, messages, digest_id) -> None:
        if recipient == self.failing:
            raise DeliveryFailed("mailbox full")
        self.digests.append((recipient, [m.reference for m in messages]))


def test_each_recipient_gets_one_digest_listing_its_reminders_soonest_first():
    later = message("FOI-2", date(2026, 11, 30), "taras")
    sooner = message("FOI-1", date(2026, 11, 24), "taras")
    other = message("FOI-3", date(2026, 11, 25), "olena")
    store, mailer = Store([later, sooner, other]), Mailer()
    report = Outbox(store, [mailer], now=lambda: NOW).deliver()
    assert sorted(mailer.digests) == [
        ("dept", ["FOI-1", "FOI-3", "FOI-2"]),
        ("olena", ["FOI-3"]),
        ("taras", ["FOI-1", "FOI-2"]),
    ]
    assert (report.sent, report.digests) == ({"email": 3}, {"email": 3})


def test_a_failed_digest_is_retried_with_its_reminders_and_the_others_are_sent():
    mine = message("FOI-1", date(2026, 11, 24), "taras")
    theirs = message("FOI-3", date(2026, 11, 25), "olena")
    store = Store([mine, theirs])
    report = Outbox(store, [Mailer(failing="taras")], now=lambda: NOW).deliver()
    assert store.sent_ids == [theirs.id]
    assert store.retried == [(mine.id, True)]
    assert report.retrying == {"email": 1}


def test_a_digest_pass_claims_at_most_the_limit():
    store = Store([message(f"FOI-{i}", date(2026, 11, 24), "taras") for i in range(120)])
    report = Outbox(store, [Mailer()], now=lambda: NOW).deliver(limit=100)
    assert report.sent == {"email": 100} and len(store.pending) == 20
