"""Letters generated in Ukrainian, parsed back with python-docx, on SQLite and PostgreSQL."""

import io
from uuid import UUID

from docx import Document

from domain.agreement import AgreementStatus
from tests.agreements.builders import in_status as agreement_in_status
from tests.conftest import auth
from tests.documents.test_http import foi
from tests.foi.test_http import assert_problem
from tests.shipments.http_helpers import announce, to_cleared

CLERK, MANAGER = auth("clerk"), auth("manager")


def text_of(client, href):
    r = client.get(href, headers=CLERK)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    return "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)


def generate(client, path, headers=CLERK, status=201, **body):
    r = client.post(path, json=body, headers=headers)
    assert r.status_code == status, r.text
    return r.json()


def test_an_extension_notice_carries_the_reference_the_reasons_and_the_computed_due_date(
    client, runtime
):
    rid = foi(client)  # received Monday 09.11.2026
    extend = {"notice_sent_on": "2026-11-13", "reason": "large_volume", "justification": "700 pp."}
    r = client.post(f"/foi-requests/{rid}/extend", json=extend, headers=MANAGER)
    assert r.status_code == 200, r.text
    due_on = runtime.foi.get_request(UUID(rid)).due_on(runtime.foi.calendar())
    letter = generate(
        client, f"/foi-requests/{rid}/letters/extension-notice", MANAGER, dated_on="2026-11-13"
    )
    assert letter["number"] == "17/0/1-26" and letter["document"]["kind"] == "extension_notice"
    text = text_of(client, letter["document"]["href"])
    assert "№ 17/0/1-26 від 13.11.2026" in text
    assert "FOI-2026-0001" in text and "09.11.2026" in text
    assert "статті 20" in text and "великого обсягу" in text and "700 pp." in text
    assert f"не пізніше {due_on.strftime('%d.%m.%Y')}" in text
    assert due_on.isoformat() == "2026-12-07"
    events = list(runtime.app.events.get(UUID(rid)))
    assert events[-1].sha256 == letter["document"]["sha256"]


def test_an_extension_notice_needs_an_extension(client):
    rid = foi(client)
    assert_problem(
        client.post(f"/foi-requests/{rid}/letters/extension-notice", json={}, headers=MANAGER),
        409,
    )


def test_a_transfer_notice_and_an_answer_cover_are_numbered_in_turn_and_registered(client, runtime):
    first, second = foi(client), foi(client)
    cover = generate(client, f"/foi-requests/{first}/letters/answer-cover")
    answer = {"answered_on": "2026-11-20", "outcome": "granted", "outgoing_number": cover["number"]}
    assert (
        client.post(f"/foi-requests/{first}/answer", json=answer, headers=CLERK).status_code == 200
    )
    transfer = {
        "to_holder": "Харківська обласна військова адміністрація",
        "transferred_on": "2026-11-10",
        "requester_notified_on": "2026-11-10",
    }
    r = client.post(f"/foi-requests/{second}/transfer", json=transfer, headers=CLERK)
    assert r.status_code == 200, r.text
    notice = generate(client, f"/foi-requests/{second}/letters/transfer-notice")
    assert (cover["number"], notice["number"]) == ("17/0/1-26", "17/0/2-26")
    text = text_of(client, notice["document"]["href"])
    assert "статті 22" in text and "Харківська обласна військова адміністрація" in text
    assert "10.11.2026" in text and "FOI-2026-0002" in text
    runtime.extras["projections"].catch_up()
    page = client.get("/letters?year=2026", headers=CLERK).json()["items"]
    assert [(i["number"], i["case_reference"]) for i in page] == [
        ("17/0/2-26", "FOI-2026-0002"),
        ("17/0/1-26", "FOI-2026-0001"),
    ]


def test_an_aid_report_cover_names_the_shipment_and_its_report_due_date(client):
    sid = announce(client)["id"]
    shipment = to_cleared(client, sid, cleared_on="2026-11-02")
    letter = generate(client, f"/shipments/{sid}/letters/report-cover")
    text = text_of(client, letter["document"]["href"])
    assert shipment["reference"] in text and "02.11.2026" in text
    due = shipment["report_due_on"]
    assert f"{due[8:10]}.{due[5:7]}.{due[:4]}" in text


def test_a_renewal_memo_names_the_agreement_and_its_expiry(client, runtime):
    agreement = agreement_in_status(AgreementStatus.SIGNED)
    runtime.app.save(agreement)
    letter = generate(client, f"/agreements/{agreement.id}/letters/renewal-memo")
    text = text_of(client, letter["document"]["href"])
    assert agreement.reference in text and agreement.expires_on.strftime("%d.%m.%Y") in text
    assert letter["number"] == "17/0/1-26"
