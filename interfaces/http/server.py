"""How `pobratym serve` runs uvicorn: limits and timeouts so slow or idle clients cannot pile up.

uvicorn closes idle keep-alive connections (`timeout_keep_alive`) but sets no deadline for
reading a request: a client that sends its headers (or body) a byte at a time would hold its
connection, and a slot of `limit_concurrency`, for as long as it likes. `DeadlineH11Protocol`
closes a connection whose request is not fully read within `POBRATYM_READ_TIMEOUT` seconds
(default 10), counted from its first byte (or from the connection, for one that sends nothing).
h11 also caps the size of a request's head (`h11_max_incomplete_event_size`: 16 KiB); a head
over it (a 100 KB bearer token, say) is answered 431 problem+json, other malformed requests 400
problem+json, instead of uvicorn's plain text.
"""

import asyncio
import json
import os
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from interfaces.http.problems import PROBLEM_JSON, problem_type

READ_TIMEOUT_ENV = "POBRATYM_READ_TIMEOUT"
DEFAULT_READ_TIMEOUT_SECONDS = 10.0
PROTOCOL = "interfaces.http.server:DeadlineH11Protocol"
HEAD_LIMIT = "h11_max_incomplete_event_size"

# Keyword arguments of uvicorn.run (and, as flags, of `python -m uvicorn`).
SERVER_OPTIONS: dict[str, Any] = {
    "http": PROTOCOL,
    "timeout_keep_alive": 5,
    "limit_concurrency": 200,
    HEAD_LIMIT: 16 * 1024,
    "backlog": 512,
    "timeout_graceful_shutdown": 10,
    "proxy_headers": False,
}


def read_timeout() -> float:
    """Seconds a client has to send a whole request (env POBRATYM_READ_TIMEOUT)."""
    try:
        value = float(os.environ.get(READ_TIMEOUT_ENV, DEFAULT_READ_TIMEOUT_SECONDS))
    except ValueError:
        return DEFAULT_READ_TIMEOUT_SECONDS
    return value if value > 0 else DEFAULT_READ_TIMEOUT_SECONDS


def uvicorn_flags() -> list[str]:
    """SERVER_OPTIONS as command-line flags of `python -m uvicorn`."""
    flags: list[str] = []
    for name, value in SERVER_OPTIONS.items():
        flag = "--" + name.replace("_", "-")
        if isinstance(value, bool):
            flags.append(flag if value else "--no-" + flag.removeprefix("--"))
        else:
            flags += [flag, str(value)]
    return flags


class DeadlineH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for reading each request."""

    _read_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Start the clock for the first request."""
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        """Feed h11; keep the clock running until the request is fully read."""
        super().data_received(data)
        if self._reading():
            self._arm()
        else:
            self._disarm()

    def on_response_complete(self) -> None:
        """Between requests the keep-alive timeout applies; the next byte restarts the clock."""
        self._disarm()
        super().on_response_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        """Forget the clock."""
        self._disarm()
        super().connection_lost(exc)

    def send_400_response(self, msg: str) -> None:
        """A request h11 cannot parse: problem+json, 431 when its head is too large."""
        limit = self.config.h11_max_incomplete_event_size or SERVER_OPTIONS[HEAD_LIMIT]
        if len(self.conn.trailing_data[0]) > limit:
            status, slug, title = 431, "header-too-large", "Request header fields too large"
            detail = f"the request line and headers exceed {limit} bytes"
        else:
            status, slug, title = 400, "invalid-request", "Invalid HTTP request"
            detail = "the request is not valid HTTP/1.1"
        body = json.dumps(
            {"type": problem_type(slug), "title": title, "status": status, "detail": detail}
        ).encode()
        headers = [
            (b"content-type", PROBLEM_JSON.encode()),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        for event in (
            h11.Response(status_code=status, headers=headers, reason=title.encode()),
            h11.Data(data=body),
            h11.EndOfMessage(),
        ):
            self.transport.write(self.conn.send(event) or b"")
        self.transport.close()

    def _reading(self) -> bool:
        """Whether a request's head or body is still being received."""
        cycle = self.cycle
        return cycle is None or cycle.response_complete or cycle.more_body

    def _arm(self) -> None:
        if self._read_deadline is None and not self.transport.is_closing():
            self._read_deadline = self.loop.call_later(read_timeout(), self._too_slow)

    def _disarm(self) -> None:
        if self._read_deadline is not None:
            self._read_deadline.cancel()
            self._read_deadline = None

    def _too_slow(self) -> None:
        self._read_deadline = None
        if self._reading() and not self.transport.is_closing():
            self.logger.info("closing a connection whose request took too long to arrive")
            self.transport.close()
