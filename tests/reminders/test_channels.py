"""The channels and the pieces of delivery that need no database."""

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest
from aiosmtpd.controller import Controller

from application.outbox import Backoff, DeliveryFailed, Message
from application.reminder_texts import TEXTS, text_of
from domain.reminders import What
from infrastructure.delivery.smtp import SmtpSender, SmtpServer, message_id_header
from infrastructure.delivery.webhook import WebhookSender, signature
from tests.reminders.conftest import Inbox, free_port


def message(what: str = "foi_due", responsible: str | None = "taras") -> Message:
    return Message(
        id=uuid4(),
        case_type="foi_request",
        case_id=uuid4(),
        reference="FOI-2026-0001",
        title="Aid in 2026",
        key="due:2026-11-23",
        what=what,
        due_on=date(2026, 11, 23),
        due_at=datetime(2026, 11, 23, 8, 0, tzinfo=UTC),
        remind_on=date(2026, 11, 23),
        window=30,
        responsible=responsible,
        issued_on=date(2026, 11, 23),
    )


def test_every_kind_of_reminder_has_a_ukrainian_and_an_english_text():
    assert set(TEXTS) == {str(w) for w in What}
    for what in What:
        text = text_of(message(str(what)), "https://pobratym.example/")
        assert "FOI-2026-0001" in text.uk and "FOI-2026-0001" in text.en
        assert "{" not in text.uk + text.en
        assert text.link.startswith("https://pobratym.example/console/foi/")


def test_the_backoff_doubles_up_to_a_ceiling_and_gives_up():
    now = datetime(2026, 11, 23, tzinfo=UTC)
    b = Backoff(first=timedelta(minutes=1), longest=timedelta(minutes=5), attempts=5)
    waits = [b.next_attempt(n, now) - now for n in range(1, 5)]
    assert waits == [timedelta(minutes=m) for m in (1, 2, 4, 5)]
    assert b.next_attempt(5, now) is None


def test_smtp_urls_name_security_port_and_login():
    s = SmtpServer.parse("smtp://user%40city:p%2Fw@mail.city.ua")
    assert (s.host, s.port, s.security, s.username, s.password) == (
        "mail.city.ua",
        587,
        "starttls",
        "user@city",
        "p/w",
    )
    assert SmtpServer.parse("smtps://mail.city.ua").port == 465
    with pytest.raises(ValueError):
        SmtpServer.parse("smtp+insecure://u:secret@localhost")
    with pytest.raises(ValueError):
        SmtpServer.parse("http://mail.city.ua")


def test_an_email_names_its_recipients_and_carries_the_stable_id():
    sender = SmtpSender(
        "smtp://mail.city.ua",
        sender="pobratym@city.kharkiv.ua",
        public_url="https://pobratym.example",
        department="dmz@city.kharkiv.ua",
        staff_domain="city.kharkiv.ua",
    )
    m = message()
    assert sender.recipients(m) == ["taras@city.kharkiv.ua", "dmz@city.kharkiv.ua"]
    assert sender.recipients(message(responsible="o.k@gmail.com"))[0] == "o.k@gmail.com"
    mail = sender.compose(m)
    assert mail["Message-ID"] == message_id_header(m) == f"<{m.id}@pobratym>"
    assert mail["Subject"].startswith("Нагадування / Reminder: FOI-2026-0001")


def test_no_recipient_is_a_permanent_failure():
    sender = SmtpSender("smtp://mail.city.ua", sender="p@c.ua", public_url="http://x")
    with pytest.raises(DeliveryFailed) as failed:
        sender.send(message(responsible=None))
    assert failed.value.permanent


def test_a_server_without_starttls_gets_no_password():
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        sender = SmtpSender(
            f"smtp://u:secret@127.0.0.1:{port}",
            sender="p@c.ua",
            public_url="http://x",
            department="d@c.ua",
        )
        with pytest.raises(DeliveryFailed, match="STARTTLS"):
            sender.send(message())
    finally:
        controller.stop()
    assert inbox.envelopes == [] and inbox.logins == []


def test_the_webhook_signature_is_an_hmac_of_the_exact_body():
    sender = WebhookSender("http://127.0.0.1:9/", "k", public_url="http://x")
    body = sender.body(message())
    assert signature("k", body) == signature("k", body)
    assert signature("k", body) != signature("other", body)
    assert signature("k", body).startswith("sha256=") and len(signature("k", body)) == 71
    with pytest.raises(ValueError):
        WebhookSender("http://127.0.0.1:9/", "", public_url="http://x")


def test_an_unreachable_webhook_is_a_failed_attempt_to_retry():
    sender = WebhookSender(f"http://127.0.0.1:{free_port()}/", "k", public_url="http://x")
    with pytest.raises(DeliveryFailed) as failed:
        sender.send(message())
    assert not failed.value.permanent
