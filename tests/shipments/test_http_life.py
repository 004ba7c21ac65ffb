"""A shipment's whole life over HTTP, on SQLite and on PostgreSQL."""

import time
from datetime import UTC, datetime

from tests.conftest import auth
from tests.shipments.http_helpers import (
    CLERK,
    announce,
    announce_body,
    full_receipt,
    post,
    to_cleared,
)


def line(body: dict, n: int) -> dict:
    return next(x for x in body["lines"] if x["line_no"] == n)


def test_a_shipment_from_announcement_to_closing(client):
    partner = post(
        client,
        "/partners",
        {"name": "Poznań", "country": "PL", "kind": "city", "relationship": "twin_city"},
        201,
    )
    donor = {"name": "Poznań", "country": "PL", "partner_id": partner["id"]}
    r = client.post("/shipments", json=announce_body(donor=donor), headers=CLERK)
    assert r.status_code == 201, r.text
    s = r.json()
    sid = s["id"]
    assert r.headers["location"] == f"/shipments/{sid}"
    assert r.headers["etag"] == '"1"'
    assert s["reference"] == "SHP-2026-0001"
    assert (s["status"], s["version"], s["donor"]["partner_id"]) == ("announced", 1, partner["id"])
    # Amounts and quantities come back as exact decimal strings, from strings or numbers.
    assert line(s, 1)["value"] == {"amount": "56250.00", "currency": "EUR"}
    assert (line(s, 1)["weight_kg"], line(s, 2)["quantity"]) == ("4500", "2.5")
    assert line(s, 2)["received"] is None and line(s, 2)["distributed"] == "0"

    s = to_cleared(client, sid, cleared_on="2026-11-02")
    assert (s["status"], s["cleared_on"], s["report_due_on"]) == (
        "cleared",
        "2026-11-02",
        "2027-02-01",  # 90 days fall on Sunday 31.01.2027: Art. 254(5)
    )
    assert s["days_to_report_due"] == 70 and s["overdue"] is False
    assert s["transport"] is None and s["declaration_code"] == "HA-2026-1"

    receipt = full_receipt()
    receipt["lines"][0] = {
        "line_no": 1,
        "received": 72,
        "damaged": "2",
        "missing": "1",
        "discrepancy_reason": "2 cracked housings, 1 missing from the pallet",
    }
    s = post(client, f"/shipments/{sid}/receive", receipt)
    assert s["status"] == "received"
    g = line(s, 1)
    assert (g["quantity"], g["received"], g["damaged"], g["missing"], g["on_hand"]) == (
        "75",
        "72",
        "2",
        "1",
        "72",
    )

    s = post(
        client,
        f"/shipments/{sid}/distribute",
        {
            "distributed_on": "2026-11-06",
            "to": "Пункт незламності, Салтівка",
            "act_ref": "акт 17",
            "lines": [{"line_no": 1, "quantity": "60"}, {"line_no": 2, "quantity": 1.25}],
        },
    )
    assert s["status"] == "partially_distributed"
    assert (line(s, 1)["distributed"], line(s, 1)["on_hand"]) == ("60", "12")
    assert line(s, 2)["on_hand"] == "1.25"
    assert s["distributions"][0]["to"] == "Пункт незламності, Салтівка"

    s = post(
        client,
        f"/shipments/{sid}/write-off",
        {
            "written_off_on": "2026-11-07",
            "reason": "expired",
            "lines": [{"line_no": 3, "quantity": "4"}],
        },
    )
    assert (line(s, 3)["written_off"], line(s, 3)["on_hand"]) == ("4", "96")

    s = post(
        client,
        f"/shipments/{sid}/correct-receipt",
        {
            "reason": "recount at the warehouse",
            "lines": [
                {
                    "line_no": 1,
                    "received": "73",
                    "damaged": "2",
                    "missing": "0",
                    "discrepancy_reason": "2 cracked housings",
                }
            ],
        },
    )
    assert (line(s, 1)["received"], line(s, 1)["missing"], line(s, 1)["on_hand"]) == (
        "73",
        "0",
        "13",
    )
    assert s["corrections"] == 1

    s = post(
        client,
        f"/shipments/{sid}/distribute",
        {
            "distributed_on": "2026-11-10",
            "to": "KP Kharkivvodokanal",
            "act_ref": "акт 18",
            "lines": [
                {"line_no": 1, "quantity": "13"},
                {"line_no": 2, "quantity": "1.25"},
                {"line_no": 3, "quantity": "96"},
            ],
        },
    )
    assert s["status"] == "distributed"
    assert [x["on_hand"] for x in s["lines"]] == ["0", "0", "0"]

    s = post(
        client, f"/shipments/{sid}/report", {"reported_on": "2026-11-20", "report_ref": "звіт 5"}
    )
    assert (s["status"], s["late"], s["reported_on"]) == ("reported", False, "2026-11-20")
    assert s["days_to_report_due"] is None

    r = client.post(
        f"/shipments/{sid}/close",
        json={"closed_on": "2026-11-23", "note": "all handed over"},
        headers={**CLERK, "If-Match": f'"{s["version"]}"'},
    )
    assert r.status_code == 200, r.text
    s = r.json()
    assert s["status"] == "closed" and s["closed_on"] == "2026-11-23"
    assert r.headers["etag"] == f'"{s["version"]}"'

    history = client.get(f"/shipments/{sid}/history", headers=auth("auditor")).json()["items"]
    assert [h["type"] for h in history] == [
        "Announced",
        "Declared",
        "Dispatched",
        "CustomsCleared",
        "Received",
        "Distributed",
        "WrittenOff",
        "ReceiptCorrected",
        "Distributed",
        "Reported",
        "Closed",
    ]
    assert {h["actor"] for h in history} == {"olena"}
    assert history[-1]["note"] == "all handed over"
    assert history[3]["facts"]["report_due_on"] == "2027-02-01"
    assert history[5]["facts"]["lines"] == [
        {"line_no": 1, "quantity": "60"},
        {"line_no": 2, "quantity": "1.25"},
    ]

    then = client.get(f"/shipments/{sid}?version=5", headers=auth("auditor")).json()
    assert (then["status"], then["version"], line(then, 1)["received"]) == ("received", 5, "72")


