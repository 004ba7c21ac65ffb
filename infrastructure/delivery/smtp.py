"""E-mail delivery through POBRATYM_SMTP_URL: smtp://user:pass@host:587 with STARTTLS and login.

`smtps://` connects over TLS from the start (port 465); `smtp+insecure://` sends in clear, for a
relay on the same machine only (never with a password). The message's id is the e-mail's
Message-ID, so a mail system (or a person) can tell a repeated delivery from a new reminder.
In digest mode (the default, POBRATYM_EMAIL_MODE=digest) each recipient gets one e-mail per
delivery pass listing its reminders, soonest due first; `each` sends one e-mail per reminder.
"""

import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from urllib.parse import unquote, urlsplit
from uuid import UUID

from application.outbox import DeliveryFailed, Message
from application.reminder_texts import day, text_of

SCHEMES = {"smtp": ("starttls", 587), "smtps": ("tls", 465), "smtp+insecure": ("none", 25)}


@dataclass(frozen=True)
class SmtpServer:
    """Where and how to hand e-mail over."""

    host: str
    port: int
    security: str
    username: str | None = None
    password: str | None = None

    @classmethod
    def parse(cls, url: str) -> "SmtpServer":
        """smtp://user:pass@host:port (STARTTLS), smtps://... (TLS), smtp+insecure://host."""
        parts = urlsplit(url)
        if parts.scheme not in SCHEMES or not parts.hostname:
            raise ValueError("POBRATYM_SMTP_URL must look like smtp://user:password@host:587")
        security, port = SCHEMES[parts.scheme]
        username = unquote(parts.username) if parts.username else None
        password = unquote(parts.password) if parts.password else None
        if security == "none" and password:
            raise ValueError("smtp+insecure:// would send the password in clear: use smtp://")
        return cls(parts.hostname, parts.port or port, security, username, password)


def message_id_header(message: Message) -> str:
    """The e-mail Message-ID of a reminder: its stable id."""
    return f"<{message.id}@pobratym>"


class SmtpSender:
    """Sends reminders by e-mail to the responsible officer and the department."""

    name = "email"

    def __init__(
        self,
        url: str,
        *,
        sender: str,
        public_url: str,
        department: str | None = None,
        staff_domain: str | None = None,
        ssl_context: ssl.SSLContext | None = None,
        timeout: float = 20.0,
        digest: bool = True,
    ) -> None:
        self.server = SmtpServer.parse(url)
        self.sender = sender
        self.public_url = public_url
        self.department = department
        self.staff_domain = staff_domain
        self.ssl_context = ssl_context or ssl.create_default_context()
        self.timeout = timeout
        self.digest = digest

    def recipients(self, message: Message) -> list[str]:
        """The responsible officer (an address, or user@staff domain) and the department."""
        out = []
        who = (message.responsible or "").strip()
        if "@" in who:
            out.append(who)
        elif who and self.staff_domain:
            out.append(f"{who}@{self.staff_domain}")
        if self.department:
            out.append(self.department)
        return list(dict.fromkeys(out))

    def compose(self, message: Message) -> EmailMessage:
        """The e-mail: Ukrainian first, then English, each with the link."""
        text = text_of(message, self.public_url)
        mail = EmailMessage()
        mail["From"] = self.sender
        mail["To"] = ", ".join(self.recipients(message))
        mail["Subject"] = text.subject
        mail["Date"] = format_datetime(datetime.now(UTC))
        mail["Message-ID"] = message_id_header(message)
        mail["X-Pobratym-Message-Id"] = str(message.id)
        mail["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies, please
        mail["Content-Language"] = "uk, en"
        mail.set_content(
            f"{text.uk}\nПосилання: {text.link}\n\n—\n\n{text.en}\nLink: {text.link}\n\n"
            f"Pobratym · {message.key} · {message.id}\n"
        )
        return mail

    def send(self, message: Message) -> None:
        """Hand the e-mail to the server (STARTTLS and login as the URL says)."""
        recipients = self.recipients(message)
        if not recipients:
            raise DeliveryFailed(
                "no recipient: set POBRATYM_DEPARTMENT_EMAIL (or POBRATYM_STAFF_EMAIL_DOMAIN)",
                permanent=True,
            )
        self._hand_over(self.compose(message), recipients)

    def compose_digest(
        self, recipient: str, messages: Sequence[Message], digest_id: UUID
    ) -> EmailMessage:
        """One e-mail listing reminders (in the order given), in both languages, with links."""
        texts = [(m, text_of(m, self.public_url)) for m in messages]
        mail = EmailMessage()
        mail["From"] = self.sender
        mail["To"] = recipient
        first = min(m.due_on for m in messages)
        mail["Subject"] = (
            f"Нагадування / Reminders: {len(messages)} — від / from {day(first)}"
            if len(messages) > 1
            else texts[0][1].subject
        )
        mail["Date"] = format_datetime(datetime.now(UTC))
        mail["Message-ID"] = f"<{digest_id}@pobratym>"
        mail["X-Pobratym-Message-Id"] = str(digest_id)
        mail["Auto-Submitted"] = "auto-generated"
        mail["Content-Language"] = "uk, en"
        uk = "\n".join(f"{i}. {t.uk}\n   {t.link}" for i, (_, t) in enumerate(texts, 1))
        en = "\n".join(f"{i}. {t.en}\n   {t.link}" for i, (_, t) in enumerate(texts, 1))
        ids = "\n".join(f"{m.key} · {m.id}" for m, _ in texts)
        mail.set_content(f"{uk}\n\n—\n\n{en}\n\nPobratym\n{ids}\n")
        return mail

    def send_digest(self, recipient: str, messages: Sequence[Message], digest_id: UUID) -> None:
        """Hand one digest of the reminders to the server for one recipient."""
        self._hand_over(self.compose_digest(recipient, messages, digest_id), [recipient])

    def _hand_over(self, mail: EmailMessage, recipients: list[str]) -> None:
        try:
            with self._connect() as smtp:
                smtp.send_message(mail, from_addr=self.sender, to_addrs=recipients)
        except (smtplib.SMTPException, OSError) as e:
            raise DeliveryFailed(f"SMTP {type(e).__name__}: {e}") from e

    def _connect(self) -> smtplib.SMTP:
        s = self.server
        smtp: smtplib.SMTP
        if s.security == "tls":
            smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=self.timeout, context=self.ssl_context)
        else:
            smtp = smtplib.SMTP(s.host, s.port, timeout=self.timeout)
        try:
            smtp.ehlo()
            if s.security == "starttls":
                if not smtp.has_extn("starttls"):
                    raise DeliveryFailed("the SMTP server offers no STARTTLS")
                smtp.starttls(context=self.ssl_context)
                smtp.ehlo()
            if s.username:
                smtp.login(s.username, s.password or "")
        except BaseException:
            smtp.close()
            raise
        return smtp
