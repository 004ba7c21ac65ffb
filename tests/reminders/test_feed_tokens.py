"""Feed tokens expire, are bounded per user, never show in an error; the feed has an ETag."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import update

from infrastructure.feed_tokens import feed_tokens
from tests.conftest import auth
from tests.reminders import scenario as sc

IRYNA = auth("auditor", "iryna")


def _make(client, label="phone"):
    return client.post("/feed-tokens", json={"label": label}, headers=IRYNA)


def test_a_user_may_hold_at_most_five_active_feed_tokens(client):
    made = [_make(client, f"t{i}") for i in range(5)]
    assert [m.status_code for m in made] == [201] * 5
    sixth = _make(client)
    assert sixth.status_code == 422, sixth.text
    assert sixth.json()["type"] == "urn:pobratym:problem:feed-token-limit"
    first = made[0].json()
    assert client.post(f"/feed-tokens/{first['id']}/revoke", headers=IRYNA).status_code == 200
    assert _make(client).status_code == 201
    assert _make(client).status_code == 422
    others = client.post("/feed-tokens", json={}, headers=auth("auditor", "olena"))
    assert others.status_code == 201, "the bound is per user"


def test_a_feed_token_stops_opening_the_feed_90_days_after_it_was_made(runtime, client):
    token = _make(client).json()
    made = datetime.fromisoformat(token["created_at"])
    assert datetime.fromisoformat(token["expires_at"]) == made + timedelta(days=90)
    assert client.get("/deadlines.ics", params={"token": token["token"]}).status_code == 200
    with runtime.read_engine.begin() as conn:
        conn.execute(
            update(feed_tokens).values(created_at=datetime.now(UTC) - timedelta(days=90, hours=1))
        )
    assert client.get("/deadlines.ics", params={"token": token["token"]}).status_code == 401
    listed = client.get("/feed-tokens", headers=IRYNA).json()["items"]
    assert listed[0]["active"] is False
    assert _make(client).status_code == 201, "an expired token does not count"


def test_a_bad_feed_request_never_shows_the_token(client):
    secret = _make(client).json()["token"]
    for params in ({"token": secret, "mine": "maybe"}, {"token": secret + "x" * 300}):
        r = client.get("/deadlines.ics", params=params)
        assert r.status_code == 400, r.text
        assert secret not in r.text and "token=" not in r.text


def test_the_calendar_feed_has_an_etag_and_answers_304_when_unchanged(runtime, client):
    sc.agreement(runtime, signed_on=date(2021, 12, 1))
    runtime.extras["projections"].catch_up(timeout=30)
    secret = _make(client).json()["token"]
    first = client.get("/deadlines.ics", params={"token": secret})
    assert first.status_code == 200 and first.headers["etag"]
    again = client.get("/deadlines.ics", params={"token": secret})
    assert again.headers["etag"] == first.headers["etag"], "the same deadlines, the same tag"
    unchanged = client.get(
        "/deadlines.ics", params={"token": secret}, headers={"If-None-Match": first.headers["etag"]}
    )
    assert unchanged.status_code == 304 and unchanged.content == b""
    sc.agreement(runtime, signed_on=date(2022, 3, 1))
    runtime.extras["projections"].catch_up(timeout=30)
    changed = client.get(
        "/deadlines.ics", params={"token": secret}, headers={"If-None-Match": first.headers["etag"]}
    )
    assert changed.status_code == 200 and changed.headers["etag"] != first.headers["etag"]
