"""Every status code of API.md's table, over HTTP, with problem+json and nothing stored."""

import pytest
from eventsourcing.persistence import OperationalError

from application.errors import (
    CaseNotFound,
    ConcurrentWrite,
    StoreUnavailable,
    VersionMismatch,
)
from domain.errors import RuleViolation, TransitionNotAllowed
from interfaces.http.problems import PROBLEMS, rule_for
from projections.reads.door import ReadModelLagging
from tests.conftest import auth

ADMIN = auth("admin")


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (CaseNotFound("Agreement", "x"), 404),
        (TransitionNotAllowed("Agreement", "sign", "withdrawn"), 409),
        (ConcurrentWrite(), 409),
        (VersionMismatch(1, 2), 412),
        (RuleViolation.on("country", "blocked"), 422),
        (ReadModelLagging(10, 5), 503),
        (StoreUnavailable("down"), 503),
    ],
)
def test_the_problem_table_maps_each_error_to_its_status(error, status):
    rule = rule_for(error)
    assert rule is not None
    assert rule.status == status


def test_the_problem_table_has_no_row_shadowed_by_an_earlier_one():
    for i, rule in enumerate(PROBLEMS):
        earlier = [r for r in PROBLEMS[:i] if issubclass(rule.error, r.error)]
        assert earlier == [] or earlier[0].status == rule.status, rule


def assert_problem(response, status, field=None):
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    assert body["type"].startswith("urn:pobratym:problem:")
    assert body["title"] and body["detail"]
    if field is not None:
        assert field in [e["field"] for e in body["errors"]], body
    return body


@pytest.fixture
def cincinnati(client):
    r = client.post(
        "/partners",
        json={"name": "Cincinnati", "country": "US", "kind": "city", "relationship": "twin_city"},
        headers=ADMIN,
    )
    assert r.status_code == 201, r.text
    return r.json()["id"]


@pytest.fixture
def agreement(client, cincinnati):
    r = client.post(
        "/agreements",
        json={
            "kind": "memorandum",
            "title": "Меморандум про взаєморозуміння",
            "partner_ids": [cincinnati],
            "term": {"years": 5},
        },
        headers=ADMIN,
    )
    assert r.status_code == 201, r.text
    assert r.headers["location"] == f"/agreements/{r.json()['id']}"
    return r.json()


BAD_BODIES = [
    ("unknown field", {"name": "X", "country": "DE", "kind": "city", "colour": "red"}, "colour"),
    ("wrong type", {"name": 5, "country": "DE", "kind": "city"}, "name"),
    ("unknown enum", {"name": "X", "country": "DE", "kind": "town"}, "kind"),
    ("missing field", {"country": "DE", "kind": "city"}, None),
    ("not ISO 3166", {"name": "X", "country": "XZ", "kind": "city"}, "country"),
    ("empty name", {"name": "", "country": "DE", "kind": "city"}, "name"),
]


@pytest.mark.parametrize(("label", "body", "field"), BAD_BODIES, ids=[b[0] for b in BAD_BODIES])
def test_a_body_that_fails_the_schema_is_400_and_stores_nothing(
    client, runtime, label, body, field
):
    before = runtime.app.position
    assert_problem(client.post("/partners", json=body, headers=ADMIN), 400, field)
    assert runtime.app.position == before


def test_malformed_json_is_400(client, runtime):
    before = runtime.app.position
    r = client.post(
        "/partners", content=b'{"name": "X",', headers={**ADMIN, "content-type": "application/json"}
    )
    assert_problem(r, 400)
    assert runtime.app.position == before


def test_an_impossible_date_is_400(client, agreement, runtime):
    before = runtime.app.position
    r = client.post(
        f"/agreements/{agreement['id']}/approve",
        json={"council_decision_ref": "1", "council_decided_on": "2023-02-30"},
        headers=ADMIN,
    )
    assert_problem(r, 400, "council_decided_on")
    assert runtime.app.position == before


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer not-a-jwt"}, {"Authorization": "Basic abc"}],
    ids=["missing", "garbage", "wrong scheme"],
)
def test_no_or_bad_credentials_are_401(client, agreement, headers):
    body = assert_problem(client.get(f"/agreements/{agreement['id']}", headers=headers), 401)
    assert body["type"].endswith("unauthenticated")


def test_a_forged_token_is_401(client, agreement):
    from infrastructure.tokens import issue_token

    forged = issue_token("another-secret-" + "y" * 40, "mallory", "admin")
    r = client.get(f"/agreements/{agreement['id']}", headers={"Authorization": f"Bearer {forged}"})
    assert_problem(r, 401)


