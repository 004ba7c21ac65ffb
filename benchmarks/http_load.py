"""A small HTTP/1.1 load generator: N keep-alive clients on asyncio, latency of every request.

Hand-written on asyncio streams so that the client costs far less CPU than the server it
measures (an httpx client would eat a good share of this 2-core machine).
"""

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field

REQUEST_TIMEOUT = 30.0
Request = tuple[str, str, bytes | None]
"""(method, path with query, JSON body or None)."""


@dataclass
class Outcome:
    """Latencies (seconds) of the successful requests, and how many failed."""

    latencies: list[float] = field(default_factory=list)
    failures: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0
    first_error: str | None = None


class Client:
    """One keep-alive connection."""

    def __init__(self, host: str, port: int, token: str) -> None:
        self.host = host
        self.port = port
        self.auth = f"Authorization: Bearer {token}\r\n".encode()
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes | None) -> tuple[int, bytes]:
        """Send one request and read its whole response."""
        if self.writer is None or self.writer.is_closing():
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\n".encode() + self.auth
        if body is not None:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n".encode()
        self.writer.write(head + b"\r\n" + (body or b""))
        reader = self.reader
        assert reader is not None
        status_line = await reader.readline()
        if not status_line:
            self.writer = None
            raise ConnectionError("the server closed the connection")
        status = int(status_line.split(b" ", 2)[1])
        length = 0
        close = False
        while True:
            line = await reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.partition(b":")
            lowered = name.strip().lower()
            if lowered == b"content-length":
                length = int(value)
            elif lowered == b"connection" and value.strip().lower() == b"close":
                close = True
        payload = await reader.readexactly(length) if length else b""
        if close:
            self.writer.close()
            self.writer = None
        return status, payload

    def close(self) -> None:
        """Drop the connection."""
        if self.writer is not None:
            self.writer.close()


async def _run(
    host: str,
    port: int,
    token: str,
    clients: int,
    seconds: float,
    next_request: Callable[[int], Request],
    max_requests: int | None,
) -> Outcome:
    out = Outcome()
    deadline = time.perf_counter() + seconds
    sent = 0

    async def one(n: int) -> None:
        nonlocal sent
        client = Client(host, port, token)
        try:
            while time.perf_counter() < deadline:
                if max_requests is not None and sent >= max_requests:
                    return
                sent += 1
                method, path, body = next_request(n)
                began = time.perf_counter()
                try:
                    status, payload = await asyncio.wait_for(
                        client.request(method, path, body), REQUEST_TIMEOUT
                    )
                except (OSError, ConnectionError, asyncio.IncompleteReadError, TimeoutError) as e:
                    out.failures += 1
                    out.first_error = out.first_error or f"{type(e).__name__}: {e}"
                    client.close()
                    client = Client(host, port, token)
                    continue
                out.statuses[status] = out.statuses.get(status, 0) + 1
                if 200 <= status < 300:
                    out.latencies.append(time.perf_counter() - began)
                else:
                    out.failures += 1
                    out.first_error = out.first_error or f"{status}: {payload[:300]!r}"
        finally:
            client.close()

    began = time.perf_counter()
    await asyncio.gather(*(one(n) for n in range(clients)))
    out.seconds = time.perf_counter() - began
    return out


def load(
    host: str,
    port: int,
    token: str,
    clients: int,
    seconds: float,
    next_request: Callable[[int], Request],
    max_requests: int | None = None,
) -> Outcome:
    """Run `clients` concurrent keep-alive clients for `seconds`; client n asks next_request(n)."""
    return asyncio.run(_run(host, port, token, clients, seconds, next_request, max_requests))
