"""A notice of non-renewal over HTTP, on SQLite and PostgreSQL (DOMAIN.md §2)."""

from tests.conftest import auth

MANAGER = auth("manager", "taras")
CLERK = auth("clerk", "olena")


def signed(client, notice_period_days: int) -> dict:
    """A five-year memorandum that renews by itself, signed 10.01.2022: expires 10.01.2027."""
    r = client.post(
        "/partners", json={"name": "Cincinnati", "country": "US", "kind": "city"}, headers=CLERK
    )
    partner = r.json()["id"] if r.status_code == 201 else r.json()["existing_id"]
    r = client.post(
        "/agreements",
        json={
            "kind": "memorandum",
            "title": "Memorandum",
            "partner_ids": [partner],
            "term": {"years": 5},
            "auto_renew": True,
            "notice_period_days": notice_period_days,
        },
        headers=CLERK,
    )
    aid = r.json()["id"]
    approve = {"council_decision_ref": "1/2022", "council_decided_on": "2022-01-05"}
    assert client.post(f"/agreements/{aid}/approve", json=approve, headers=MANAGER).is_success
    r = client.post(f"/agreements/{aid}/sign", json={"signed_on": "2022-01-10"}, headers=CLERK)
    assert r.status_code == 200, r.text
    return r.json()


NOTICE = {"given_by": "partner", "given_on": "2026-11-20", "letter_ref": "лист 12/3"}


def test_a_manager_records_a_notice_and_the_agreement_no_longer_renews(client):
    a = signed(client, notice_period_days=30)  # deadline 11.12.2026
    assert a["renews_automatically"] is True
    r = client.post(f"/agreements/{a['id']}/give-notice", json=NOTICE, headers=CLERK)
    assert r.status_code == 403
    r = client.post(f"/agreements/{a['id']}/give-notice", json=NOTICE, headers=MANAGER)
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["status"], body["renews_automatically"]) == ("signed", False)
    assert (body["notice_given_by"], body["notice_given_on"]) == ("partner", "2026-11-20")
    assert body["notice_letter_ref"] == "лист 12/3"
    history = client.get(f"/agreements/{a['id']}/history", headers=MANAGER).json()
    assert "NoticeGiven" in str(history)
    r = client.post(f"/agreements/{a['id']}/give-notice", json=NOTICE, headers=MANAGER)
    assert r.status_code == 422, r.text


def test_a_notice_after_the_deadline_is_422_and_in_another_status_409(client, runtime):
    a = signed(client, notice_period_days=90)  # deadline 12.10.2026, today 23.11.2026
    before = runtime.app.position
    r = client.post(f"/agreements/{a['id']}/give-notice", json=NOTICE, headers=MANAGER)
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["field"] == "given_on"
    assert runtime.app.position == before
    terminate = {"terminated_on": "2026-11-01", "grounds": "g", "decision_ref": "d"}
    client.post(f"/agreements/{a['id']}/terminate", json=terminate, headers=MANAGER)
    r = client.post(f"/agreements/{a['id']}/give-notice", json=NOTICE, headers=MANAGER)
    assert r.status_code == 409, r.text


def test_an_agreement_past_its_expiry_reads_as_lapsed_before_the_job_runs(client, clock):
    from datetime import date

    a = signed(client, notice_period_days=30)  # expires 10.01.2027
    assert (a["in_force"], a["lapsed_on"]) == (True, None)
    clock.set(date(2027, 1, 10))  # the expiry date: no job has run
    a = client.get(f"/agreements/{a['id']}", headers=CLERK).json()
    assert (a["status"], a["in_force"], a["lapsed_on"]) == ("signed", False, "2027-01-10")
