"""Real receivers for the outbox: an SMTP server with STARTTLS and login, and an HTTP endpoint."""

import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from application.outbox import Backoff, Outbox
from infrastructure.bootstrap import Runtime
from infrastructure.outbox import SqlOutbox
from infrastructure.reminders import senders
from tests.conftest import replace_settings

SMTP_USER, SMTP_PASSWORD = "pobratym", "s3cret/p@ss"
WEBHOOK_SECRET = "webhook-secret"
DEPARTMENT = "dmz@city.kharkiv.ua"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def self_signed(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, made here (no files shipped)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@dataclass
class Inbox:
    """What the SMTP server accepted."""

    envelopes: list = field(default_factory=list)
    logins: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope) -> str:
        with self.lock:
            self.envelopes.append(envelope)
        return "250 OK"

    def authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == SMTP_USER
            and auth_data.password.decode() == SMTP_PASSWORD
        )
        self.logins.append((ok, session.ssl is not None))
        return AuthResult(success=ok)

    def message_ids(self) -> list[str]:
        from email import message_from_bytes

        with self.lock:
            return [message_from_bytes(e.content)["Message-ID"] for e in self.envelopes]

    def clear(self) -> None:
        with self.lock:
            self.envelopes.clear()
            self.logins.clear()


@dataclass
class SmtpServer:
    """A running aiosmtpd server and a client context that trusts its certificate."""

    url: str
    inbox: Inbox
    client_tls: ssl.SSLContext


@pytest.fixture(scope="module")
def smtp_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SmtpServer]:
    """aiosmtpd on 127.0.0.1 (a free port): STARTTLS required, then AUTH LOGIN/PLAIN."""
    cert, key = self_signed(tmp_path_factory.mktemp("tls"))
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    inbox = Inbox()
    port = free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        tls_context=server_tls,
        require_starttls=True,
        authenticator=inbox.authenticate,
        auth_require_tls=True,
    )
    controller.start()
    client_tls = ssl.create_default_context(cafile=str(cert))
    try:
        yield SmtpServer(
            f"smtp://{SMTP_USER}:s3cret%2Fp%40ss@127.0.0.1:{port}",
            inbox,
            client_tls,
        )
    finally:
        controller.stop()


@dataclass
class Receiver:
    """A local webhook endpoint: records every POST, fails the first N per message if told."""

    url: str
    fail_first: int = 0
    requests: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def handle(self, headers: dict, body: bytes) -> int:
        with self.lock:
            message_id = headers.get("x-pobratym-message-id")
            seen = sum(1 for r in self.requests if r["id"] == message_id)
            status = 500 if seen < self.fail_first else 200
            self.requests.append(
                {"id": message_id, "headers": headers, "body": body, "status": status}
            )
            return status

    def accepted(self) -> list[str]:
        """Ids answered 200, in order (a duplicate would show twice)."""
        with self.lock:
            return [r["id"] for r in self.requests if r["status"] == 200]

    def bodies(self) -> list[dict]:
        with self.lock:
            return [json.loads(r["body"]) for r in self.requests if r["status"] == 200]

    def signature_ok(self, request: dict) -> bool:
        expected = hmac.new(WEBHOOK_SECRET.encode(), request["body"], hashlib.sha256).hexdigest()
        return hmac.compare_digest(request["headers"]["x-pobratym-signature"], f"sha256={expected}")

    def clear(self, fail_first: int = 0) -> None:
        with self.lock:
            self.requests.clear()
            self.fail_first = fail_first


@pytest.fixture(scope="module")
def http_receiver() -> Iterator[Receiver]:
    """A threaded http.server on 127.0.0.1 standing in for the department's webhook."""
    receiver = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            headers = {k.lower(): v for k, v in self.headers.items()}
            status = receiver.handle(headers, body)
            self.send_response(status)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/pobratym"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()


class WallClock:
    """The outbox's clock, moved by hand so retries need no sleeping."""

    def __init__(self) -> None:
        self.moment = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += dt.timedelta(**delta)


@pytest.fixture
def wall() -> WallClock:
    return WallClock()


@pytest.fixture
def make_outbox(
    smtp_server: SmtpServer, http_receiver: Receiver, wall: WallClock
) -> Iterator[Callable[[Runtime], Outbox]]:
    """An outbox over a runtime with both channels pointed at the local receivers."""
    smtp_server.inbox.clear()
    http_receiver.clear()

    def make(rt: Runtime) -> Outbox:
        settings = replace_settings(
            rt.settings,
            smtp_url=smtp_server.url,
            webhook_url=http_receiver.url,
            webhook_secret=WEBHOOK_SECRET,
            department_email=DEPARTMENT,
            staff_email_domain="city.kharkiv.ua",
        )
        chosen = senders(settings, smtp_server.client_tls)
        return Outbox(SqlOutbox(rt.read_engine), chosen, backoff=Backoff(), now=wall)

    yield make
