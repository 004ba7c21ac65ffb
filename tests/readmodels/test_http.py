"""FOI and shipment lists, statistics, stock, deadlines and the annual report over HTTP.

On SQLite and PostgreSQL. The demo figures are those of interfaces/demo/*.py: in 2023 the
Košice partnership (19.09), the Albuquerque protocol (29.06) and agreement (15.11, superseding
the protocol) and the Leeds pledge (06.12) were signed, the Cincinnati MoU renewed (19.09); aid
came from the twelve countries the reply names (documented: France, Germany; the other ten are
illustrative records); the journalist's request of 25.12.2023 was answered on 12.01.2024, late.
"""

from datetime import datetime

import pytest

from interfaces.demo import load
from interfaces.demo import shipments as demo_shipments
from tests.conftest import auth
from tests.projections.test_http import lag_behind
from tests.shipments.test_demo import REPLY_COUNTRIES

ADMIN = auth("admin")
CLERK = auth("clerk", "olena")
AUDITOR = auth("auditor")
DEMO_CONTACTS = (
    "newsroom@gwara.example",
    "info@monitor.example",
    "a@llc.example",
    "p@mail.example",
    "+380 57 700 00 00",
)


@pytest.fixture
def running(runtime):
    """The projection engine in the background (as `pobratym serve` runs it on SQLite)."""
    engine = runtime.extras["projections"]
    engine.start()
    yield engine
    engine.close()


def get(client, path, headers=AUDITOR, status=200):
    r = client.get(path, headers=headers)
    assert r.status_code == status, (path, r.text)
    return r.json()


def post(client, path, body, headers=CLERK, status=200):
    r = client.post(path, json=body, headers=headers)
    assert r.status_code == status, (path, r.text)
    return r.json()


def register(client, received_on, name="Ivan P.", **facts):
    body = {
        "requester": {"name": name, "kind": "individual", "email": "ivan@example.org"},
        "channel": "email",
        "received_on": received_on,
        "subject": "Twin cities",
        "text": "Which twin cities does Kharkiv have?",
        **facts,
    }
    return post(client, "/foi-requests", body, status=201)


def test_the_2023_report_names_the_replys_countries_and_flags_every_made_up_row(
    runtime, client, running
):
    list(load(runtime))
    head = runtime.extras["projections"].head()
    rows = get(client, f"/reports/annual?year=2023&min_position={head}")["shipments"]["received"]
    documented = {r["donor_country"] for r in rows if not r["illustrative"]}
    made_up = {(r["donor_name"], r["received_on"]) for r in rows if r["illustrative"]}

    def received_2023(stories):
        return [s for s in stories if s.received_on and s.received_on.year == 2023]

    assert {r["donor_country"] for r in rows} == REPLY_COUNTRIES
    assert documented == {s.country for s in received_2023(demo_shipments.DOCUMENTED)}
    assert made_up == {
        (s.donor, s.received_on.isoformat()) for s in received_2023(demo_shipments.ILLUSTRATIVE)
    }
    assert len(rows) == len(received_2023(demo_shipments.STORIES))
    listed = get(client, "/shipments?limit=100")["items"]
    assert sum(item["illustrative"] for item in listed) == len(demo_shipments.ILLUSTRATIVE)


