"""Each bad input of issue 17 over HTTP (SQLite and PostgreSQL): 422 naming the field, nothing
stored."""

from uuid import UUID

import pytest

from tests.engagements.helpers import CLERK, hold_body, plan_body, post, problem

NOBODY = "00000000-0000-0000-0000-00000000abcd"
FUTURE = "2026-11-24"  # the test clock's today is 2026-11-23


PLANS = {
    "an unknown partner": (plan_body(links={"partner_ids": [NOBODY]}), "links.partner_ids.0"),
    "an unknown agreement": (
        plan_body(links={"agreement_ids": [NOBODY]}),
        "links.agreement_ids.0",
    ),
    "an unknown project": (plan_body(links={"project_ids": [NOBODY]}), "links.project_ids.0"),
    "an event without its format": (plan_body(kind="event_hosted"), "format"),
    "a partner city without a country": (
        plan_body(counterpart={"type": "partner_city", "name": "Lille"}),
        "counterpart.country",
    ),
}


@pytest.mark.parametrize("case", PLANS, ids=list(PLANS))
def test_a_bad_plan_is_refused_naming_the_field_and_stores_nothing(runtime, client, case):
    body, field = PLANS[case]
    before = runtime.app.position
    problem(client.post("/engagements", json=body, headers=CLERK), 422, field)
    assert runtime.app.position == before


HOLDS = {
    "held in the future": (hold_body(held_on=FUTURE), "held_on"),
    "ended before it began": (hold_body(ended_on="2026-11-19"), "ended_on"),
    "a follow-up due before the meeting": (
        hold_body(follow_ups=[{"action": "x", "owner": "olena", "due_on": "2026-11-19"}]),
        "follow_ups.0.due_on",
    ),
    "a side listed twice": (
        hold_body(participants=[{"side": "council", "count": 1}, {"side": "council", "count": 2}]),
        "participants",
    ),
}


@pytest.mark.parametrize("case", HOLDS, ids=list(HOLDS))
def test_a_bad_record_is_refused_naming_the_field_and_stores_nothing(runtime, client, case):
    e = post(client, "/engagements", plan_body(), 201)
    body, field = HOLDS[case]
    before = runtime.app.position
    problem(client.post(f"/engagements/{e['id']}/hold", json=body, headers=CLERK), 422, field)
    assert runtime.app.position == before
    assert runtime.engagements.get_engagement(UUID(e["id"])).status == "planned"


def test_a_follow_up_added_due_before_the_meeting_is_refused(runtime, client):
    e = post(client, "/engagements", plan_body(), 201)
    post(client, f"/engagements/{e['id']}/hold", hold_body())
    before = runtime.app.position
    body = {"action": "write up", "owner": "olena", "due_on": "2026-11-01"}
    problem(
        client.post(f"/engagements/{e['id']}/follow-ups", json=body, headers=CLERK), 422, "due_on"
    )
    assert runtime.app.position == before


def test_linking_an_unknown_agreement_later_is_refused_and_stores_nothing(runtime, client):
    e = post(client, "/engagements", plan_body(), 201)
    before = runtime.app.position
    body = {"links": {"agreement_ids": [NOBODY]}}
    r = client.post(f"/engagements/{e['id']}/link", json=body, headers=CLERK)
    problem(r, 422, "links.agreement_ids.0")
    assert runtime.app.position == before


def test_holding_a_cancelled_engagement_is_a_conflict(client):
    e = post(client, "/engagements", plan_body(), 201)
    post(client, f"/engagements/{e['id']}/cancel", {"cancelled_on": "2026-11-19", "reason": "war"})
    problem(client.post(f"/engagements/{e['id']}/hold", json=hold_body(), headers=CLERK), 409)


def project_body(**overrides) -> dict:
    body = {
        "title": "Письменництво в етері",
        "starts_on": "2023-03-01",
        "ends_on": "2023-12-31",
        "funder": {"name": "Lille", "type": "partner_city", "country": "FR"},
        "amount": "12000.00",
        "currency": "EUR",
        "milestones": [{"title": "first broadcast", "due_on": "2023-06-01"}],
    }
    body.update(overrides)
    return body


PROJECTS = {
    "an end before the start": (project_body(ends_on="2023-02-28"), "ends_on"),
    "an amount without a currency": (project_body(currency=None), "currency"),
    "an unknown currency": (project_body(currency="XYZ"), "currency"),
    "a currency without an amount": (project_body(amount=None), "amount"),
    "a milestone before the start": (
        project_body(milestones=[{"title": "kick-off", "due_on": "2023-01-01"}]),
        "milestones.0.due_on",
    ),
    "an unknown partner": (project_body(links={"partner_ids": [NOBODY]}), "links.partner_ids.0"),
    "an unknown engagement": (
        project_body(links={"engagement_ids": [NOBODY]}),
        "links.engagement_ids.0",
    ),
    "an unknown aid shipment": (
        project_body(links={"shipment_ids": [NOBODY]}),
        "links.shipment_ids.0",
    ),
}


@pytest.mark.parametrize("case", PROJECTS, ids=list(PROJECTS))
def test_a_bad_project_is_refused_naming_the_field_and_stores_nothing(runtime, client, case):
    body, field = PROJECTS[case]
    body = {k: v for k, v in body.items() if v is not None}
    before = runtime.app.position
    problem(client.post("/projects", json=body, headers=CLERK), 422, field)
    assert runtime.app.position == before
