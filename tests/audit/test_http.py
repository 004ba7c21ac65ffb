"""The audit endpoints, the auditor's read-only role, request ids, histories over HTTP."""

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from litestar.routes import HTTPRoute

from infrastructure.audit_chain import audit_service
from infrastructure.eventlog import positions
from tests.audit.scenario import write_history
from tests.audit.tamper import Tamper
from tests.conftest import auth

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
SAMPLE: dict[type, Any] = {
    uuid.UUID: str(uuid.uuid4()),
    int: "1",
    str: "x",
    date: "2024-01-01",
    datetime: "2024-01-01T00:00:00+00:00",
    Decimal: "1",
}


def write_routes(app) -> list[tuple[str, str]]:
    """(method, concrete path) of every write endpoint of the app, whoever added it."""
    found = []
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        path = route.path_format
        for param in route.path_parameters.values():
            path = path.replace("{" + param.name + "}", SAMPLE.get(param.type, "x"))
        found += [(m, path) for m in sorted(route.methods & WRITE_METHODS)]
    return found


def test_every_write_endpoint_refuses_an_auditor(memory_runtime, client_for):
    client = client_for(memory_runtime)
    routes = write_routes(client.app)
    assert len(routes) >= 20  # partners, agreements, FOI requests, shipments ...
    answers = {
        (method, path): client.request(method, path, json={}, headers=auth("auditor")).status_code
        for method, path in routes
    }
    # A calendar feed token, and signing in and out, one's own password and API keys, are the
    # caller's own, not a change to any case: every role has them.
    own = {k for k in answers if k[1].startswith(("/feed-tokens", "/auth/"))}
    assert not [k for k in own if k[1].startswith("/users")]
    # The staff console takes no bearer token: without its session it refuses (401/403), sends
    # to sign-in (303) or knows no such page (404: an unknown case kind); an auditor's console
    # session is refused in tests/web.
    console = {k: v for k, v in answers.items() if k[1].startswith("/console/")}
    assert console
    assert {k: v for k, v in console.items() if v not in (303, 401, 403, 404)} == {}
    assert {k: v for k, v in answers.items() if v != 403 and k not in own | set(console)} == {}


def test_the_write_walk_would_notice_an_unguarded_write_endpoint(memory_runtime, client_for):
    from litestar import post

    @post("/audit-test-unguarded", sync_to_thread=False)
    def unguarded() -> dict:
        return {}

    from interfaces.http.app import create_app

    app = create_app(memory_runtime, extra_handlers=[unguarded])
    assert ("POST", "/audit-test-unguarded") in write_routes(app)


@pytest.mark.parametrize("role", ["auditor", "manager", "admin"])
def test_auditors_managers_and_admins_read_the_audit_endpoints(client, runtime, role):
    write_history(runtime)
    head = client.get("/audit/head", headers=auth(role))
    assert head.status_code == 200
    assert head.json()["position"] == runtime.app.position
    verify = client.get("/audit/verify", headers=auth(role)).json()
    assert verify["ok"] and verify["checked"] == runtime.app.position
    assert verify["head"] == head.json()


def test_clerks_and_strangers_do_not_read_the_audit_endpoints(memory_runtime, client_for):
    client = client_for(memory_runtime)
    assert client.get("/audit/verify", headers=auth("clerk")).status_code == 403
    assert client.get("/audit/head").status_code == 401


def test_verify_over_http_names_the_first_tampered_position(client, runtime):
    write_history(runtime)
    audit_service(runtime.app, runtime.read_engine).seal()
    tamper = Tamper(runtime)
    position = tamper.positions()[5]
    tamper.delete(position)
    body = client.get("/audit/verify", headers=auth("auditor")).json()
    assert body["ok"] is False
    assert (body["first_bad_position"], body["reason"]) == (position, "deleted")
    assert body["problems"][0]["detail"].startswith("the event sealed here")


