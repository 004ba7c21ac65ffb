"""Hostile input found in review: each answers its problem+json status and stores nothing."""

import pytest

from tests.conftest import auth
from tests.http.test_status_table import assert_problem

ADMIN = auth("admin")


@pytest.fixture
def partner_id(client):
    r = client.post(
        "/partners", json={"name": "Kaunas", "country": "LT", "kind": "city"}, headers=ADMIN
    )
    return r.json()["id"]


@pytest.mark.parametrize(
    "body",
    [
        {"name": "Bad\u0000Name", "country": "DE", "kind": "city"},
        {"name": "Good", "country": "DE", "kind": "city", "note": "a\u0000b"},
    ],
    ids=["name", "note"],
)
def test_a_nul_character_in_a_body_is_400_and_stores_nothing(client, runtime, body):
    before = runtime.app.position
    assert_problem(client.post("/partners", json=body, headers=ADMIN), 400)
    assert runtime.app.position == before


def test_a_nul_character_in_a_query_is_400(client):
    assert_problem(client.get("/partners", params={"q": "a\u0000b"}, headers=ADMIN), 400)


@pytest.mark.parametrize("year", ["0001", "1899", "2200", "9999"])
def test_an_implausible_date_is_refused_and_stores_nothing(client, runtime, partner_id, year):
    r = client.post(
        "/agreements",
        json={"kind": "memorandum", "title": "T", "partner_ids": [partner_id]},
        headers=ADMIN,
    )
    aid = r.json()["id"]
    client.post(
        f"/agreements/{aid}/approve",
        json={"council_decision_ref": "1", "council_decided_on": "2020-01-05"},
        headers=ADMIN,
    )
    before = runtime.app.position
    r = client.post(
        f"/agreements/{aid}/sign",
        json={"signed_on": "2020-01-06", "expires_on": f"{year}-06-01"},
        headers=ADMIN,
    )
    assert r.status_code in (400, 422), r.text
    assert runtime.app.position == before
    assert client.get(f"/agreements/{aid}", headers=ADMIN).status_code == 200


def test_a_far_future_effective_date_cannot_break_the_case(client, runtime, partner_id):
    r = client.post(
        "/agreements",
        json={
            "kind": "memorandum",
            "title": "T",
            "partner_ids": [partner_id],
            "term": {"years": 5},
        },
        headers=ADMIN,
    )
    aid = r.json()["id"]
    client.post(
        f"/agreements/{aid}/approve",
        json={"council_decision_ref": "1", "council_decided_on": "2020-01-05"},
        headers=ADMIN,
    )
    before = runtime.app.position
    r = client.post(
        f"/agreements/{aid}/sign",
        json={"signed_on": "2020-01-06", "effective_from": "9999-01-01"},
        headers=ADMIN,
    )
    assert r.status_code in (400, 422), r.text
    assert runtime.app.position == before


def test_an_if_match_with_thousands_of_digits_is_400(client, partner_id):
    r = client.post(
        f"/partners/{partner_id}/suspend",
        json={"decided_on": "2026-01-01", "decision_ref": "d"},
        headers={**auth("manager"), "If-Match": '"' + "9" * 5000 + '"'},
    )
    assert_problem(r, 400)


def test_deeply_nested_json_is_400(client):
    body = b"[" * 100_000 + b"]" * 100_000
    r = client.post(
        "/partners", content=body, headers={**ADMIN, "content-type": "application/json"}
    )
    assert_problem(r, 400)


@pytest.mark.parametrize(
    "params", [{"from": "0001-01-01"}, {"to": "9999-12-31T23:59:59-05:00"}], ids=["from", "to"]
)
def test_extreme_audit_periods_are_not_a_server_error(client, params):
    r = client.get("/audit/events", params=params, headers=auth("auditor"))
    assert r.status_code in (200, 400), r.text


def test_renewals_as_of_the_end_of_the_calendar_is_not_a_server_error(client):
    r = client.get("/renewals", params={"as_of": "9999-12-31"}, headers=ADMIN)
    assert r.status_code in (200, 400), r.text


def test_a_version_the_case_never_had_is_404(client, partner_id):
    assert_problem(client.get(f"/partners/{partner_id}?version=99", headers=ADMIN), 404)


def test_an_overlong_idempotency_key_is_400_not_cut_short(client, runtime):
    before = runtime.app.position
    r = client.post(
        "/partners",
        json={"name": "Varna", "country": "BG", "kind": "city"},
        headers={**ADMIN, "Idempotency-Key": "k" * 201},
    )
    assert_problem(r, 400)
    assert runtime.app.position == before
