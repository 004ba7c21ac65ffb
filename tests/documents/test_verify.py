"""The audit chain covers attached files: verify passes, then names a changed or lost file."""

from infrastructure.audit_chain import audit_service
from tests.documents.helpers import attach, flip_a_byte, register_request, remove
from tests.documents.samples import PDF, PNG


def verify(rt):
    return audit_service(rt.app, rt.read_engine, rt.documents.file_problems).verify()


def test_an_upload_is_an_event_and_verification_passes(runtime):
    rid = register_request(runtime)
    doc = attach(runtime, rid, PDF)
    events = list(runtime.app.events.get(rid))
    attached = events[-1]
    assert type(attached).__qualname__ == "FoiRequest.DocumentAttached"
    assert (attached.sha256, attached.size, attached.name) == (doc.sha256, len(PDF), "letter.pdf")
    report = verify(runtime)
    assert report.ok, report.problems


def test_a_flipped_byte_in_a_stored_file_is_named_with_its_document_and_case(runtime):
    rid = register_request(runtime)
    attach(runtime, rid, PNG, name="photo.png")
    doc = attach(runtime, rid, PDF, name="Відповідь.pdf")
    flip_a_byte(runtime, doc.sha256)
    report = verify(runtime)
    assert not report.ok
    [problem] = report.problems
    assert problem.reason == "file-altered"
    assert str(doc.document_id) in problem.detail and "Відповідь.pdf" in problem.detail
    assert f"FoiRequest {rid}" in problem.detail


def test_a_lost_file_is_named(runtime):
    rid = register_request(runtime)
    doc = attach(runtime, rid, PDF)
    remove(runtime, doc.sha256)
    report = verify(runtime)
    assert [p.reason for p in report.problems] == ["file-missing"]
    assert str(doc.document_id) in report.problems[0].detail


def test_pobratym_audit_verify_fails_naming_the_changed_file(tmp_path, monkeypatch):
    from datetime import date

    from click.testing import CliRunner

    from application.clock import FixedClock
    from infrastructure.bootstrap import build
    from infrastructure.migrations import upgrade
    from infrastructure.settings import Settings
    from interfaces.cli import main
    from tests.conftest import SECRET

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("POBRATYM_DATABASE_URL", f"sqlite:///{tmp_path / 'var' / 'ev.sqlite3'}")
    monkeypatch.setenv("POBRATYM_SECRET_KEY", SECRET)
    settings = Settings.from_env()
    upgrade(settings)
    rt = build(settings, FixedClock.on(date(2026, 11, 23)))
    try:
        rid = register_request(rt)
        doc = attach(rt, rid, PDF)
    finally:
        rt.close()
    runner = CliRunner()
    ok = runner.invoke(main, ["audit", "verify"], catch_exceptions=False)
    assert ok.exit_code == 0, ok.output
    rt = build(settings, FixedClock.on(date(2026, 11, 23)))
    try:
        flip_a_byte(rt, doc.sha256)
    finally:
        rt.close()
    bad = runner.invoke(main, ["audit", "verify"], catch_exceptions=False)
    assert bad.exit_code == 1
    assert "file-altered" in bad.output
    assert str(doc.document_id) in bad.output and f"FoiRequest {rid}" in bad.output


def test_a_snapshot_keeps_the_documents(runtime):
    from domain.documents import Document, DocumentKind

    rid = register_request(runtime)
    doc = attach(runtime, rid, PDF, kind="request_letter")
    runtime.app.take_snapshot(rid)
    assert list(runtime.app.snapshots.get(rid))  # the load below starts from it
    loaded = runtime.app.repository.get(rid)
    [kept] = loaded.papers
    assert isinstance(kept, Document) and kept == doc
    assert kept.kind is DocumentKind.REQUEST_LETTER
