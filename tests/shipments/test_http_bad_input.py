"""Each bad input of issue 4 over HTTP: its API.md status, problem+json, and nothing stored."""

import copy

import pytest

from tests.shipments.http_helpers import (
    CLERK,
    announce,
    announce_body,
    full_receipt,
    history_length,
    post,
    to_cleared,
)


def assert_problem(response, status: int, field: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    assert body["type"].startswith("urn:pobratym:problem:")
    assert body["title"] and body["detail"]
    if field is not None:
        assert field in [e["field"] for e in body["errors"]], body
    return body


def with_line(n: int, **changes) -> dict:
    body = announce_body()
    line = body["lines"][n - 1]
    for key, value in changes.items():
        if value is None:
            line.pop(key)
        else:
            line[key] = value
    return body


ANNOUNCEMENTS = {
    "a negative quantity": (with_line(1, quantity="-5"), 400, "lines[0]"),
    "a zero quantity": (with_line(2, quantity=0), 400, "lines[1]"),
    "a quantity that is not a number": (with_line(2, quantity="lots"), 400, None),
    "a non-finite quantity": (with_line(2, quantity="Infinity"), 400, "lines[1]"),
    "too many decimal places": (with_line(2, quantity="0.0001"), 400, "lines[1]"),
    "an unknown unit": (with_line(1, unit="barrel"), 400, "lines[0].unit"),
    "an unknown currency": (
        with_line(1, value={"amount": "10", "currency": "XYZ"}),
        400,
        "lines[0].value",
    ),
    "a negative value": (
        with_line(1, value={"amount": "-10", "currency": "EUR"}),
        400,
        "lines[0].value",
    ),
    "an unknown category": (with_line(1, category="weapons"), 400, "lines[0].category"),
    "an unknown country": (announce_body(donor={"name": "X", "country": "ZZ"}), 400, "donor"),
    "an unknown field": (announce_body(colour="red"), 400, None),
    "no lines": (announce_body(lines=[]), 400, None),
    "more than 500 lines": (
        announce_body(
            lines=[
                {
                    "line_no": n,
                    "category": "food",
                    "description": "x",
                    "quantity": "1",
                    "unit": "kg",
                }
                for n in range(1, 502)
            ]
        ),
        400,
        None,
    ),
    "medicines without a lot": (with_line(3, lot=None), 422, "lines[2].lot"),
    "medicines without an expiry date": (with_line(3, expiry_on=None), 422, "lines[2].expiry_on"),
    "a line number given twice": (
        announce_body(lines=[announce_body()["lines"][0]] * 2),
        422,
        "lines[1].line_no",
    ),
}


@pytest.mark.parametrize("case", list(ANNOUNCEMENTS))
def test_a_bad_announcement_is_refused_and_nothing_is_stored(runtime, client, case):
    body, status, field = ANNOUNCEMENTS[case]
    position = runtime.app.position
    assert_problem(client.post("/shipments", json=body, headers=CLERK), status, field)
    assert runtime.app.position == position


def refused(client, runtime, sid: str, verb: str, body: dict, status: int, field=None) -> dict:
    """Post a command that must be refused; the shipment's history must not grow."""
    length, position = history_length(client, sid), runtime.app.position
    problem = assert_problem(
        client.post(f"/shipments/{sid}/{verb}", json=body, headers=CLERK), status, field
    )
    assert history_length(client, sid) == length
    assert runtime.app.position == position
    return problem


def test_clearing_customs_without_a_declaration_is_refused(runtime, client):
    sid = announce(client)["id"]
    post(client, f"/shipments/{sid}/dispatch", {"dispatched_on": "2026-10-30"})
    body = {"cleared_on": "2026-11-02", "customs_ref": "UA1"}
    refused(client, runtime, sid, "clear-customs", body, 422, "declaration_code")


def receipt_with(line: dict) -> dict:
    body = full_receipt()
    body["lines"][0] = {"line_no": 1, **line}
    return body


RECEIPTS = {
    "lines that do not add up": (
        receipt_with({"received": "70", "damaged": "2", "missing": "1", "discrepancy_reason": "x"}),
        422,
        "lines[0].received",
    ),
    "a discrepancy without reason": (
        receipt_with({"received": "70", "damaged": "3", "missing": "2"}),
        422,
        "lines[0].discrepancy_reason",
    ),
    "a received date in the future": (
        {**full_receipt(), "received_on": "2026-11-24"},
        422,
        "received_on",
    ),
    "a received date before clearance": (
        {**full_receipt(), "received_on": "2026-11-01"},
        422,
        "received_on",
    ),
    "a negative count": (
        receipt_with(
            {"received": "80", "damaged": "-5", "missing": "0", "discrepancy_reason": "x"}
        ),
        400,
        "lines[0]",
    ),
    "a line left out": ({**full_receipt(), "lines": full_receipt()["lines"][:2]}, 422, "lines"),
    "a missing figure": (receipt_with({"received": "75", "damaged": "0"}), 400, None),
}


@pytest.mark.parametrize("case", list(RECEIPTS))
def test_a_bad_receipt_is_refused_and_nothing_is_stored(runtime, client, case):
    body, status, field = RECEIPTS[case]
    sid = announce(client)["id"]
    to_cleared(client, sid)
    refused(client, runtime, sid, "receive", copy.deepcopy(body), status, field)


def test_receiving_twice_is_refused(runtime, client):
    sid = announce(client)["id"]
    to_cleared(client, sid)
    post(client, f"/shipments/{sid}/receive", full_receipt())
    problem = refused(client, runtime, sid, "receive", full_receipt(), 409)
    assert problem["type"].endswith("transition-not-allowed")


def test_receiving_a_cancelled_shipment_is_refused(runtime, client):
    sid = announce(client)["id"]
    post(client, f"/shipments/{sid}/cancel", {"reason": "the donor withdrew the offer"})
    refused(client, runtime, sid, "receive", full_receipt(), 409)


def test_distributing_or_writing_off_more_than_is_on_hand_is_refused(runtime, client):
    sid = announce(client)["id"]
    to_cleared(client, sid)
    receipt = receipt_with(
        {"received": "70", "damaged": "5", "missing": "0", "discrepancy_reason": "cracked"}
    )
    post(client, f"/shipments/{sid}/receive", receipt)
    act = {"distributed_on": "2026-11-06", "to": "heating points", "act_ref": "a1"}
    too_much = {**act, "lines": [{"line_no": 1, "quantity": "71"}]}
    refused(client, runtime, sid, "distribute", too_much, 422, "lines[0].quantity")
    zero = {**act, "lines": [{"line_no": 1, "quantity": "0"}]}
    refused(client, runtime, sid, "distribute", zero, 400, "lines[0]")
    unknown = {**act, "lines": [{"line_no": 9, "quantity": "1"}]}
    refused(client, runtime, sid, "distribute", unknown, 422, "lines[0].line_no")
    post(client, f"/shipments/{sid}/distribute", {**act, "lines": [{"line_no": 1, "quantity": 70}]})
    off = {
        "written_off_on": "2026-11-07",
        "reason": "lost",
        "lines": [{"line_no": 1, "quantity": 1}],
    }
    refused(client, runtime, sid, "write-off", off, 422, "lines[0].quantity")


def test_a_correction_below_what_has_been_handed_over_is_refused(runtime, client):
    sid = announce(client)["id"]
    to_cleared(client, sid)
    post(client, f"/shipments/{sid}/receive", full_receipt())
    act = {"distributed_on": "2026-11-06", "to": "heating points", "act_ref": "a1"}
    post(client, f"/shipments/{sid}/distribute", {**act, "lines": [{"line_no": 1, "quantity": 70}]})
    body = {
        "reason": "recount",
        "lines": [
            {
                "line_no": 1,
                "received": "69",
                "damaged": "6",
                "missing": "0",
                "discrepancy_reason": "x",
            }
        ],
    }
    refused(client, runtime, sid, "correct-receipt", body, 422, "lines[0].received")
    refused(client, runtime, sid, "reverse-receipt", {"reason": "mistake"}, 409)


def test_a_shipment_dated_before_the_department_s_aid_work_is_refused(client):
    # domain.bounds: humanitarian-aid casework begins in 2014.
    assert announce(client, expected_on="2014-01-01")["expected_on"] == "2014-01-01"
    before = client.get("/shipments", headers=CLERK).json()["items"]
    r = client.post("/shipments", json=announce_body(expected_on="2013-12-31"), headers=CLERK)
    assert_problem(r, 422, "expected_on")
    assert client.get("/shipments", headers=CLERK).json()["items"] == before


def test_a_partner_tie_older_than_kharkiv_s_twinnings_is_refused(client):
    body = {"name": "Bologna", "country": "IT", "kind": "city"}
    assert client.post("/partners", json={**body, "since": 1950}, headers=CLERK).status_code == 201
    r = client.post("/partners", json={**body, "since": 1949}, headers=CLERK)
    assert_problem(r, 422, "since")