def test_a_shipment_as_it_stood_at_a_moment(client):
    sid = announce(client)["id"]
    post(client, f"/shipments/{sid}/declare", {"code": "HA-1", "declared_on": "2026-11-20"})
    time.sleep(0.02)
    moment = datetime.now(UTC).isoformat()
    time.sleep(0.02)
    post(
        client,
        f"/shipments/{sid}/dispatch",
        {"dispatched_on": "2026-11-21", "transport": {"carrier": "PKP Cargo", "waybill": "W-1"}},
    )
    r = client.get(f"/shipments/{sid}", params={"as_of": moment}, headers=CLERK)
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["version"], r.json()["declaration_code"]) == (
        "announced",
        2,
        "HA-1",
    )
    now = client.get(f"/shipments/{sid}", headers=CLERK).json()
    assert now["status"] == "in_transit"
    assert now["transport"] == {"carrier": "PKP Cargo", "vehicle": None, "waybill": "W-1"}
    both = client.get(f"/shipments/{sid}", params={"as_of": moment, "version": 1}, headers=CLERK)
    assert both.status_code == 400


def test_references_are_gapless_per_year_and_a_refused_announcement_takes_none(client):
    assert announce(client)["reference"] == "SHP-2026-0001"
    post(client, "/shipments", announce_body(recipient=" "), 422)
    assert announce(client)["reference"] == "SHP-2026-0002"


def test_a_donor_named_as_partner_must_be_a_registered_partner_in_that_country(client):
    unknown = {"name": "X", "country": "PL", "partner_id": "00000000-0000-4000-8000-000000000000"}
    body = post(client, "/shipments", announce_body(donor=unknown), 422)
    assert body["errors"][0]["field"] == "donor.partner_id"
    partner = post(client, "/partners", {"name": "Košice", "country": "SK", "kind": "city"}, 201)
    wrong = {"name": "Košice", "country": "PL", "partner_id": partner["id"]}
    body = post(client, "/shipments", announce_body(donor=wrong), 422)
    assert body["errors"][0]["field"] == "donor.country"


