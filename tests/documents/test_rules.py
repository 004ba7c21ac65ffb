"""The domain's rules for documents, pure (no store)."""

from uuid import uuid4

import pytest

from domain.describe import describe_both
from domain.documents import DocumentKind, checked_media_type, normalised_name
from domain.errors import RuleViolation, TransitionNotAllowed
from domain.facts import facts_of
from domain.foi_request import FoiStatus
from domain.personal_data import REDACTED, for_auditors
from tests.foi.builders import ctx, in_status

SHA = "ab" * 32
PDF_TYPE = "application/pdf"


def attach(case, **overrides):
    facts = dict(
        document_id=uuid4(),
        sha256=SHA,
        name="letter.pdf",
        declared_type=PDF_TYPE,
        sniffed_type=PDF_TYPE,
        size=10,
        kind=DocumentKind.ANSWER,
    )
    facts.update(overrides)
    return case.attach_document(ctx(), **facts)


@pytest.mark.parametrize(
    "name",
    [
        "../etc/passwd.pdf",
        "a/b.pdf",
        "a\\b.pdf",
        "C:evil.pdf",
        "..",
        "tab\tname.pdf",
        "rtl\u202egpj.pdf",
        "  ",
        "x" * 201 + ".pdf",
    ],
)
def test_a_name_with_path_parts_control_characters_or_no_text_is_refused(name):
    with pytest.raises(RuleViolation):
        normalised_name(name)


def test_a_name_is_kept_in_nfc_and_trimmed():
    assert normalised_name("  Запит.pdf ") == "Запит.pdf"
    assert normalised_name("e\u0301.pdf") == "\u00e9.pdf"


@pytest.mark.parametrize(
    ("name", "declared", "sniffed"),
    [
        ("a.pdf", "application/pdf", None),
        ("a.exe", None, "application/x-msdownload"),
        ("a.svg", None, "image/svg+xml"),
        ("a.html", "text/html", "text/html"),
        ("a.pdf", "image/png", "image/png"),
        ("a.png", "application/pdf", "image/png"),
        ("a.pdf", None, "image/png"),
        ("a.zip", None, "application/zip"),
    ],
)
def test_only_allowed_honestly_declared_and_named_types_are_kept(name, declared, sniffed):
    with pytest.raises(RuleViolation):
        checked_media_type(name, declared, sniffed)


def test_an_undeclared_type_takes_the_sniffed_one():
    assert checked_media_type("a.PNG", "application/octet-stream", "image/png") == "image/png"


def test_an_attachment_records_an_event_with_the_hash_and_the_kind():
    case = in_status(FoiStatus.IN_PROGRESS)
    doc = attach(case)
    event = case.collect_events()[-1]
    assert type(event).__qualname__ == "FoiRequest.DocumentAttached"
    assert (event.sha256, event.kind, event.size) == (SHA, DocumentKind.ANSWER, 10)
    assert case.papers == [doc]


def test_an_empty_file_is_refused():
    with pytest.raises(RuleViolation, match="empty"):
        attach(in_status(FoiStatus.IN_PROGRESS), size=0)


def test_a_withdrawn_request_takes_no_documents_but_an_answered_one_does():
    with pytest.raises(TransitionNotAllowed):
        attach(in_status(FoiStatus.WITHDRAWN))
    attach(in_status(FoiStatus.ANSWERED))


def test_a_document_is_withdrawn_once_with_a_reason():
    case = in_status(FoiStatus.IN_PROGRESS)
    doc = attach(case)
    with pytest.raises(RuleViolation):
        case.withdraw_document(ctx(), document_id=doc.document_id, reason=" ")
    case.withdraw_document(ctx(), document_id=doc.document_id, reason="sent in error")
    assert case.document(doc.document_id).withdrawn
    with pytest.raises(TransitionNotAllowed):
        case.withdraw_document(ctx(), document_id=doc.document_id, reason="again")


def test_the_events_are_described_in_english_and_ukrainian_without_a_personal_name():
    case = in_status(FoiStatus.IN_PROGRESS)
    attach(case, name="Gwara Media.pdf", personal=True)
    event = case.collect_events()[-1]
    said = describe_both(type(event).__qualname__, facts_of(event))
    assert said.en.startswith("Attached answer (pdf, 10 B, personal")
    assert said.uk.startswith("Долучено: відповідь (pdf")
    assert "Gwara" not in said.en + said.uk
    shown, _, paths = for_auditors(facts_of(event), None, "FoiRequest")
    assert shown["name"] == REDACTED and "name" in paths
