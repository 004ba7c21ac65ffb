"""A project's life over HTTP (SQLite and PostgreSQL): plan with funding and milestones, start,
reach, complete; lists, as-of, history; auditors only read."""

from tests.engagements.helpers import AUDITOR, CLERK, get, plan_body, post


def test_a_project_from_plan_to_completion(client, running):
    lille = post(
        client,
        "/partners",
        {"name": "Lille", "country": "FR", "kind": "city", "relationship": "twin_city"},
        201,
    )
    meeting = post(client, "/engagements", plan_body(), 201)
    body = {
        "title": "Письменництво в етері",
        "starts_on": "2026-09-01",
        "ends_on": "2026-12-31",
        "funder": {"name": "Leeds City Council", "type": "partner_city", "country": "gb"},
        "amount": "12000.50",
        "currency": "eur",
        "milestones": [{"title": "broadcast", "due_on": "2026-11-30"}],
        "links": {"partner_ids": [lille["id"]], "engagement_ids": [meeting["id"]]},
        "officer": "olena",
    }
    r = client.post("/projects", json=body, headers=CLERK)
    assert r.status_code == 201, r.text
    p = r.json()
    pid = p["id"]
    assert (p["reference"], p["status"], p["budget"]) == (
        "PRJ-2026-0001",
        "planned",
        {"amount": "12000.50", "currency": "EUR"},
    )
    assert p["funder"]["country"] == "GB"
    p = post(client, f"/projects/{pid}/start", {"started_on": "2026-09-01"})
    assert p["status"] == "active"
    p = post(client, f"/projects/{pid}/milestones", {"title": "report", "due_on": "2026-12-20"})
    rows = get(client, f"/deadlines?case_type=project&min_position={p['position']}")["items"]
    assert [(d["kind"], d["owner"], d["due_on"]) for d in rows] == [
        ("milestone:1", "olena", "2026-11-30"),
        ("milestone:2", "olena", "2026-12-20"),
    ]
    p = post(client, f"/projects/{pid}/milestones/reached", {"no": 1, "done_on": "2026-11-20"})
    assert p["milestones"][0]["done_on"] == "2026-11-20"
    assert (
        client.post(
            f"/projects/{pid}/complete", json={"completed_on": "2026-11-23"}, headers=AUDITOR
        ).status_code
        == 403
    )
    p = post(client, f"/projects/{pid}/complete", {"completed_on": "2026-11-23"})
    assert p["status"] == "completed"
    rows = get(client, f"/deadlines?case_type=project&min_position={p['position']}")["items"]
    assert rows == []

    page = get(client, f"/projects?linked_id={lille['id']}&min_position={p['position']}")
    assert [(i["reference"], i["currency"]) for i in page["items"]] == [("PRJ-2026-0001", "EUR")]
    assert float(page["items"][0]["amount"]) == 12000.5
    assert get(client, "/projects?q=етері")["items"][0]["id"] == pid
    assert get(client, "/projects?status=active")["items"] == []
    stats = get(client, "/projects/stats?year=2026")
    assert stats["by_status"] == {"completed": 1}
    assert get(client, f"/projects/{pid}?version=2")["status"] == "active"
    history = get(client, f"/projects/{pid}/history")["items"]
    assert [h["type"] for h in history] == [
        "Planned",
        "Started",
        "MilestoneAdded",
        "MilestoneReached",
        "Completed",
    ]
