"""The read models over HTTP, on SQLite and PostgreSQL: lists, renewals, deadlines, waiting."""

from datetime import date, timedelta

import pytest

from application.commands.partners import RegisterPartner
from tests.conftest import TODAY, auth

ADMIN = auth("admin")
AUDITOR = auth("auditor")


@pytest.fixture
def running(runtime):
    """The projection engine running in the background, as under `pobratym serve` on SQLite."""
    engine = runtime.extras["projections"]
    engine.start()
    yield engine
    engine.close()


def register(client, name, country="DE", **facts):
    r = client.post(
        "/partners", json={"name": name, "country": country, "kind": "city", **facts}, headers=ADMIN
    )
    assert r.status_code == 201, r.text
    return r.json()


def signed_agreement(client, partner_ids, expires_on, **facts):
    r = client.post(
        "/agreements",
        json={
            "kind": "memorandum",
            "title": facts.pop("title", "Memorandum"),
            "partner_ids": partner_ids,
            **facts,
        },
        headers=ADMIN,
    )
    assert r.status_code == 201, r.text
    aid = r.json()["id"]
    r = client.post(
        f"/agreements/{aid}/approve",
        json={"council_decision_ref": "1", "council_decided_on": "2026-01-01"},
        headers=ADMIN,
    )
    assert r.status_code == 200, r.text
    r = client.post(
        f"/agreements/{aid}/sign",
        json={"signed_on": "2026-01-02", "expires_on": expires_on.isoformat()},
        headers=ADMIN,
    )
    assert r.status_code == 200, r.text
    return r.json()


def test_a_client_reads_its_own_writes_with_min_position(client, running):
    partner = register(client, "Nürnberg", name_uk="Нюрнберг", relationship="twin_city")
    r = client.get(f"/partners?min_position={partner['position']}", headers=AUDITOR)
    assert r.status_code == 200, r.text
    assert [p["name"] for p in r.json()["items"]] == ["Nürnberg"]
    assert r.json()["items"][0]["position"] == partner["position"]

    agreement = signed_agreement(
        client, [partner["id"]], TODAY + timedelta(days=40), notice_period_days=10
    )
    position = agreement["position"]
    r = client.get(f"/agreements?min_position={position}", headers=AUDITOR)
    assert [a["status"] for a in r.json()["items"]] == ["signed"]
    r = client.get(f"/deadlines?min_position={position}", headers=AUDITOR)
    assert [(d["kind"], d["days_left"]) for d in r.json()["items"]] == [
        ("agreement_notice", 30),
        ("agreement_expiry", 40),
    ]
    r = client.get(f"/renewals?min_position={position}", headers=AUDITOR)
    assert [(a["days_to_expiry"], a["window_days"]) for a in r.json()["items"]] == [(40, 60)]
    health = client.get("/health").json()
    assert health["status"] == "ok"
    assert health["projections"]["partners"]["position"] >= partner["position"]


def lag_behind(runtime) -> int:
    """Stop the read models following the log and write one event: the position they miss."""
    from application.service import Caller

    runtime.extras["projections"].close()
    runtime.partners.register_partner(
        RegisterPartner(name="Lag", country="PL", kind="city"), Caller("olena")
    )
    return runtime.app.position


def test_a_read_model_that_cannot_reach_min_position_answers_503_with_retry_after(runtime, client):
    runtime.settings = runtime.settings.model_copy(update={"read_wait_seconds": 0.1})
    lagging = lag_behind(runtime)
    r = client.get(f"/partners?min_position={lagging}", headers=ADMIN)
    assert r.status_code == 503
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.headers["retry-after"] == "2"
    assert r.json()["type"] == "urn:pobratym:problem:read-model-lagging"
    for path in ("/agreements", "/renewals", "/deadlines", "/partners/stats"):
        assert client.get(f"{path}?min_position={lagging}", headers=ADMIN).status_code == 503
    r = client.get(f"/partners?min_position={lagging + 1000}", headers=ADMIN)
    assert r.status_code == 400, "beyond the log's head: no write can get there (no wait)"