def test_an_expired_token_is_401(client, agreement):
    import time

    import jwt

    from tests.conftest import SECRET

    claims = {
        "iss": "pobratym",
        "aud": "pobratym-api",
        "sub": "olena",
        "role": "admin",
        "iat": int(time.time()) - 7200,
        "exp": int(time.time()) - 3600,
    }
    expired = jwt.encode(claims, SECRET, algorithm="HS256")
    r = client.get(f"/agreements/{agreement['id']}", headers={"Authorization": f"Bearer {expired}"})
    assert_problem(r, 401)


def test_a_token_with_another_algorithm_is_401(client, agreement):
    import time

    import jwt

    claims = {
        "iss": "pobratym",
        "aud": "pobratym-api",
        "sub": "x",
        "role": "admin",
        "iat": int(time.time()),
        "exp": int(time.time()) + 60,
    }
    unsigned = jwt.encode(claims, None, algorithm="none")
    r = client.get(
        f"/agreements/{agreement['id']}", headers={"Authorization": f"Bearer {unsigned}"}
    )
    assert_problem(r, 401)


def test_a_role_without_the_right_is_403_and_stores_nothing(client, agreement, runtime):
    before = runtime.app.position
    r = client.post(
        f"/agreements/{agreement['id']}/approve",
        json={"council_decision_ref": "1", "council_decided_on": "2026-01-05"},
        headers=auth("clerk"),
    )
    assert_problem(r, 403)
    r = client.post(
        f"/agreements/{agreement['id']}/withdraw", json={"reason": "x"}, headers=auth("auditor")
    )
    assert_problem(r, 403)
    assert runtime.app.position == before


def test_an_unknown_case_is_404(client):
    r = client.get("/agreements/0b7e1f5c-9d7a-4e39-a0a8-2a1f3f0d9e11", headers=ADMIN)
    assert_problem(r, 404)
    r = client.post(
        "/agreements/0b7e1f5c-9d7a-4e39-a0a8-2a1f3f0d9e11/withdraw",
        json={"reason": "x"},
        headers=ADMIN,
    )
    assert_problem(r, 404)


def test_signing_a_withdrawn_agreement_is_409_and_stores_nothing(client, agreement, runtime):
    aid = agreement["id"]
    assert (
        client.post(f"/agreements/{aid}/withdraw", json={"reason": "x"}, headers=ADMIN).status_code
        == 200
    )
    before = runtime.app.position
    body = assert_problem(
        client.post(f"/agreements/{aid}/sign", json={"signed_on": "2026-01-05"}, headers=ADMIN), 409
    )
    assert "withdrawn" in body["detail"]
    assert runtime.app.position == before


def test_renewing_a_terminated_agreement_is_409(client, agreement, runtime):
    aid = agreement["id"]
    client.post(
        f"/agreements/{aid}/approve",
        json={"council_decision_ref": "1", "council_decided_on": "2020-01-05"},
        headers=ADMIN,
    )
    client.post(f"/agreements/{aid}/sign", json={"signed_on": "2020-01-06"}, headers=ADMIN)
    r = client.post(
        f"/agreements/{aid}/terminate",
        json={"terminated_on": "2022-05-11", "grounds": "g", "decision_ref": "d"},
        headers=ADMIN,
    )
    assert r.json()["status"] == "terminated"
    before = runtime.app.position
    assert_problem(
        client.post(f"/agreements/{aid}/renew", json={"renewed_on": "2023-01-01"}, headers=ADMIN),
        409,
    )
    assert runtime.app.position == before


def test_a_stale_if_match_is_412_and_stores_nothing(client, agreement, runtime):
    aid = agreement["id"]
    r = client.post(
        f"/agreements/{aid}/approve",
        json={"council_decision_ref": "1", "council_decided_on": "2026-01-05"},
        headers={**ADMIN, "If-Match": '"1"'},
    )
    assert r.status_code == 200
    assert r.headers["etag"] == '"2"'
    before = runtime.app.position
    r = client.post(
        f"/agreements/{aid}/withdraw", json={"reason": "x"}, headers={**ADMIN, "If-Match": '"1"'}
    )
    assert_problem(r, 412)
    assert runtime.app.position == before


def test_a_malformed_if_match_is_400(client, agreement):
    r = client.post(
        f"/agreements/{agreement['id']}/withdraw",
        json={"reason": "x"},
        headers={**ADMIN, "If-Match": "yesterday"},
    )
    assert_problem(r, 400)


