"""E-mail addresses and phone numbers typed into free text never reach auditors or exports."""

import io

import pytest

from application.audit_export import AuditExport, ExportFilter, check_export
from application.commands.partners import RegisterPartner
from application.service import Caller
from domain.personal_data import EMAIL_MASK, PHONE_MASK, for_auditors, mask_contacts
from infrastructure.audit_chain import raw_log
from interfaces.cli_audit_export import _write
from tests.conftest import auth
from tests.foi.test_http import REQUEST

CLERK, AUDITOR = auth("clerk"), auth("auditor")
TYPED = "call Olena on +380 57 725 2000 or (057) 725-20-00, or write to olena.k@example.ua"
CONTACTS = ("+380 57 725 2000", "(057) 725-20-00", "olena.k@example.ua", "725-20-00")


@pytest.mark.parametrize(
    "text, masked",
    [
        ("+380 57 725 2000", PHONE_MASK),
        ("+380577252000", PHONE_MASK),
        ("+380 (57) 725-20-00", PHONE_MASK),
        ("(057) 725-20-00", PHONE_MASK),
        ("0577252000", PHONE_MASK),
        ("057 725 20 00", PHONE_MASK),
        ("тел. 067-123-45-67, дякую", f"тел. {PHONE_MASK}, дякую"),
        ("+48 12 345 67 89", PHONE_MASK),
        ("+1 (555) 123-4567", PHONE_MASK),
        ("olena.k@example.ua", EMAIL_MASK),
        ("пишіть: ed+foi@gwara-media.com.ua.", f"пишіть: {EMAIL_MASK}."),
        (TYPED, f"call Olena on {PHONE_MASK} or {PHONE_MASK}, or write to {EMAIL_MASK}"),
    ],
)
def test_e_mail_addresses_and_phone_numbers_are_masked(text, masked):
    assert mask_contacts(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "signed on 29.06.2023, expires on 29.06.2024",
        "2023-06-29",
        "2026-11-23T10:00:00+02:00",
        "AGR-2023-0004",
        "FOI-2026-0001 answered under 17/0/972-24",
        "council decision 5/2023 of 01.06.2023",
        "1 050 000,00 UAH",
        "UAH 12 500.00; 75 pcs; 2.5 t",
        "EUR 1000000.00",
        "0 500 000 000",
        "lot 0042-17",
        "3f2c1e6a-0577-4252-8000-0577252000ab",
        "a@b (not an address)",
    ],
)
def test_dates_references_outgoing_numbers_and_money_are_left_alone(text):
    assert mask_contacts(text) == text


def test_auditors_facts_and_note_are_masked_with_the_paths_named():
    facts = {"subject": TYPED, "requester": {"email": "x@y.ua", "name": "Ivan"}, "n": 5}
    shown, note, paths = for_auditors(facts, "reached on 0577252000", "FoiRequest")
    assert shown["subject"] == mask_contacts(TYPED)
    assert shown["requester"] == {"email": "[redacted]", "name": "Ivan"}
    assert (shown["n"], note) == (5, f"reached on {PHONE_MASK}")
    assert sorted(paths) == ["note", "requester.email", "subject"]


def test_auditors_never_see_contacts_typed_into_notes_or_free_text(runtime, client):
    r = client.post("/foi-requests", json={**REQUEST, "subject": TYPED}, headers=CLERK)
    rid = r.json()["id"]
    r = client.post(
        f"/foi-requests/{rid}/assign",
        json={"officer": "taras", "note": f"requester asked: {TYPED}"},
        headers=CLERK,
    )
    assert r.status_code == 200, r.text
    runtime.extras["projections"].catch_up()

    seen = [
        client.get(f"/foi-requests/{rid}/history", headers=AUDITOR).text,
        client.get(f"/foi-requests/{rid}", headers=AUDITOR).text,
        client.get("/audit/events", headers=AUDITOR).text,
        client.get("/foi-requests", headers=AUDITOR).text,
    ]
    assert all(PHONE_MASK in text and EMAIL_MASK in text for text in seen)
    leaked = [(c, i) for c in CONTACTS for i, text in enumerate(seen) if c in text]
    assert leaked == []
    staff = client.get(f"/foi-requests/{rid}", headers=CLERK).json()
    assert staff["subject"] == TYPED, "those who handle the request see what was written"
    [listed] = client.get("/foi-requests", headers=CLERK).json()["items"]
    assert listed["subject"] == TYPED


def test_an_export_masks_typed_contacts_and_still_checks(runtime):
    noted = Caller(actor="olena", role="admin", note=f"partner's contact: {TYPED}")
    runtime.partners.register_partner(
        RegisterPartner(name="Brno", country="CZ", kind="city"), noted
    )
    runtime.partners.register_partner(
        RegisterPartner(name="Lille", country="FR", kind="city"), Caller("olena")
    )
    lines = list(AuditExport(runtime.app, raw_log(runtime.app.recorder)).lines(ExportFilter()))
    # Each registration stores the partner and its name claim, both with the command's note.
    events = [x for x in lines if x["kind"] == "event"]
    masked = [x for x in events if x["note"]]
    plain = [x for x in events if not x["note"]]
    assert len(masked) == len(plain) == 2
    for x in masked:
        assert x["note"] == f"partner's contact: {mask_contacts(TYPED)}"
        assert (x["redacted"], x["state_b64"]) == (["note"], None)
    assert all(x["state_b64"] is not None for x in plain)
    report = check_export(lines)
    assert report.ok, report.problems
    assert (report.content_checked, report.linkage_only) == (2, 2)
    for fmt in ("jsonl", "csv"):
        out = io.StringIO()
        _write(iter(lines), fmt, out)
        assert not [c for c in CONTACTS if c in out.getvalue()], fmt
