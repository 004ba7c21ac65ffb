"""Hang-ups are logged 499 (never 5xx); an oversized or malformed request head gets problem+json."""

import json
import logging
import socket
import time

import pytest

from interfaces.http.app import create_app
from tests.conftest import token
from tests.http.live import live_server


def _access_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "pobratym.access"]


def _logged(caplog, seconds: float = 15.0) -> str:
    deadline = time.monotonic() + seconds
    while not _access_lines(caplog):
        assert time.monotonic() < deadline, "no access line was written"
        time.sleep(0.02)
    return _access_lines(caplog)[0]


def _head(port_url: str, extra: str = "") -> tuple[socket.socket, bytes]:
    host, port = port_url.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=10)
    head = (
        "POST /partners HTTP/1.1\r\nHost: test\r\n"
        f"Authorization: Bearer {token('clerk')}\r\nContent-Type: application/json\r\n"
        f"Content-Length: 1000\r\n{extra}\r\n"
    )
    return sock, head.encode() + b'{"name": "Lub'


@pytest.mark.parametrize("key", ["", "Idempotency-Key: hang-up\r\n"])
def test_a_client_that_hangs_up_mid_body_is_logged_499(memory_runtime, caplog, key):
    caplog.set_level(logging.INFO, logger="pobratym.access")
    with live_server(create_app(memory_runtime)) as url:
        sock, partial = _head(url, key)
        sock.sendall(partial)
        time.sleep(0.2)  # let the server start reading the body before the hang-up
        sock.close()
        line = _logged(caplog)
    assert line.startswith("POST /partners 499 "), line


def test_a_body_cut_off_for_arriving_too_slowly_is_logged_499(memory_runtime, caplog, monkeypatch):
    monkeypatch.setenv("POBRATYM_READ_TIMEOUT", "0.5")
    caplog.set_level(logging.INFO, logger="pobratym.access")
    with live_server(create_app(memory_runtime)) as url:
        sock, partial = _head(url)
        sock.sendall(partial)  # and nothing more: the server cuts it off
        try:
            line = _logged(caplog)
        finally:
            sock.close()
    assert line.startswith("POST /partners 499 "), line


def _exchange(url: str, *parts: bytes) -> bytes:
    """Send the parts one by one (as a slow network delivers them) and read the whole answer."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        for part in parts:
            try:
                sock.sendall(part)
            except OSError:
                break  # the server answered and closed already
            time.sleep(0.1)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def test_a_100_kb_bearer_token_is_431_problem_json(memory_runtime):
    head = b"GET /partners HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer " + b"a" * 100_000
    with live_server(create_app(memory_runtime)) as url:
        answer = _exchange(url, head[:20_000], head[20_000:], b"\r\n\r\n")
    top, _, body = answer.partition(b"\r\n\r\n")
    assert top.startswith(b"HTTP/1.1 431"), answer[:300]
    assert b"application/problem+json" in top
    assert json.loads(body)["type"] == "urn:pobratym:problem:header-too-large"


def test_a_request_that_is_not_http_is_400_problem_json(memory_runtime):
    with live_server(create_app(memory_runtime)) as url:
        answer = _exchange(url, b"NOT HTTP AT ALL\r\n\r\n")
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400"), answer
    assert b"application/problem+json" in head
    assert b'"status": 400' in body
