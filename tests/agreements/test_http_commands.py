"""The typed commands over HTTP: every fact of a body reaches the agreement, and back."""

from tests.conftest import auth

MANAGER = auth("manager", "taras")
CLERK = auth("clerk", "olena")


def test_a_signature_s_signatories_and_term_in_months_are_recorded_and_shown(client):
    r = client.post(
        "/partners", json={"name": "Lublin", "country": "pl", "kind": "city"}, headers=CLERK
    )
    assert r.status_code == 201 and r.json()["country"] == "PL"
    proposal = {"kind": "memorandum", "title": "Memorandum", "partner_ids": [r.json()["id"]]}
    proposal |= {"areas": ["culture"], "languages": ["pl"], "reminder_windows_days": [30, 90]}
    r = client.post("/agreements", json=proposal, headers=CLERK)
    assert r.status_code == 201, r.text
    aid = r.json()["id"]
    assert r.headers["location"] == f"/agreements/{aid}"
    assert (r.json()["areas"], r.json()["reminder_windows_days"]) == (["culture"], [90, 30])
    approve = {"council_decision_ref": "1/2026", "council_decided_on": "2026-01-05"}
    assert client.post(f"/agreements/{aid}/approve", json=approve, headers=MANAGER).is_success
    signature = {
        "signed_on": "2026-01-10",
        "signatories": [{"party": "Lublin", "name": "K. Nowak", "position": "mayor"}],
        "term": {"months": 18},
        "note": "signed in Lublin",
    }
    r = client.post(f"/agreements/{aid}/sign", json=signature, headers={**CLERK, "If-Match": '"2"'})
    assert r.status_code == 200, r.text
    signed = r.json()
    assert signed["signatories"] == signature["signatories"]
    assert signed["expires_on"] == "2027-07-10"  # 18 months from the signature
    assert (signed["version"], r.headers["etag"]) == (3, '"3"')
    shown = client.get(f"/agreements/{aid}", headers=CLERK).json()
    assert shown["signatories"] == signature["signatories"]
    assert shown["in_force"] is True and shown["days_to_expiry"] == 229  # from 23.11.2026
    history = client.get(f"/agreements/{aid}/history", headers=CLERK).json()["items"]
    assert (history[-1]["actor"], history[-1]["note"]) == ("olena", "signed in Lublin")


def test_severing_without_grounds_is_refused_by_the_rule_and_nothing_is_stored(client):
    r = client.post(
        "/partners", json={"name": "Brno", "country": "CZ", "kind": "city"}, headers=CLERK
    )
    pid = r.json()["id"]
    decision = {"decided_on": "2026-11-01", "decision_ref": "7/2026"}
    r = client.post(f"/partners/{pid}/sever", json=decision, headers=MANAGER)
    assert r.status_code == 422, r.text
    assert client.get(f"/partners/{pid}", headers=CLERK).json()["status"] == "active"
