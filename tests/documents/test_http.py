"""Documents on every case type over HTTP, on SQLite and PostgreSQL (issue 18)."""

import hashlib

import pytest

from tests.conftest import auth
from tests.documents.samples import EXE, HTML, PDF, PNG, SVG, TEXT, docx, zip_with
from tests.foi.test_http import REQUEST, assert_problem

CLERK, AUDITOR = auth("clerk"), auth("auditor")


def foi(client):
    r = client.post("/foi-requests", json=REQUEST, headers=CLERK)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def upload(client, rid, data, name="letter.pdf", media="application/pdf", **fields):
    return client.post(
        f"/foi-requests/{rid}/documents",
        files={"file": (name, data, media)},
        data=fields,
        headers=CLERK,
    )


def history_length(client, rid):
    return len(client.get(f"/foi-requests/{rid}/history", headers=AUDITOR).json()["items"])


def test_an_upload_is_recorded_listed_and_downloaded_unchanged(client):
    rid = foi(client)
    r = upload(client, rid, PDF, name="Запит Gwara.pdf", kind="request_letter")
    assert r.status_code == 201, r.text
    doc = r.json()["document"]
    assert doc["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert (doc["media_type"], doc["size"], doc["kind"]) == (
        "application/pdf",
        len(PDF),
        "request_letter",
    )
    assert r.headers["location"] == doc["href"]
    listed = client.get(f"/foi-requests/{rid}/documents", headers=CLERK).json()["items"]
    assert [d["id"] for d in listed] == [doc["id"]]
    got = client.get(doc["href"], headers=CLERK)
    assert got.status_code == 200 and got.content == PDF
    assert got.headers["content-type"].startswith("application/pdf")
    assert got.headers["x-content-type-options"] == "nosniff"
    disposition = got.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''%D0%97%D0%B0%D0%BF%D0%B8%D1%82%20Gwara.pdf" in disposition
    types = [
        e["type"] for e in client.get(f"/foi-requests/{rid}/history", headers=CLERK).json()["items"]
    ]
    assert "DocumentAttached" in types


@pytest.mark.parametrize(
    ("data", "name", "media"),
    [
        (EXE, "setup.pdf", "application/pdf"),
        (EXE, "setup.exe", "application/octet-stream"),
        (HTML, "page.txt", "text/plain"),
        (SVG, "logo.txt", "text/plain"),
        (zip_with({"a.txt": b"x"}), "a.zip", "application/zip"),
        (
            zip_with({"../../etc/passwd": b"x", "[Content_Types].xml": b"", "word/d.xml": b""}),
            "a.docx",
            "application/octet-stream",
        ),
        (PNG, "photo.png", "application/pdf"),
        (PNG, "photo.pdf", "application/octet-stream"),
        (b"", "empty.txt", "text/plain"),
        (PDF, "../../etc/passwd.pdf", "application/pdf"),
    ],
    ids=[
        "exe-as-pdf",
        "exe",
        "html",
        "svg",
        "zip",
        "zip-slip-docx",
        "lying-type",
        "wrong-ending",
        "empty",
        "path",
    ],
)
def test_an_unsafe_or_lying_file_is_refused_and_nothing_is_recorded(client, data, name, media):
    rid = foi(client)
    before = history_length(client, rid)
    assert_problem(upload(client, rid, data, name=name, media=media), 422)
    assert history_length(client, rid) == before


def test_allowed_kinds_of_file_are_kept(client):
    rid = foi(client)
    for data, name, media in [
        (PNG, "photo.png", "image/png"),
        (TEXT, "note.txt", "text/plain"),
        (docx(), "memo.docx", "application/octet-stream"),
    ]:
        r = upload(client, rid, data, name=name, media=media, kind="other")
        assert r.status_code == 201, r.text


def test_a_file_over_the_limit_is_refused_with_413_naming_the_limit(runtime, client_for):
    runtime.documents.max_upload_bytes = 1000
    client = client_for(runtime)
    rid = foi(client)
    before = history_length(client, rid)
    body = assert_problem(upload(client, rid, TEXT * 100, name="big.txt", media="text/plain"), 413)
    assert "1000 bytes" in body["detail"]
    assert history_length(client, rid) == before


