"""Request ids in the server's logs: every line of a request names it; one access line each."""

import io
import logging

import pytest
from litestar import get
from litestar.testing import TestClient

from interfaces.http.app import create_app
from interfaces.http.context import LOG_FORMAT, RequestIdFilter, configure_logging
from tests.conftest import auth, token

work_log = logging.getLogger("pobratym.test.work")
CLIENT_SIDE = ("httpx", "httpcore")  # the test client's own logs, not the server's


def server_lines(caplog) -> str:
    """Every message the server side logged."""
    return " ".join(
        r.getMessage() for r in caplog.records if r.name.split(".")[0] not in CLIENT_SIDE
    )


@get("/log-test/thread", sync_to_thread=True)
def in_a_thread() -> dict:
    work_log.warning("working in a thread")
    return {}


@get("/log-test/loop")
async def in_the_loop() -> dict:
    work_log.warning("working in the event loop")
    return {}


FOI_REQUEST = {
    "requester": {
        "name": "Gwara Media",
        "kind": "media",
        "email": "ed@gwara.ua",
        "phone": "+380 57 700 00 00",
        "postal_address": "61002, Kharkiv, Sumska St 1",
    },
    "channel": "email",
    "received_on": "2026-11-09",
    "subject": "Twin cities",
    "text": "Which agreements were signed?",
}


@pytest.fixture
def logged(memory_runtime, caplog):
    """A client whose app has two handlers that log, and the captured records with their ids."""
    caplog.handler.addFilter(RequestIdFilter())
    caplog.set_level(logging.INFO)
    app = create_app(memory_runtime, extra_handlers=[in_a_thread, in_the_loop])
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, caplog


def test_every_log_line_of_a_request_carries_its_request_id(logged):
    client, caplog = logged
    for path, rid in (("/log-test/thread", "req-thread-1"), ("/log-test/loop", "req-loop-2")):
        response = client.get(path, headers={**auth("clerk"), "X-Request-ID": rid})
        assert response.status_code == 200
        (line,) = [r for r in caplog.records if r.name == work_log.name and r.request_id == rid]
        assert line.getMessage().startswith("working in")
    work_log.warning("outside any request")
    assert caplog.records[-1].request_id == "-"


def test_each_request_gets_one_access_line_without_query_string_or_credentials(logged):
    client, caplog = logged
    bearer = token("auditor")
    response = client.get(
        "/audit/events",
        params={"actor": "olena", "cursor": "secret-looking-cursor"},
        headers={"Authorization": f"Bearer {bearer}"},
    )
    assert response.status_code == 400  # not a cursor of this list
    rid = response.headers["x-request-id"]
    (access,) = [r for r in caplog.records if r.name == "pobratym.access"]
    assert access.request_id == rid
    method, path, status, duration = access.getMessage().split(" ")
    assert (method, path, status) == ("GET", "/audit/events", str(response.status_code))
    assert duration.endswith("ms")
    everything = server_lines(caplog)
    assert bearer not in everything and "secret-looking-cursor" not in everything
    assert "olena" not in everything


def test_refused_requests_are_answered_and_logged_with_their_id_but_no_contact_details(logged):
    client, caplog = logged
    created = client.post(
        "/foi-requests", json=FOI_REQUEST, headers={**auth("clerk"), "X-Request-ID": "req-foi"}
    )
    assert created.status_code == 201, created.text
    refused = client.post("/foi-requests", json=FOI_REQUEST, headers={"X-Request-ID": "req-anon"})
    assert (refused.status_code, refused.headers["x-request-id"]) == (401, "req-anon")
    unknown = client.get("/no-such-route", headers={"X-Request-ID": "req-404"})
    assert (unknown.status_code, unknown.headers["x-request-id"]) == (404, "req-404")
    access = {r.request_id: r.getMessage() for r in caplog.records if r.name == "pobratym.access"}
    assert access["req-foi"].startswith("POST /foi-requests 201 ")
    assert access["req-anon"].startswith("POST /foi-requests 401 ")
    assert access["req-404"].startswith("GET /no-such-route 404 ")
    everything = server_lines(caplog)
    for contact in ("ed@gwara.ua", "+380 57 700 00 00", "Sumska"):
        assert contact not in everything


def test_the_server_log_format_shows_each_lines_request_id(memory_runtime, monkeypatch):
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [])
    touched = [logging.getLogger(n) for n in ("pobratym", "uvicorn.access")]
    levels = [logger.level for logger in touched]
    try:
        configure_logging()
        configure_logging()  # idempotent: one handler, one filter
        (handler,) = root.handlers
        assert [type(f) for f in handler.filters] == [RequestIdFilter]
        assert handler.formatter._fmt == LOG_FORMAT
        assert logging.getLogger("uvicorn.access").level == logging.WARNING
        out = io.StringIO()
        handler.setStream(out)
        app = create_app(memory_runtime, extra_handlers=[in_a_thread])
        with TestClient(app) as client:
            client.get("/log-test/thread", headers={**auth("clerk"), "X-Request-ID": "req-fmt"})
        lines = [line for line in out.getvalue().splitlines() if "[req-fmt]" in line]
        assert any("working in a thread" in line for line in lines)
        assert any("pobratym.access [req-fmt] GET /log-test/thread 200" in line for line in lines)
    finally:
        for logger, level in zip(touched, levels, strict=True):
            logger.setLevel(level)
