"""An engagement's life over HTTP, on SQLite and PostgreSQL: plan, hold, follow up, read back."""

from tests.engagements.helpers import AUDITOR, CLERK, get, hold_body, plan_body, post


def test_a_meeting_from_plan_to_follow_up_done(client, running):
    partner = post(
        client,
        "/partners",
        {"name": "Lille", "country": "FR", "kind": "city", "relationship": "twin_city"},
        201,
    )
    r = client.post(
        "/engagements",
        json=plan_body(links={"partner_ids": [partner["id"]]}),
        headers=CLERK,
    )
    assert r.status_code == 201, r.text
    e = r.json()
    eid = e["id"]
    assert r.headers["location"] == f"/engagements/{eid}" and r.headers["etag"] == '"1"'
    assert (e["reference"], e["status"], e["counterpart"]["country"]) == (
        "ENG-2026-0001",
        "planned",
        "FR",
    )
    assert e["links"]["partner_ids"] == [partner["id"]]

    r = client.post(
        f"/engagements/{eid}/hold", json=hold_body(), headers={**CLERK, "If-Match": '"1"'}
    )
    assert r.status_code == 200, r.text
    e = r.json()
    assert (e["status"], e["held_on"], e["version"]) == ("held", "2026-11-20", 2)
    assert e["follow_ups"] == [
        {
            "no": 1,
            "action": "send the draft programme",
            "owner": "olena",
            "due_on": "2026-12-04",
            "done_on": None,
        }
    ]
    # A stale If-Match is refused, nothing stored.
    r = client.post(
        f"/engagements/{eid}/follow-ups",
        json={"action": "book the hall", "owner": "petro", "due_on": "2026-12-10"},
        headers={**CLERK, "If-Match": '"1"'},
    )
    assert r.status_code == 412, r.text
    e = post(
        client,
        f"/engagements/{eid}/follow-ups",
        {"action": "book the hall", "owner": "petro", "due_on": "2026-12-10"},
    )
    assert [f["owner"] for f in e["follow_ups"]] == ["olena", "petro"]

    # The follow-ups are deadlines, each with its own owner.
    head = e["position"]
    rows = get(client, f"/deadlines?case_type=engagement&min_position={head}")["items"]
    assert sorted((d["kind"], d["owner"], d["due_on"]) for d in rows) == [
        ("follow_up:1", "olena", "2026-12-04"),
        ("follow_up:2", "petro", "2026-12-10"),
    ]
    e = post(client, f"/engagements/{eid}/follow-ups/done", {"no": 1, "done_on": "2026-11-23"})
    rows = get(client, f"/deadlines?case_type=engagement&min_position={e['position']}")["items"]
    assert [d["kind"] for d in rows] == ["follow_up:2"]

    # Lists: filters, search, links.
    page = get(client, f"/engagements?country=fr&min_position={e['position']}")
    assert [i["reference"] for i in page["items"]] == ["ENG-2026-0001"]
    assert page["items"][0]["follow_ups_open"] == 1
    assert get(client, "/engagements?q=anniversary")["items"][0]["id"] == eid
    assert get(client, "/engagements?counterpart_type=donor")["items"] == []
    assert get(client, f"/engagements?linked_id={partner['id']}")["items"][0]["id"] == eid
    stats = get(client, "/engagements/stats?year=2026")
    assert stats["meetings_by_counterpart_type"] == {"consular_office": 1}

    # History (described in both languages) and as-of.
    history = get(client, f"/engagements/{eid}/history")["items"]
    assert [h["type"] for h in history] == [
        "Planned",
        "Held",
        "FollowUpAdded",
        "FollowUpDone",
    ]
    assert history[1]["description"].startswith("Held on 20.11.2026")
    old = get(client, f"/engagements/{eid}?version=1")
    assert (old["status"], old["version"]) == ("planned", 1)


def test_an_auditor_reads_engagements_but_never_writes(client):
    e = post(client, "/engagements", plan_body(), 201)
    assert client.post("/engagements", json=plan_body(), headers=AUDITOR).status_code == 403
    r = client.post(f"/engagements/{e['id']}/hold", json=hold_body(), headers=AUDITOR)
    assert r.status_code == 403
    assert get(client, f"/engagements/{e['id']}")["version"] == 1


def test_references_are_gapless_per_year_and_a_refused_plan_takes_none(client):
    first = post(client, "/engagements", plan_body(), 201)
    bad = plan_body(links={"agreement_ids": ["00000000-0000-0000-0000-000000000001"]})
    assert client.post("/engagements", json=bad, headers=CLERK).status_code == 422
    second = post(client, "/engagements", plan_body(), 201)
    other_year = post(client, "/engagements", plan_body(planned_on="2027-02-01"), 201)
    assert [first["reference"], second["reference"], other_year["reference"]] == [
        "ENG-2026-0001",
        "ENG-2026-0002",
        "ENG-2027-0001",
    ]


def test_an_idempotent_retry_plans_once(client):
    headers = {**CLERK, "Idempotency-Key": "plan-meeting-1"}
    a = client.post("/engagements", json=plan_body(), headers=headers)
    b = client.post("/engagements", json=plan_body(), headers=headers)
    assert (a.status_code, b.status_code) == (201, 201)
    assert a.json()["id"] == b.json()["id"]
    assert post(client, "/engagements", plan_body(), 201)["reference"] == "ENG-2026-0002"