def test_a_withdrawn_document_is_gone_and_a_foreign_one_is_not_found(client):
    rid, other = foi(client), foi(client)
    doc = upload(client, rid, PDF).json()["document"]
    assert_problem(client.get(f"/foi-requests/{other}/documents/{doc['id']}", headers=CLERK), 404)
    r = client.post(f"{doc['href']}/withdraw", json={"reason": "sent in error"}, headers=CLERK)
    assert r.status_code == 200 and r.json()["document"]["withdrawn"] is True
    assert_problem(client.get(doc["href"], headers=CLERK), 410)
    assert_problem(
        client.post(f"{doc['href']}/withdraw", json={"reason": "again"}, headers=CLERK), 409
    )


def test_personal_papers_of_an_foi_request_are_hidden_from_auditors(client):
    rid = foi(client)
    doc = upload(client, rid, PDF, kind="request_letter", personal="true").json()["document"]
    assert client.get(f"/foi-requests/{rid}/documents", headers=AUDITOR).json()["items"] == []
    assert_problem(client.get(doc["href"], headers=AUDITOR), 404)
    assert client.get(doc["href"], headers=CLERK).status_code == 200


def test_every_case_type_keeps_documents(client):
    r = client.post(
        "/partners", json={"name": "Nürnberg", "country": "DE", "kind": "city"}, headers=CLERK
    )
    assert r.status_code == 201, r.text
    pid = r.json()["id"]
    r = client.post(
        f"/partners/{pid}/documents",
        files={"file": ("m.pdf", PDF, "application/pdf")},
        headers=CLERK,
    )
    assert r.status_code == 201, r.text


def test_a_withdrawn_request_takes_no_documents(client):
    rid = foi(client)
    r = client.post(
        f"/foi-requests/{rid}/withdraw", json={"withdrawn_on": "2026-11-20"}, headers=CLERK
    )
    assert r.status_code == 200, r.text
    assert_problem(upload(client, rid, PDF), 409)


def test_a_name_with_a_control_character_is_refused(client):
    rid = foi(client)
    boundary = "b0undary"
    body = (
        (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="file"; filename="bad\x07name.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + PDF
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {**CLERK, "Content-Type": f"multipart/form-data; boundary={boundary}"}
    r = client.post(f"/foi-requests/{rid}/documents", content=body, headers=headers)
    assert_problem(r, 422, "name")


def test_an_auditor_may_not_upload(client):
    rid = foi(client)
    r = client.post(
        f"/foi-requests/{rid}/documents",
        files={"file": ("a.pdf", PDF, "application/pdf")},
        headers=AUDITOR,
    )
    assert_problem(r, 403)


@pytest.mark.parametrize(
    ("files", "data"),
    [
        ({"other": ("a.pdf", PDF, "application/pdf")}, {}),
        ({"file": ("a.pdf", PDF, "application/pdf")}, {"kind": "poem"}),
        ({"file": ("a.pdf", PDF, "application/pdf")}, {"colour": "red"}),
    ],
    ids=["no-file-part", "unknown-kind", "unknown-field"],
)
def test_a_form_without_a_file_or_with_unknown_fields_is_400(client, files, data):
    rid = foi(client)
    before = history_length(client, rid)
    r = client.post(f"/foi-requests/{rid}/documents", files=files, data=data, headers=CLERK)
    assert_problem(r, 400)
    assert history_length(client, rid) == before


def test_a_json_body_to_the_upload_is_400(client):
    rid = foi(client)
    r = client.post(f"/foi-requests/{rid}/documents", json={"file": "x"}, headers=CLERK)
    assert_problem(r, 400)


def test_a_document_of_another_case_type_is_not_found(client):
    rid = foi(client)
    r = client.post(
        f"/agreements/{rid}/documents",
        files={"file": ("a.pdf", PDF, "application/pdf")},
        headers=CLERK,
    )
    assert_problem(r, 404)
