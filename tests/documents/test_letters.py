"""The correspondence register on SQLite and PostgreSQL: numbers, search, yearly export."""

import csv
import io

from tests.conftest import auth
from tests.foi.test_http import REQUEST, assert_problem

CLERK, AUDITOR = auth("clerk"), auth("auditor")


def outgoing(client, dated_on="2026-11-20", subject="Відповідь на запит", **extra):
    body = {"dated_on": dated_on, "correspondent": "Gwara Media", "subject": subject, **extra}
    r = client.post("/letters/outgoing", json=body, headers=CLERK)
    assert r.status_code == 201, r.text
    return r.json()


def test_outgoing_numbers_are_the_councils_gapless_per_year(client):
    numbers = [outgoing(client)["number"] for _ in range(3)]
    assert numbers == ["17/0/1-26", "17/0/2-26", "17/0/3-26"]
    assert outgoing(client, dated_on="2025-12-30")["number"] == "17/0/1-25"
    assert outgoing(client)["number"] == "17/0/4-26"


def test_an_incoming_letter_keeps_the_senders_number_beside_ours(client):
    body = {
        "received_on": "2026-11-19",
        "correspondent": "Nürnberg",
        "subject": "Запрошення",
        "sender_number": "NUE-77/2026",
        "sender_dated_on": "2026-11-12",
    }
    r = client.post("/letters/incoming", json=body, headers=CLERK)
    assert r.status_code == 201, r.text
    assert (r.json()["number"], r.json()["sender_number"]) == ("ВХ-1-26", "NUE-77/2026")


def test_a_letter_names_its_case_and_a_missing_case_is_404(client):
    rid = client.post("/foi-requests", json=REQUEST, headers=CLERK).json()["id"]
    letter = outgoing(client, case={"case_type": "foi-requests", "case_id": rid})
    assert (letter["case_id"], letter["case_reference"]) == (rid, "FOI-2026-0001")
    missing = {"case_type": "agreements", "case_id": rid}
    r = client.post(
        "/letters/outgoing",
        json={"dated_on": "2026-11-20", "correspondent": "x", "subject": "y", "case": missing},
        headers=CLERK,
    )
    assert_problem(r, 404)
    assert_problem(
        client.post(
            "/letters/outgoing",
            json={"dated_on": "2026-11-24", "correspondent": "x", "subject": "y"},
            headers=CLERK,
        ),
        422,
        "registered_on",
    )


def test_the_register_is_searched_and_exported_by_year(runtime, client):
    first = outgoing(client, subject="Відповідь щодо угод")
    second = outgoing(client, subject="Повідомлення про продовження строку")
    outgoing(client, dated_on="2025-06-01", subject="Торішній лист")
    runtime.extras["projections"].catch_up()
    pos = f"min_position={second['position']}"
    page = client.get(f"/letters?q=продовження&{pos}", headers=AUDITOR).json()
    assert [i["number"] for i in page["items"]] == [second["number"]]
    page = client.get(f"/letters?year=2026&{pos}", headers=AUDITOR).json()
    assert [i["number"] for i in page["items"]] == [second["number"], first["number"]]
    r = client.get(f"/letters/export.csv?year=2026&{pos}", headers=AUDITOR)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:2] == ["direction", "number"]
    assert [row[1] for row in rows[1:]] == ["17/0/1-26", "17/0/2-26"]


def test_letters_registered_at_once_get_gapless_distinct_numbers(runtime):
    from concurrent.futures import ThreadPoolExecutor
    from datetime import date

    from application.commands.correspondence import RegisterOutgoingLetter
    from application.service import Caller

    cmd = RegisterOutgoingLetter(dated_on=date(2026, 11, 20), correspondent="x", subject="y")

    def register(_):
        return runtime.correspondence.register_outgoing_letter(cmd, Caller("olena")).case.number

    with ThreadPoolExecutor(4) as pool:
        numbers = list(pool.map(register, range(12)))
    assert sorted(numbers, key=lambda n: int(n.split("/")[2].split("-")[0])) == [
        f"17/0/{n}-26" for n in range(1, 13)
    ]
