"""Webhook delivery: a signed JSON POST to POBRATYM_WEBHOOK_URL (API.md, "Webhook deliveries").

Headers: X-Pobratym-Message-Id (the stable id, also the body's `id`) and X-Pobratym-Signature:
sha256=<hex HMAC-SHA256 of the exact body bytes with POBRATYM_WEBHOOK_SECRET>. Any 2xx answer
means delivered; anything else, or no answer, is retried later with the same id and body.
"""

import hashlib
import hmac
import json
from typing import Any

import httpx

from application.outbox import DeliveryFailed, Message
from application.reminder_texts import text_of


def signature(secret: str, body: bytes) -> str:
    """The X-Pobratym-Signature value of a body."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def payload(message: Message, public_url: str) -> dict[str, Any]:
    """The JSON body of a reminder."""
    text = text_of(message, public_url)
    return {
        "id": str(message.id),
        "type": "reminder",
        "case_type": message.case_type,
        "case_id": str(message.case_id),
        "reference": message.reference,
        "title": message.title,
        "due_on": message.due_on.isoformat(),
        "due_at": message.due_at.isoformat() if message.due_at else None,
        "what": message.what,
        "key": message.key,
        "window_days": message.window,
        "remind_on": message.remind_on.isoformat(),
        "issued_on": message.issued_on.isoformat(),
        "responsible": message.responsible,
        "link": text.link,
        "text": {"uk": text.uk, "en": text.en},
    }


class WebhookSender:
    """POSTs reminders to one URL, signed with the shared secret."""

    name = "webhook"

    def __init__(self, url: str, secret: str, *, public_url: str, timeout: float = 10.0) -> None:
        if not secret:
            raise ValueError("POBRATYM_WEBHOOK_URL needs POBRATYM_WEBHOOK_SECRET to sign with")
        self.url = url
        self.secret = secret
        self.public_url = public_url
        self.timeout = timeout

    def body(self, message: Message) -> bytes:
        """The exact bytes sent (and signed)."""
        data = payload(message, self.public_url)
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def send(self, message: Message) -> None:
        """POST the reminder; a non-2xx answer or no answer is a failed attempt."""
        body = self.body(message)
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "pobratym-reminders",
            "X-Pobratym-Message-Id": str(message.id),
            "X-Pobratym-Signature": signature(self.secret, body),
        }
        try:
            answer = httpx.post(self.url, content=body, headers=headers, timeout=self.timeout)
        except httpx.HTTPError as e:
            raise DeliveryFailed(f"webhook {type(e).__name__}: {e}") from e
        if not answer.is_success:
            raise DeliveryFailed(f"webhook answered HTTP {answer.status_code}")