def test_a_partner_in_a_blocked_country_is_422_and_stores_nothing(client, runtime):
    before = runtime.app.position
    r = client.post(
        "/partners", json={"name": "Belgorod", "country": "RU", "kind": "city"}, headers=ADMIN
    )
    assert_problem(r, 422, "country")
    assert runtime.app.position == before


def test_a_future_signature_is_422(client, agreement, runtime):
    aid = agreement["id"]
    client.post(
        f"/agreements/{aid}/approve",
        json={"council_decision_ref": "1", "council_decided_on": "2026-01-05"},
        headers=ADMIN,
    )
    before = runtime.app.position
    r = client.post(f"/agreements/{aid}/sign", json={"signed_on": "2026-11-24"}, headers=ADMIN)
    assert_problem(r, 422, "signed_on")
    assert runtime.app.position == before


def test_an_unavailable_database_is_503_with_retry_after(client, agreement, runtime, monkeypatch):
    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(runtime.app.repository, "get", down)
    r = client.get(f"/agreements/{agreement['id']}", headers=ADMIN)
    assert_problem(r, 503)
    assert r.headers["retry-after"] == "2"


def test_the_case_body_carries_id_reference_status_version_position_and_etag(client, agreement):
    r = client.get(f"/agreements/{agreement['id']}", headers=auth("auditor"))
    assert r.status_code == 200
    body = r.json()
    assert body["reference"] == "AGR-2026-0001"
    assert body["status"] == "proposed"
    assert body["version"] == 1
    # The creation also linked the partner: the command's position is that last event's,
    # the case's own last event comes just before it.
    assert body["position"] == agreement["position"] - 1
    assert r.headers["etag"] == '"1"'
    assert body["title"] == "Меморандум про взаєморозуміння"


def test_as_of_and_version_show_the_case_as_it_was(client, agreement):
    aid = agreement["id"]
    client.post(
        f"/agreements/{aid}/approve",
        json={"council_decision_ref": "1", "council_decided_on": "2026-01-05"},
        headers=ADMIN,
    )
    history = client.get(f"/agreements/{aid}/history", headers=ADMIN).json()["items"]
    assert [h["type"] for h in history] == ["Proposed", "Approved"]
    first_at = history[0]["at"]
    r = client.get(f"/agreements/{aid}", params={"as_of": first_at}, headers=ADMIN)
    assert r.json()["status"] == "proposed"
    assert client.get(f"/agreements/{aid}?version=2", headers=ADMIN).json()["status"] == "approved"
    assert_problem(client.get(f"/agreements/{aid}?version=0", headers=ADMIN), 400)
    assert_problem(
        client.get(f"/agreements/{aid}", params={"as_of": "2001-01-01T00:00:00Z"}, headers=ADMIN),
        404,
    )


def test_idempotency_key_replays_the_first_answer_and_refuses_another_body(
    client, cincinnati, runtime
):
    body = {"kind": "memorandum", "title": "T", "partner_ids": [cincinnati]}
    headers = {**ADMIN, "Idempotency-Key": "k-1"}
    first = client.post("/agreements", json=body, headers=headers)
    position = runtime.app.position
    again = client.post("/agreements", json=body, headers=headers)
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["location"] == first.headers["location"]
    assert runtime.app.position == position
    other = client.post("/agreements", json={**body, "title": "U"}, headers=headers)
    assert_problem(other, 422)
    assert runtime.app.position == position


def test_the_openapi_document_is_served(client):
    r = client.get("/schema/openapi.json")
    assert r.status_code == 200
    doc = r.json()
    assert doc["openapi"].startswith("3.1")
    assert "/agreements/{agreement_id}/sign" in doc["paths"]


def test_health_is_open_and_reports_the_databases(client):
    r = client.get("/health")
    assert r.status_code == 200
    assert r.json()["event_store"] == "ok"


def test_the_actor_is_the_tokens_subject_never_the_body(client, agreement, runtime):
    from uuid import UUID

    r = client.post(
        f"/agreements/{agreement['id']}/withdraw",
        json={"reason": "x", "note": "asked by the partner"},
        headers={**auth("clerk", "taras"), "X-Request-ID": "req-42"},
    )
    assert r.status_code == 200
    assert r.headers["x-request-id"] == "req-42"
    last = list(runtime.app.events.get(UUID(agreement["id"])))[-1]
    assert last.meta.actor == "taras"
    assert last.meta.note == "asked by the partner"
    assert last.meta.correlation_id == "req-42"
