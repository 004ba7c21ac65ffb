"""Shared bodies and steps for the shipment HTTP tests."""

from tests.conftest import auth

CLERK = auth("clerk", "olena")


def announce_body(**overrides) -> dict:
    body = {
        "donor": {"name": "Siepomaga foundation", "country": "pl"},
        "recipient": "Department of International Cooperation",
        "expected_on": "2026-11-30",
        "lines": [
            {
                "line_no": 1,
                "category": "energy",
                "description": "generators for heating points",
                "quantity": "75",
                "unit": "pcs",
                "weight_kg": 4500,
                "value": {"amount": "56250.00", "currency": "eur"},
            },
            {
                "line_no": 2,
                "category": "food",
                "description": "canned meat",
                "quantity": 2.5,
                "unit": "t",
            },
            {
                "line_no": 3,
                "category": "medicines",
                "description": "antibiotics",
                "quantity": "100",
                "unit": "box",
                "lot": "L-2211",
                "expiry_on": "2027-06-30",
            },
        ],
    }
    body.update(overrides)
    return body


def post(client, path: str, body: dict, status: int = 200, headers: dict | None = None) -> dict:
    r = client.post(path, json=body, headers=headers or CLERK)
    assert r.status_code == status, r.text
    return r.json()


def announce(client, **overrides) -> dict:
    return post(client, "/shipments", announce_body(**overrides), 201)


def to_cleared(client, sid: str, cleared_on: str = "2026-11-02") -> dict:
    post(client, f"/shipments/{sid}/declare", {"code": "HA-2026-1", "declared_on": "2026-10-28"})
    post(client, f"/shipments/{sid}/dispatch", {"dispatched_on": "2026-10-30"})
    return post(
        client, f"/shipments/{sid}/clear-customs", {"cleared_on": cleared_on, "customs_ref": "UA1"}
    )


def full_receipt() -> dict:
    return {
        "received_on": "2026-11-05",
        "lines": [
            {"line_no": 1, "received": "75", "damaged": "0", "missing": "0"},
            {"line_no": 2, "received": "2.5", "damaged": 0, "missing": 0},
            {"line_no": 3, "received": "100", "damaged": "0", "missing": "0"},
        ],
    }


def history_length(client, sid: str) -> int:
    r = client.get(f"/shipments/{sid}/history", headers=CLERK)
    assert r.status_code == 200, r.text
    return len(r.json()["items"])
