"""GET /reminders, feed tokens, and the deadlines calendar feed (RFC 5545)."""

from datetime import date

from icalendar import Calendar

from infrastructure.reminders import reminder_service
from tests.conftest import auth
from tests.reminders import scenario as sc


def test_reminders_are_listed_with_their_delivery_state(runtime, client_for, make_outbox):
    sc.foi(runtime, date(2026, 11, 16))
    sc.shipment(runtime, expected_on=date(2026, 11, 1))
    runtime.extras["projections"].catch_up(timeout=30)
    reminder_service(runtime).run()
    runtime.extras["projections"].catch_up(timeout=30)
    position = runtime.app.position
    client = client_for(runtime)

    answer = client.get(
        "/reminders", params={"min_position": position, "limit": 2}, headers=auth("auditor")
    )
    assert answer.status_code == 200, answer.text
    page = answer.json()
    assert len(page["items"]) == 2 and page["next_cursor"]
    rest = client.get(
        "/reminders", params={"cursor": page["next_cursor"]}, headers=auth("auditor")
    ).json()
    items = page["items"] + rest["items"]
    assert len(items) == 3 and rest["next_cursor"] is None  # day 3, due, arrival
    assert {i["delivery"] for i in items} == {"undelivered"}
    assert {i["what"] for i in items} >= {"foi_due", "shipment_arrival_late"}

    make_outbox(runtime).deliver()
    sent = client.get("/reminders", params={"delivery": "sent"}, headers=auth("clerk")).json()
    assert len(sent["items"]) == 3
    assert {d["channel"] for d in sent["items"][0]["deliveries"]} == {"email", "webhook"}
    assert all(d["status"] == "sent" for i in sent["items"] for d in i["deliveries"])

    earlier = client.get("/reminders", params={"as_of": "2026-11-22"}, headers=auth()).json()
    assert earlier["items"] == []
    foi = client.get("/reminders", params={"case_type": "foi_request"}, headers=auth()).json()
    assert {i["reference"] for i in foi["items"]} == {"FOI-2026-0001"}
    assert client.get("/reminders").status_code == 401
    assert client.get("/reminders", params={"delivery": "lost"}, headers=auth()).status_code == 400


def test_a_feed_token_opens_the_deadlines_calendar_until_it_is_revoked(runtime, client_for):
    sc.agreement(runtime, signed_on=date(2021, 12, 1))
    sc.foi(runtime, date(2026, 11, 16), urgent_at=sc.kyiv(date(2026, 11, 16), 9, 30))
    runtime.extras["projections"].catch_up(timeout=30)
    client = client_for(runtime)

    made = client.post("/feed-tokens", json={"label": "Google"}, headers=auth("auditor", "iryna"))
    assert made.status_code == 201, made.text
    token = made.json()
    assert token["url"].endswith(f"/deadlines.ics?token={token['token']}")

    feed = client.get("/deadlines.ics", params={"token": token["token"]})
    assert feed.status_code == 200, feed.text
    assert feed.headers["content-type"] == "text/calendar; charset=utf-8"  # one charset
    calendar = Calendar.from_ical(feed.content)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    expiry = next(e for uid, e in events.items() if uid.endswith("-agreement_expiry@pobratym"))
    assert expiry.decoded("dtstart") == date(2026, 12, 1)
    assert "AGR-2026-0001" in str(expiry["summary"])
    urgent = next(e for uid, e in events.items() if uid.endswith("-foi_answer@pobratym"))
    assert urgent.decoded("dtstart").isoformat() == "2026-11-18T07:30:00+00:00"  # 48 h later

    listed = client.get("/feed-tokens", headers=auth("auditor", "iryna")).json()["items"]
    assert [t["id"] for t in listed] == [token["id"]] and "token" not in listed[0]
    assert listed[0]["last_used_at"] is not None
    assert client.get("/feed-tokens", headers=auth("auditor", "olena")).json()["items"] == []

    other = client.post(f"/feed-tokens/{token['id']}/revoke", headers=auth("clerk", "olena"))
    assert other.status_code == 404
    revoked = client.post(f"/feed-tokens/{token['id']}/revoke", headers=auth("auditor", "iryna"))
    assert revoked.status_code == 200 and revoked.json()["active"] is False
    gone = client.get("/deadlines.ics", params={"token": token["token"]})
    assert gone.status_code == 401
    assert client.get("/deadlines.ics", params={"token": "pft_guess"}).status_code == 401
    assert client.get("/deadlines.ics").status_code == 400