def test_an_auditor_reads_but_cannot_write_and_a_token_is_required(client):
    sid = announce(client)["id"]
    assert client.get(f"/shipments/{sid}", headers=auth("auditor")).status_code == 200
    r = client.post(f"/shipments/{sid}/cancel", json={"reason": "x"}, headers=auth("auditor"))
    assert r.status_code == 403
    assert client.get(f"/shipments/{sid}").status_code == 401


def test_an_unknown_shipment_is_404_and_an_old_version_412(client):
    missing = "00000000-0000-4000-8000-000000000000"
    assert client.get(f"/shipments/{missing}", headers=CLERK).status_code == 404
    sid = announce(client)["id"]
    r = client.post(
        f"/shipments/{sid}/cancel", json={"reason": "x"}, headers={**CLERK, "If-Match": '"7"'}
    )
    assert r.status_code == 412


def test_a_snapshot_restores_every_figure(runtime, client):
    sid = announce(client)["id"]
    to_cleared(client, sid)
    post(client, f"/shipments/{sid}/receive", full_receipt())
    before = client.get(f"/shipments/{sid}", headers=CLERK).json()
    from uuid import UUID

    runtime.app.take_snapshot(UUID(sid))
    restored = runtime.shipments.get_shipment(UUID(sid))
    replayed = runtime.shipments.get_shipment(UUID(sid), restored.version)
    assert restored.figures() == replayed.figures()
    after = client.get(f"/shipments/{sid}", headers=CLERK).json()
    assert after == before


def test_closing_a_shipment_with_goods_on_hand_is_refused_naming_the_lines(client):
    sid = announce(client)["id"]
    to_cleared(client, sid)
    post(client, f"/shipments/{sid}/receive", full_receipt())
    post(
        client,
        f"/shipments/{sid}/distribute",
        {
            "distributed_on": "2026-11-10",
            "to": "heating points",
            "act_ref": "act 1",
            "lines": [{"line_no": 1, "quantity": "25"}, {"line_no": 2, "quantity": "2.5"}],
        },
    )
    post(client, f"/shipments/{sid}/report", {"reported_on": "2026-11-20", "report_ref": "r"})
    r = client.post(f"/shipments/{sid}/close", json={"closed_on": "2026-11-23"}, headers=CLERK)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    named = " ".join(e["message"] for e in r.json()["errors"])
    assert "line 1: 50 on hand" in named and "line 3: 100 on hand" in named
    assert "line 2" not in named
    assert client.get(f"/shipments/{sid}", headers=CLERK).json()["status"] == "reported"


def test_a_reported_shipment_with_goods_on_hand_hands_them_over_and_closes(client):
    sid = announce(client)["id"]
    to_cleared(client, sid)
    post(client, f"/shipments/{sid}/receive", full_receipt())
    first = {"line_no": 1, "quantity": "25"}
    act = {"distributed_on": "2026-11-10", "to": "heating points", "act_ref": "act 1"}
    post(client, f"/shipments/{sid}/distribute", {**act, "lines": [first]})
    post(client, f"/shipments/{sid}/report", {"reported_on": "2026-11-20", "report_ref": "r"})
    close = {"closed_on": "2026-11-23"}
    assert client.post(f"/shipments/{sid}/close", json=close, headers=CLERK).status_code == 422
    rest = [
        {"line_no": 1, "quantity": "50"},
        {"line_no": 2, "quantity": "2.5"},
        {"line_no": 3, "quantity": "100"},
    ]
    post(client, f"/shipments/{sid}/distribute", {**act, "act_ref": "act 2", "lines": rest})
    after = client.get(f"/shipments/{sid}", headers=CLERK).json()
    assert after["status"] == "reported" and after["reported_on"] == "2026-11-20"
    r = client.post(f"/shipments/{sid}/close", json=close, headers=CLERK)
    assert r.status_code == 200, r.text
    assert client.get(f"/shipments/{sid}", headers=CLERK).json()["status"] == "closed"
