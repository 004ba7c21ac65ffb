"""Waits for min_position hold no worker thread and are bounded; a stopped model is 503 at once."""

import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from application.commands.partners import RegisterPartner
from application.service import Caller
from interfaces.http.app import create_app
from projections.runtime import positions
from tests.conftest import auth
from tests.http.live import live_server

READER = auth("auditor")
WAITERS = 40


def stalled(runtime, wait_seconds: float = 30.0) -> int:
    """The read models follow the log no more; one new event: the position they miss."""
    engine = runtime.extras["projections"]
    engine.catch_up()
    engine.close()
    runtime.settings = runtime.settings.model_copy(update={"read_wait_seconds": wait_seconds})
    runtime.partners.register_partner(
        RegisterPartner(name="Lag", country="PL", kind="city"), Caller("olena")
    )
    return runtime.app.position


def until(condition, seconds: float = 10.0) -> None:
    """Poll a condition (a liveness bound, not a speed assertion)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the condition never came true"
        time.sleep(0.02)


def test_waiting_requests_do_not_delay_an_unrelated_read(runtime):
    position = stalled(runtime)
    app = create_app(runtime)
    with live_server(app) as url, httpx.Client(base_url=url, timeout=60) as c:
        with ThreadPoolExecutor(WAITERS) as pool:
            waiting = [
                pool.submit(c.get, f"/foi-requests?min_position={position}", headers=READER)
                for _ in range(WAITERS)
            ]
            until(lambda: runtime.reads.waiting == WAITERS)
            # Every worker thread of the old code was held by a waiter for the whole wait.
            other = c.get("/agreements?limit=1", headers=READER, timeout=10)
            assert other.status_code == 200, other.text
            assert not any(w.done() for w in waiting), "answered while the waiters still wait"
            runtime.extras["projections"].start()  # the read models catch up: the waiters read
            answers = [w.result() for w in waiting]
        runtime.extras["projections"].close()
    assert [a.status_code for a in answers] == [200] * WAITERS


def test_beyond_the_waiter_cap_a_read_is_503_at_once(runtime, monkeypatch):
    monkeypatch.setattr(runtime.reads, "max_waiters", 3)
    position = stalled(runtime)
    app = create_app(runtime)
    with live_server(app) as url, httpx.Client(base_url=url, timeout=60) as c:
        with ThreadPoolExecutor(3) as pool:
            waiting = [
                pool.submit(c.get, f"/partners?min_position={position}", headers=READER)
                for _ in range(3)
            ]
            until(lambda: runtime.reads.waiting == 3)
            full = c.get(f"/partners?min_position={position}", headers=READER, timeout=10)
            assert full.status_code == 503, full.text
            assert full.headers["retry-after"]
            assert full.json()["type"] == "urn:pobratym:problem:read-waiters-full"
            assert not any(w.done() for w in waiting)
            runtime.extras["projections"].start()
            answers = [w.result() for w in waiting]
        runtime.extras["projections"].close()
    assert [a.status_code for a in answers] == [200] * 3


def test_a_stopped_read_model_answers_503_without_waiting(runtime, client):
    position = stalled(runtime, wait_seconds=30.0)
    with runtime.read_engine.begin() as conn:
        positions.record_error(conn, "partners", position, "ValueError: cannot apply")
    started = time.monotonic()
    r = client.get(f"/partners?min_position={position}", headers=READER)
    assert time.monotonic() - started < 10, "it waited: the wait is 30 s"
    assert r.status_code == 503, r.text
    assert r.headers["retry-after"]
    problem = r.json()
    assert problem["type"] == "urn:pobratym:problem:read-model-stopped"
    assert "partners" in problem["detail"] and "stopped" in problem["detail"]


def test_every_read_that_takes_min_position_waits_in_the_event_loop(memory_runtime):
    """A handler without the hook would 503 at once instead of waiting (it never waits itself)."""
    import inspect

    app = create_app(memory_runtime)
    takers = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            params = set(handler.parsed_fn_signature.parameters)
            for provide in handler.resolve_dependencies().values():
                function = getattr(provide.dependency, "func", provide.dependency)
                params |= set(inspect.signature(function).parameters)
            if "min_position" in params:
                takers.append(handler)
                assert handler.resolve_before_request() is not None, route.path
    # 13, the lists of issue 17 part B, GET /letters(.csv) (19); engagements and projects (list,
    # stats) and the reports annual.csv, annual.docx and partners (7).
    assert len(takers) == 26