def test_the_annual_report_of_2023_answers_what_the_councils_reply_reports(
    runtime, client, running
):
    list(load(runtime))
    head = runtime.extras["projections"].head()
    report = get(client, f"/reports/annual?year=2023&min_position={head}")

    agreements = report["agreements"]
    assert (report["year"], report["from"], report["to"]) == (2023, "2023-01-01", "2023-12-31")
    assert agreements["counts"] == {
        "signed": 4,
        "renewed": 1,
        "terminated": 0,
        "expired": 0,
        "superseded": 1,
        "withdrawn": 0,
    }

    def steps(what):
        return [
            (a["partners"][0]["name"], a["countries"], a["kind"], a["happened_on"])
            for a in agreements[what]
        ]

    assert steps("signed") == [
        ("Albuquerque", ["US"], "protocol_of_intent", "2023-06-29"),
        ("Košice", ["SK"], "partnership", "2023-09-19"),
        ("Albuquerque", ["US"], "partnership", "2023-11-15"),
        ("Leeds", ["GB"], "friendship_pledge", "2023-12-06"),
    ]
    assert steps("renewed") == [("Cincinnati", ["US"], "memorandum", "2023-09-19")]
    assert agreements["renewed"][0]["expires_on"] == "2028-09-19"
    assert agreements["renewed"][0]["partners"][0]["name_uk"] == "Цинциннаті"
    assert steps("superseded") == [("Albuquerque", ["US"], "protocol_of_intent", "2023-11-15")]
    assert agreements["countries"] == ["GB", "SK", "US"]

    shipments = report["shipments"]
    assert shipments["shipments"] == 12  # the Albanian clothes were cancelled
    assert shipments["by_donor_country"] == {c: 1 for c in sorted(REPLY_COUNTRIES)}
    assert shipments["by_category"] == {
        "building_materials": 2,  # Polish housing repair, Czech heating network
        "clothing": 2,  # IsraAID warm clothes, Montenegrin clothes
        "energy": 2,  # French generators, Japanese power stations
        "food": 2,  # Albanian, Georgian
        "hygiene": 1,
        "medical_equipment": 1,
        "medicines": 1,
        "shelter": 2,  # IsraAID blankets, Austrian tents
        "vehicles": 3,  # IsraAID fire trucks, Finnish machinery, Dutch ambulances
        "water_sanitation": 1,
    }
    assert shipments["value_by_currency"] == {"EUR": "45000", "JPY": "9000000"}
    assert len(shipments["received"]) == 12 and not shipments["received_truncated"]

    foi = report["foi_requests"]
    assert (foi["received"], foi["answered"], foi["answered_on_time"], foi["answered_late"]) == (
        1,
        1,
        0,
        1,
    )
    assert foi["by_outcome"] == {"granted": 1}
    assert (foi["by_channel"], foi["by_requester_kind"]) == ({"email": 1}, {"media": 1})
    # Received Monday 25.12.2023, answered 12.01.2024: 14 working days (martial law: no holidays).
    assert foi["median_working_days_to_answer"] == 14.0 and foi["on_time_share"] == 0.0

    earlier = get(client, "/reports/annual?year=2022")
    terminated = earlier["agreements"]["terminated"]
    assert len(terminated) == 5 and {a["happened_on"] for a in terminated} == {"2022-05-11"}
    assert "RU" in earlier["agreements"]["countries"]
    assert earlier["shipments"]["by_donor_country"] == {"CZ": 1, "DE": 1, "GE": 1, "PL": 3, "SK": 2}
    assert get(client, "/reports/annual")["year"] == 2025  # the clock stands in 2026

    # The lists show what the case itself shows, and never a requester's contact details.
    listed = get(client, "/foi-requests")
    assert len(listed["items"]) == 6
    assert not any(c in str(listed) for c in DEMO_CONTACTS)
    for item in listed["items"]:
        detail = get(client, f"/foi-requests/{item['id']}", headers=CLERK)
        for key in ("due_on", "extension_notice_due_on", "late", "working_days_late", "overdue"):
            assert item[key] == detail[key], (item["reference"], key)
        if item["urgent_due_at"]:
            moment = datetime.fromisoformat
            assert moment(item["urgent_due_at"]) == moment(detail["urgent_due_at"])
    journalist = get(client, "/foi-requests?q=gwara")["items"]
    assert [(r["reference"], r["late"], r["working_days_late"]) for r in journalist] == [
        ("FOI-2023-0001", True, 9)
    ]
    stats = get(client, "/foi-requests/stats?year=2024")
    assert (stats["received"], stats["answered_on_time"], stats["answered_late"]) == (5, 3, 1)
    assert stats["by_refusal_ground"] == {"restricted": 2}

    stock = get(client, "/shipments/stock")["items"]
    assert [(s["donor"]["country"], s["description"], s["on_hand"]) for s in stock] == [
        ("FI", "water purification units", "8"),
        ("NL", "hospital beds", "12"),
    ]
    assert get(client, "/shipments/stats?from=2023-01-01&to=2023-12-31") == shipments
    overdue = get(client, "/shipments?report_overdue=true")["items"]
    assert [s["donor"]["name"] for s in overdue] == ["Finnish donors"]
    assert overdue[0]["days_to_report_due"] == -24


