"""Limits: body size (413), bounded text and lists, page sizes, shipment lines, slow clients."""

import re
import socket
import sys
import time
import typing
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from application.commands.shipments import MAX_LINES
from interfaces.http.app import MAX_BODY_BYTES, create_app
from tests.conftest import auth
from tests.reliability.support import ApiServer, cli, server_env

ADMIN = auth("admin")
MAX_PAGE = 500


@pytest.fixture
def client(memory_runtime) -> typing.Iterator[TestClient]:
    """An in-process client (in-memory events, SQLite read models)."""
    with TestClient(create_app(memory_runtime), raise_server_exceptions=False) as c:
        yield c


def assert_problem(r: httpx.Response, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text[:300]
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["status"] == status
    return body


@pytest.mark.parametrize("idempotent", [False, True], ids=["plain", "with Idempotency-Key"])
def test_a_body_over_the_limit_is_413_problem_json(client, idempotent):
    headers = {**ADMIN, "content-type": "application/json"}
    if idempotent:
        headers["Idempotency-Key"] = "big-1"
    big = b'{"name": "' + b"x" * MAX_BODY_BYTES + b'", "country": "DE", "kind": "city"}'
    assert_problem(client.post("/partners", content=big, headers=headers), 413)


def test_a_chunked_body_over_the_limit_is_413_too(client):
    def chunks() -> typing.Iterator[bytes]:
        yield b'{"name": "'
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            yield b"x" * 65536
        yield b'"}'

    headers = {**ADMIN, "content-type": "application/json", "Idempotency-Key": "big-2"}
    assert_problem(client.post("/partners", content=chunks(), headers=headers), 413)


# -- every request body is bounded ---------------------------------------------------------------


def _unbounded(info: Any, where: str, seen: set[Any]) -> list[str]:
    """The places in a msgspec type where a string or list has no upper bound."""
    t = msgspec.inspect
    if isinstance(info, t.StructType):
        if info.cls in seen:
            return []
        seen.add(info.cls)
        out = []
        for f in info.fields:
            out += _unbounded(f.type, f"{where}.{f.name}", seen)
        return out
    if isinstance(info, t.UnionType):
        return [p for member in info.types for p in _unbounded(member, where, seen)]
    if isinstance(info, t.StrType):
        return [] if info.max_length is not None or _bounded_pattern(info.pattern) else [where]
    if isinstance(info, t.ListType | t.SetType | t.FrozenSetType | t.VarTupleType):
        inner = _unbounded(info.item_type, f"{where}[]", seen)
        return inner + ([] if info.max_length is not None else [where])
    if isinstance(info, t.DictType):
        inner = _unbounded(info.value_type, f"{where}{{}}", seen)
        return inner + ([] if info.max_length is not None else [where])
    return []


def _bounded_pattern(pattern: str | None) -> bool:
    """An anchored pattern without open repetition (*, +, {n,}) bounds a string's length."""
    if not pattern or not (pattern.startswith("^") and pattern.endswith("$")):
        return False
    plain = pattern.replace("\\+", "").replace("\\*", "")
    return not re.search(r"[*+]|\{\d*,\}", plain)


def test_the_bound_check_finds_an_unbounded_field():
    class Loose(msgspec.Struct):
        name: str
        tags: list[typing.Annotated[str, msgspec.Meta(max_length=5)]]
        code: typing.Annotated[str, msgspec.Meta(pattern="^[A-Z]{2}$")]
        free: typing.Annotated[str, msgspec.Meta(pattern="^[A-Z]+$")]

    found = _unbounded(msgspec.inspect.type_info(Loose), "Loose", set())
    assert found == ["Loose.name", "Loose.tags", "Loose.free"]


def request_bodies(app: Litestar) -> dict[str, type]:
    """The `data` type of every route handler that takes a body."""
    found = {}
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            data = handler.parsed_fn_signature.parameters.get("data")
            if data is not None:
                found[f"{sorted(handler.http_methods)[0]} {route.path}"] = data.annotation
    return found


def test_every_request_body_bounds_its_free_text_and_lists(memory_runtime):
    bodies = request_bodies(create_app(memory_runtime))
    assert len(bodies) > 30
    unbounded = {}
    for route, cls in bodies.items():
        places = _unbounded(msgspec.inspect.type_info(cls), cls.__name__, set())
        if places:
            unbounded[route] = places
    assert not unbounded, f"strings or lists without max_length: {unbounded}"


def test_the_largest_text_a_body_accepts_fits_the_body_limit(memory_runtime):
    bodies = request_bodies(create_app(memory_runtime))
    from interfaces.http.fields import LongText

    longest = typing.get_args(LongText)[1].max_length
    assert longest * 4 < MAX_BODY_BYTES  # 4 bytes per character at worst in UTF-8
    assert bodies


# -- pages and lines ------------------------------------------------------------------------------


def list_routes(client: TestClient) -> list[str]:
    """GET paths without parameters whose query takes a `limit`."""
    doc = client.get("/schema/openapi.json").json()
    out = []
    for path, item in doc["paths"].items():
        params = item.get("get", {}).get("parameters", [])
        if "{" not in path and any(p["name"] == "limit" for p in params):
            out.append(path)
    return out


def test_every_list_caps_its_page_at_500(client):
    paths = list_routes(client)
    assert {"/partners", "/agreements", "/deadlines"} <= set(paths)
    for path in paths:
        assert client.get(path, params={"limit": MAX_PAGE}, headers=ADMIN).status_code == 200, path
        assert_problem(client.get(path, params={"limit": MAX_PAGE + 1}, headers=ADMIN), 400)
        assert_problem(client.get(path, params={"limit": 0}, headers=ADMIN), 400)


def shipment(lines: int) -> dict[str, Any]:
    """An announcement with n lines."""
    return {
        "donor": {"name": "Lublin", "country": "PL"},
        "recipient": "Kharkiv",
        "expected_on": "2026-12-01",
        "lines": [
            {
                "line_no": i,
                "category": "food",
                "description": f"Бинти {i}",
                "quantity": "10",
                "unit": "pcs",
            }
            for i in range(1, lines + 1)
        ],
    }


def test_a_shipment_takes_at_most_500_lines(client, memory_runtime):
    assert MAX_LINES == 500
    before = memory_runtime.app.position
    assert_problem(client.post("/shipments", json=shipment(MAX_LINES + 1), headers=ADMIN), 400)
    assert memory_runtime.app.position == before
    r = client.post("/shipments", json=shipment(MAX_LINES), headers=ADMIN)
    assert r.status_code == 201, r.text[:300]
    assert len(r.json()["lines"]) == MAX_LINES


# -- slow clients ---------------------------------------------------------------------------------

READ_TIMEOUT = 2.0


@pytest.fixture
def served(tmp_path: Path) -> typing.Iterator[ApiServer]:
    """`pobratym serve` (SQLite) with a short request-read deadline."""
    env = server_env(
        f"sqlite:///{tmp_path / 'events.sqlite3'}",
        tmp_path,
        POBRATYM_READ_TIMEOUT=str(READ_TIMEOUT),
    )
    cli(env, "db", "upgrade")
    server = ApiServer(env, tmp_path)
    server.command = [
        sys.executable, "-m", "interfaces.cli", "serve", "--host", "127.0.0.1",
        "--port", str(server.port),
    ]  # fmt: skip
    server.start()
    try:
        yield server
    finally:
        server.stop()


def closed_within(sock: socket.socket, seconds: float, trickle: bytes = b"") -> float | None:
    """Send trickle a byte at a time until the server closes the socket; when it did, or None."""
    started = time.monotonic()
    sock.settimeout(0.25)
    sent = 0
    while time.monotonic() - started < seconds:
        try:
            if sent < len(trickle):
                sock.send(trickle[sent : sent + 1])
                sent += 1
            data = sock.recv(4096)
            if data == b"" or b"HTTP/1.1 4" in data:
                return time.monotonic() - started
        except TimeoutError:
            continue
        except OSError:
            return time.monotonic() - started
    return None


def test_slow_and_idle_clients_are_cut_off_while_others_are_served(served, figures):
    head = b"GET /partners HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + b"a" * 400 + b"\r\n\r\n"
    body_head = (
        b"POST /partners HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 1000\r\n\r\n"
    )
    slow = [socket.create_connection(("127.0.0.1", served.port)) for _ in range(30)]
    idle = [socket.create_connection(("127.0.0.1", served.port)) for _ in range(10)]
    body = socket.create_connection(("127.0.0.1", served.port))
    body.sendall(body_head)
    try:
        # Meanwhile the server answers everyone else at once.
        answered = []
        for _ in range(5):
            started = time.monotonic()
            r = httpx.get(served.url + "/health", timeout=5)
            answered.append(time.monotonic() - started)
            assert r.status_code == 200
        cut = [closed_within(s, READ_TIMEOUT + 5, head) for s in slow[:3]]
        cut += [closed_within(s, READ_TIMEOUT + 5) for s in idle[:3]]
        cut += [closed_within(body, READ_TIMEOUT + 5, b"{" * 500)]
        assert all(c is not None for c in cut), f"connections still open: {cut}"
        assert max(c for c in cut if c is not None) < READ_TIMEOUT + 3
        assert httpx.get(served.url + "/health", timeout=5).status_code == 200
    finally:
        for s in [*slow, *idle, body]:
            s.close()
    figures.update(
        slow_connections=len(slow) + len(idle) + 1,
        slowest_answer_meanwhile_s=round(max(answered), 3),
    )