def test_partner_lists_filter_search_and_page_over_http(runtime, client):
    for name, country, uk, rel in [
        ("Nürnberg", "DE", "Нюрнберг", "twin_city"),
        ("Bologna", "IT", "Болонья", "twin_city"),
        ("Cincinnati", "US", None, "partner_city"),
        ("Kaunas", "LT", "Каунас", "friendship"),
    ]:
        register(client, name, country, relationship=rel, **({"name_uk": uk} if uk else {}))
    runtime.extras["projections"].catch_up()

    def names(query):
        r = client.get(f"/partners{query}", headers=AUDITOR)
        assert r.status_code == 200, r.text
        return [p["name"] for p in r.json()["items"]]

    assert names("") == ["Bologna", "Cincinnati", "Kaunas", "Nürnberg"]
    assert names("?country=de") == ["Nürnberg"]
    assert names("?relationship=twin_city") == ["Bologna", "Nürnberg"]
    assert names("?q=КАУН") == ["Kaunas"]
    assert names("?q=nurnb") == ["Nürnberg"]
    assert names("?status=severed") == []

    first = client.get("/partners?limit=3", headers=AUDITOR).json()
    second = client.get(f"/partners?limit=3&cursor={first['next_cursor']}", headers=AUDITOR).json()
    assert [p["name"] for p in first["items"] + second["items"]] == names("")
    assert second["next_cursor"] is None

    for bad in ("?cursor=garbage", "?limit=501", "?limit=0", "?relationship=enemy", "?country=DEU"):
        r = client.get(f"/partners{bad}", headers=AUDITOR)
        assert r.status_code == 400, (bad, r.text)
        assert r.headers["content-type"].startswith("application/problem+json")
    assert client.get("/partners").status_code == 401

    stats = client.get("/partners/stats", headers=AUDITOR).json()
    assert stats == {
        "total": 4,
        "by_country": {"DE": 1, "IT": 1, "LT": 1, "US": 1},
        "by_relationship": {"friendship": 1, "partner_city": 1, "twin_city": 2},
        "by_status": {"active": 4},
    }


def test_renewals_and_deadlines_over_http(runtime, client):
    partner = register(client, "Bologna", "IT")
    for days in (80, 20, 45, 200):
        signed_agreement(
            client, [partner["id"]], TODAY + timedelta(days=days), title=f"In {days} days"
        )
    runtime.extras["projections"].catch_up()

    r = client.get("/renewals", headers=AUDITOR).json()
    assert [(a["title"], a["window_days"]) for a in r["items"]] == [
        ("In 20 days", 30),
        ("In 45 days", 60),
        ("In 80 days", 90),
    ]
    assert r["items"][0]["countries"] == ["IT"]
    wider = client.get("/renewals?within_days=365&limit=2", headers=AUDITOR).json()
    assert len(wider["items"]) == 2 and wider["next_cursor"]
    later = client.get(f"/renewals?as_of={TODAY + timedelta(days=50)}", headers=AUDITOR).json()
    assert [a["days_to_expiry"] for a in later["items"]] == [-30, -5, 30]

    deadlines = client.get("/deadlines", headers=AUDITOR).json()["items"]
    assert [d["due_on"] for d in deadlines] == sorted(d["due_on"] for d in deadlines)
    assert len(deadlines) == 4 and not any(d["overdue"] for d in deadlines)
    as_of = (TODAY + timedelta(days=50)).isoformat()
    overdue = client.get(f"/deadlines?as_of={as_of}&overdue=true", headers=AUDITOR).json()
    assert [d["days_left"] for d in overdue["items"]] == [-30, -5]
    assert all(d["overdue"] for d in overdue["items"])
    by_kind = client.get("/deadlines?kind=agreement_notice", headers=AUDITOR).json()
    assert by_kind["items"] == []
    assert client.get("/deadlines?kind=Bad-Kind", headers=AUDITOR).status_code == 400
    assert date.fromisoformat(deadlines[0]["due_on"]) == TODAY + timedelta(days=20)