def test_lists_read_their_own_writes_with_min_position(client, running):
    saved = register(client, "2026-11-16")
    found = get(client, f"/foi-requests?min_position={saved['position']}")["items"]
    assert [(r["id"], r["due_on"], r["requester"]) for r in found] == [
        (saved["id"], "2026-11-23", {"name": "Ivan P.", "kind": "individual"})
    ]
    assert "ivan@example.org" not in str(found)
    stats = get(client, f"/foi-requests/stats?min_position={saved['position']}")
    assert (stats["from"], stats["to"], stats["received"]) == ("2026-01-01", "2026-11-23", 1)
    deadlines = get(client, f"/deadlines?kind=foi_answer&min_position={saved['position']}")
    assert [d["case_id"] for d in deadlines["items"]] == [saved["id"]]

    body = {
        "donor": {"name": "Siepomaga foundation", "country": "PL"},
        "recipient": "Department of International Cooperation",
        "expected_on": "2026-11-30",
        "lines": [
            {
                "line_no": 1,
                "category": "energy",
                "description": "generators",
                "quantity": "75",
                "unit": "pcs",
                "value": {"amount": "56250.00", "currency": "EUR"},
            },
        ],
    }
    shipment = post(client, "/shipments", body, status=201)
    listed = get(client, f"/shipments?min_position={shipment['position']}")["items"]
    assert [(s["id"], s["status"], s["categories"]) for s in listed] == [
        (shipment["id"], "announced", ["energy"])
    ]
    arrival = get(client, f"/deadlines?kind=shipment_arrival&min_position={shipment['position']}")
    assert [d["due_on"] for d in arrival["items"]] == ["2026-11-30"]
    assert get(client, f"/shipments/stock?min_position={shipment['position']}")["items"] == []
    report = get(client, f"/reports/annual?year=2026&min_position={shipment['position']}")
    assert report["foi_requests"]["received"] == 1


def test_a_calendar_override_moves_an_open_requests_due_date_in_deadlines(runtime, client):
    saved = register(client, "2026-11-16")  # Monday: due on the 5th working day, 23.11
    engine = runtime.extras["projections"]

    def due_dates():
        engine.catch_up()
        deadlines = get(client, "/deadlines?kind=foi_answer")["items"]
        listed = get(client, "/foi-requests")["items"][0]["due_on"]
        detail = get(client, f"/foi-requests/{saved['id']}", headers=CLERK)["due_on"]
        return [d["due_on"] for d in deadlines], listed, detail

    assert due_dates() == (["2026-11-23"], "2026-11-23", "2026-11-23")
    off = {"date": "2026-11-18", "working": False, "reason": "blackout: the council did not work"}
    post(client, "/calendar/overrides", off, headers=ADMIN, status=201)
    assert due_dates() == (["2026-11-24"], "2026-11-24", "2026-11-24")
    late = get(client, "/deadlines?kind=foi_answer&overdue=true&as_of=2026-11-24")["items"]
    assert late == []
    post(client, "/calendar/overrides/2026-11-18/remove", {"reason": "power back"}, headers=ADMIN)
    assert due_dates() == (["2026-11-23"], "2026-11-23", "2026-11-23")
    notice = get(client, "/deadlines?kind=foi_extension_notice")["items"]
    assert [d["due_on"] for d in notice] == ["2026-11-23"]


BAD_QUERIES = (
    "/foi-requests?status=lost",
    "/foi-requests?limit=501",
    "/foi-requests?cursor=garbage",
    "/foi-requests?received_from=yesterday",
    "/foi-requests/stats?year=1800",
    "/foi-requests/stats?from=2024-01-01",
    "/foi-requests/stats?year=2024&from=2024-01-01&to=2024-02-01",
    "/foi-requests/stats?from=2024-02-01&to=2024-01-01",
    "/shipments?category=gold",
    "/shipments?donor_country=POL",
    "/shipments/stock?cursor=WzFd",
    "/shipments/stats?to=2024-01-01",
    "/reports/annual?year=twenty",
)


def test_bad_queries_answer_400_with_a_problem(client):
    for path in BAD_QUERIES:
        r = client.get(path, headers=AUDITOR)
        assert r.status_code == 400, (path, r.text)
        assert r.headers["content-type"].startswith("application/problem+json")


def test_reads_need_a_token_and_answer_503_when_the_read_model_lags(runtime, client):

    for path in ("/foi-requests", "/shipments", "/shipments/stock", "/reports/annual"):
        assert client.get(path).status_code == 401
    runtime.settings = runtime.settings.model_copy(update={"read_wait_seconds": 0.1})
    lagging = lag_behind(runtime)
    for path in (
        "/foi-requests",
        "/foi-requests/stats",
        "/shipments",
        "/shipments/stats",
        "/shipments/stock",
        "/reports/annual",
    ):
        r = client.get(f"{path}?min_position={lagging}", headers=AUDITOR)
        assert r.status_code == 503, (path, r.text)
        assert r.headers["retry-after"]
