"""Case histories come in pages (limit default 100, at most 500) with a next_cursor."""

from tests.conftest import auth

ADMIN = auth("admin")
PARTNER = {"name": "Cincinnati", "country": "US", "kind": "city", "relationship": "twin_city"}


def _agreement_with_three_events(client) -> tuple[str, str]:
    partner = client.post("/partners", json=PARTNER, headers=ADMIN).json()["id"]
    body = {"kind": "memorandum", "title": "T", "partner_ids": [partner], "term": {"years": 5}}
    aid = client.post("/agreements", json=body, headers=ADMIN).json()["id"]
    r = client.post(
        f"/agreements/{aid}/approve",
        json={"council_decision_ref": "1", "council_decided_on": "2026-01-01"},
        headers=ADMIN,
    )
    assert r.status_code == 200, r.text
    r = client.post(f"/agreements/{aid}/sign", json={"signed_on": "2026-01-02"}, headers=ADMIN)
    assert r.status_code == 200, r.text
    return aid, partner


def test_a_history_is_read_page_by_page_with_next_cursor(client):
    aid, _ = _agreement_with_three_events(client)
    versions, cursor, pages = [], None, 0
    while True:
        params = {"limit": 1} | ({"cursor": cursor} if cursor else {})
        r = client.get(f"/agreements/{aid}/history", params=params, headers=ADMIN)
        assert r.status_code == 200, r.text
        page = r.json()
        assert len(page["items"]) <= 1 and page["case_id"] == aid
        versions += [e["version"] for e in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert versions == [1, 2, 3] and pages == 3
    whole = client.get(f"/agreements/{aid}/history", headers=ADMIN).json()
    assert [e["version"] for e in whole["items"]] == [1, 2, 3]
    assert whole["next_cursor"] is None
    assert all(e["position"] for e in whole["items"])


def test_a_history_page_is_at_most_500_and_a_bad_cursor_is_400(client):
    aid, partner = _agreement_with_three_events(client)
    assert client.get(f"/agreements/{aid}/history?limit=501", headers=ADMIN).status_code == 400
    assert client.get(f"/agreements/{aid}/history?cursor=abc", headers=ADMIN).status_code == 400
    r = client.get(f"/agreements/{partner}/history", headers=ADMIN)
    assert r.status_code == 404, "a partner's id is no agreement"
    r = client.get(f"/agreements/{aid}/history?cursor=3", headers=ADMIN)
    assert r.json()["items"] == [] and r.json()["next_cursor"] is None