def test_verify_over_http_takes_copied_heads(client, runtime):
    write_history(runtime)
    service = audit_service(runtime.app, runtime.read_engine)
    service.seal()
    head = client.get("/audit/head", headers=auth("auditor")).json()
    copied = f"{head['position']}:{head['digest']}"
    body = client.get(
        "/audit/verify",
        params={"from_head": copied, "expect_head": copied},
        headers=auth("auditor"),
    ).json()
    assert (
        body["ok"] and body["checked"] == 0 and body["started_from"]["position"] == head["position"]
    )
    bad = client.get("/audit/verify", params={"from_head": "7:zz"}, headers=auth("auditor"))
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "from_head"


def test_a_clients_request_id_is_stored_on_the_event_and_echoed(client, runtime):
    given = "req-2024-01-12.abc:1"
    response = client.post(
        "/partners",
        json={"name": "Brno", "country": "CZ", "kind": "city", "note": "twin city"},
        headers={**auth("clerk", "olena"), "X-Request-ID": given},
    )
    assert response.status_code == 201
    assert response.headers["x-request-id"] == given
    partner = uuid.UUID(response.json()["id"])
    (event,) = runtime.app.events.get(partner)
    assert (event.meta.actor, event.meta.note, event.meta.correlation_id) == (
        "olena",
        "twin city",
        given,
    )


def test_a_request_id_is_generated_when_absent_or_unsafe(client, runtime):
    for name, headers in (("Lille", {}), ("Lyon", {"X-Request-ID": "bad id\twith spaces"})):
        response = client.post(
            "/partners",
            json={"name": name, "country": "FR", "kind": "city"},
            headers={**auth("clerk"), **headers},
        )
        generated = response.headers["x-request-id"]
        assert len(generated) == 32 and generated != headers.get("X-Request-ID")
        (event,) = runtime.app.events.get(uuid.UUID(response.json()["id"]))
        assert event.meta.correlation_id == generated
    failed = client.get(f"/partners/{uuid.uuid4()}", headers={**auth(), "X-Request-ID": "r-404"})
    assert failed.status_code == 404 and failed.headers["x-request-id"] == "r-404"


def test_a_history_gives_each_events_position_and_description(client, runtime):
    ids = write_history(runtime)
    agreement = ids["agreement"]
    body = client.get(f"/agreements/{agreement}/history", headers=auth("auditor")).json()
    items = body["items"]
    assert [i["type"] for i in items] == ["Proposed", "Approved", "Signed", "Renewed"]
    assert [i["position"] for i in items] == list(
        positions(runtime.app.recorder, agreement).values()
    )
    assert items[2]["description"] == "Signed on 29.06.2023; expires on 29.06.2024"
    assert items[1]["description"] == "Approved by council decision 5/2023 of 20.06.2023"
    assert items[1]["description_uk"] == "Схвалено рішенням ради № 5/2023 від 20.06.2023"
    assert items[0]["correlation_id"] == "req-1" and items[0]["actor"] == "olena"
    partner = client.get(f"/partners/{ids['partners'][0]}/history", headers=auth()).json()
    assert partner["items"][0]["description"] == "Registered Brno (CZ), city"


def test_auditors_read_foi_histories_without_the_requesters_contact_details(
    memory_runtime, client_for
):
    from interfaces.demo import load

    for _ in load(memory_runtime):
        pass
    client = client_for(memory_runtime)
    cases = {
        n.originator_id
        for n in memory_runtime.app.recorder.select_notifications(None, 10**6)
        if ":FoiRequest." in n.topic
    }
    assert cases
    for case in cases:
        seen = {}
        for role in ("auditor", "clerk"):
            body = client.get(f"/foi-requests/{case}/history", headers=auth(role)).json()
            seen[role] = body["items"][0]["facts"]["requester"]
        for name in ("email", "phone", "postal_address"):
            if seen["clerk"][name]:
                assert seen["auditor"][name] == "[redacted]"
        assert seen["auditor"]["name"] == seen["clerk"]["name"]
