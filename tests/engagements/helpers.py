"""Shared bodies and steps of the engagement and project tests."""

import pytest

from tests.conftest import auth

CLERK = auth("clerk", "olena")
AUDITOR = auth("auditor")


@pytest.fixture
def running(runtime):
    """The projection engine in the background (as `pobratym serve` runs it on SQLite)."""
    engine = runtime.extras["projections"]
    engine.start()
    yield engine
    engine.close()


def post(client, path: str, body: dict, status: int = 200, headers: dict | None = None) -> dict:
    r = client.post(path, json=body, headers=headers or CLERK)
    assert r.status_code == status, r.text
    return r.json()


def get(client, path: str, status: int = 200, headers: dict | None = None) -> dict:
    r = client.get(path, headers=headers or AUDITOR)
    assert r.status_code == status, (path, r.text)
    return r.json()


def plan_body(**overrides) -> dict:
    body = {
        "kind": "meeting",
        "title": "Meeting with the Consul General of France",
        "planned_on": "2026-11-20",
        "place": "Kharkiv City Council",
        "counterpart": {"type": "consular_office", "name": "Consulate of France", "country": "fr"},
    }
    body.update(overrides)
    return body


def hold_body(**overrides) -> dict:
    body = {
        "held_on": "2026-11-20",
        "participants": [
            {"side": "council", "count": 3, "who": "Deputy Mayor; Department"},
            {"side": "counterpart", "count": 2},
        ],
        "topics": ["winter support", "twinning anniversary"],
        "outcome": "Agreed to prepare a joint event",
        "decisions": ["set up a working group"],
        "follow_ups": [
            {"action": "send the draft programme", "owner": "olena", "due_on": "2026-12-04"}
        ],
    }
    body.update(overrides)
    return body


def problem(response, status: int, field: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    if field is not None:
        assert field in [e["field"] for e in body.get("errors", [])], body
    return body
