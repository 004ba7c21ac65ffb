"""A case page's Documents section in a real browser, on SQLite and on PostgreSQL.

A clerk uploads a PDF to an FOI request: listed, downloadable byte for byte; an HTML file is
refused beside the file field and nothing is stored; a manager generates the extension notice:
it is listed among the documents and numbered in the letters register.
"""

from typing import Any
from uuid import UUID

import pytest

from tests.web.browser import check_page
from tests.web.conftest import Console
from tests.web.test_case_pages import _register_foi, _submit

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"


def _upload(page: Any, name: str, mime: str, data: bytes, kind: str = "request_letter") -> None:
    page.set_input_files("#upload-file", files=[{"name": name, "mimeType": mime, "buffer": data}])
    page.select_option("#upload-kind", kind)
    with page.expect_navigation():
        page.click("#form-upload button[type=submit]")


def test_upload_download_refusal_and_a_generated_extension_notice(console: Console):
    page, case_url = _register_foi(console)
    case_id = UUID(case_url.rsplit("/", 1)[1])
    assert page.locator("#documents-h").count() == 1
    assert page.locator("text=Немає документів.").count() == 1

    _upload(page, "запит.pdf", "application/pdf", PDF)
    row = page.locator("#documents-h + table tbody tr", has_text="запит.pdf")
    assert row.count() == 1
    assert "olena" in row.inner_text()
    href = row.locator("a").get_attribute("href")
    assert href and href.startswith(f"/console/foi/{case_id}/documents/")
    got = page.request.get(f"{console.url}{href}")
    assert got.status == 200
    assert got.body() == PDF
    assert got.headers["content-disposition"].startswith("attachment;")

    # An HTML file is refused beside the field; nothing is stored.
    _upload(page, "page.html", "text/html", HTML)
    error = page.locator("#upload-file-err")
    assert error.count() == 1 and error.inner_text()
    assert page.locator("#upload-file").get_attribute("aria-invalid") == "true"
    papers = console.runtime.foi.get_request(case_id).papers
    assert [d.name for d in papers] == ["запит.pdf"]
    check_page(page, f"documents-refusal-{console.backend}")
    # A clerk is not offered the manager's extension notice; nor a transfer notice before a
    # transfer (the letters service's rule); the answer cover, yes.
    assert page.locator("#form-letter-extension-notice").count() == 0
    assert page.locator("#form-letter-transfer-notice").count() == 0
    assert page.locator("#form-letter-answer-cover").count() == 1

    # An upload without the CSRF token is refused (403) and nothing is kept.
    forged = page.request.post(
        f"{case_url}/documents",
        multipart={
            "file": {"name": "x.pdf", "mimeType": "application/pdf", "buffer": PDF},
            "kind": "other",
        },
    )
    assert forged.status == 403
    assert len(console.runtime.foi.get_request(case_id).papers) == 1

    # Over the size limit: refused beside the field, nothing kept.
    documents = console.runtime.documents
    limit, documents.max_upload_bytes = documents.max_upload_bytes, 64
    try:
        _upload(page, "big.pdf", "application/pdf", PDF + b"%" * 200)
    finally:
        documents.max_upload_bytes = limit
    assert "64" in page.locator("#upload-file-err").inner_text()
    assert len(console.runtime.foi.get_request(case_id).papers) == 1

    # A personal paper (the requester's letter) is for staff only.
    page.check("#upload-personal")
    _upload(page, "лист-заявника.pdf", "application/pdf", PDF + b"%personal\n")
    assert page.locator("#documents-h + table", has_text="лист-заявника.pdf").count() == 1

    # Withdrawn with a reason: marked, no longer downloadable.
    first = page.locator("#documents-h + table tbody tr", has_text="запит.pdf")
    first.locator("input[name=reason]").fill("надіслано помилково")
    with page.expect_navigation():
        first.locator("button[type=submit]").click()
    first = page.locator("#documents-h + table tbody tr", has_text="запит.pdf")
    assert "відкликано" in first.inner_text()
    assert first.locator("a").count() == 0
    assert page.request.get(f"{console.url}{href}").status == 410
    page.close()

    auditor = console.sign_in("iryna")
    auditor.goto(case_url)
    section = auditor.locator("#documents-h + table")
    assert section.count() == 1 and "лист-заявника.pdf" not in section.inner_text()
    assert auditor.locator("main form[method=post]").count() == 0
    auditor.close()

    manager = console.sign_in("petro")
    manager.goto(case_url)
    _submit(
        manager,
        "extend",
        {"notice_sent_on": "2026-10-05", "reason": "large_volume", "justification": "Багато угод"},
    )
    with manager.expect_navigation():
        manager.click("#form-letter-extension-notice button[type=submit]")
    notices = [
        d for d in console.runtime.foi.get_request(case_id).papers if d.kind == "extension_notice"
    ]
    assert len(notices) == 1
    assert manager.locator("#documents-h + table", has_text=notices[0].name).count() == 1
    check_page(manager, f"documents-section-{console.backend}")

    # The register numbers it, linked to its case; a letter is registered from the form.
    console.settle()
    manager.goto(f"{console.url}/console/letters?year=2026")
    row = manager.locator("main table tbody tr", has_text="FOI-2026-")
    assert row.count() >= 1
    assert row.first.locator(f"a[href='/console/foi/{case_id}']").count() == 1
    manager.locator("details:has(#form-incoming) > summary").click()
    manager.fill("#incoming-received_on", "2026-10-06")
    manager.fill("#incoming-correspondent", "Посольство Польщі")
    manager.fill("#incoming-subject", "Запрошення на форум міст")
    with manager.expect_navigation():
        manager.click("#form-incoming button[type=submit]")
    console.settle()
    manager.goto(f"{console.url}/console/letters?q=форум")
    assert manager.locator("main table tbody tr", has_text="Посольство Польщі").count() == 1
    assert manager.locator("a[href='/letters/export.csv?year=2026']").count() == 1
    check_page(manager, f"letters-register-{console.backend}")
    manager.close()
