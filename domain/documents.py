"""Documents attached to a case: the papers behind it, covered by the audit chain (issue 18).

A case type opts in with one line, by naming `Documents` among its bases:

    class FoiRequest(Case, Documents):

The library then defines `FoiRequest.DocumentAttached` and `FoiRequest.DocumentWithdrawn` (its own
topics, so histories, the audit trail and describers name the case type). The event records the
file's SHA-256: the chain covers the bytes, and `pobratym audit verify` checks that every file is
still there and unchanged. The bytes are kept by an application port (application/documents.py).
"""

import unicodedata
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, ClassVar, Final, cast
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.errors import RuleViolation, TransitionNotAllowed
from domain.meta import Ctx, Meta


class DocumentKind(StrEnum):
    """What a paper is to the case (issue 18's list)."""

    SIGNED_AGREEMENT = "signed_agreement"
    COUNCIL_DECISION = "council_decision"
    REQUEST_LETTER = "request_letter"
    ANSWER = "answer"
    EXTENSION_NOTICE = "extension_notice"
    TRANSFER_LETTER = "transfer_letter"
    CUSTOMS_DECLARATION = "customs_declaration"
    RECEIPT_ACT = "receipt_act"
    DISTRIBUTION_ACT = "distribution_act"
    PHOTO = "photo"
    OTHER = "other"


# The media types a case may keep, with the name endings each may carry. Anything else
# (executables, archives, HTML, SVG, scripts) is refused: these papers are opened by staff and
# auditors, so only inert formats are kept.
ALLOWED: Final[dict[str, tuple[str, ...]]] = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "image/tiff": (".tif", ".tiff"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.oasis.opendocument.text": (".odt",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
    "application/vnd.oasis.opendocument.spreadsheet": (".ods",),
    "text/plain": (".txt",),
}
# A client that does not know the type says so; any other declared type must match the bytes.
UNDECLARED: Final = frozenset({"", "application/octet-stream", "binary/octet-stream"})
MAX_NAME_LENGTH: Final = 200
MAX_REASON_LENGTH: Final = 2000


@dataclass(frozen=True)
class Document:
    """A file kept with a case: what it is, its fingerprint, and whether it was withdrawn."""

    document_id: UUID
    sha256: str
    name: str
    media_type: str
    size: int
    kind: DocumentKind
    personal: bool = False
    withdrawn: bool = False
    withdrawal_reason: str | None = None


def normalised_name(name: str) -> str:
    """A file name as kept: NFC, trimmed; refused (422) with path parts or control characters.

    Names are labels, never paths: a name that tries to be one is refused rather than cut, so
    the client learns that `../../etc/passwd` was not taken as `passwd`.
    """
    text = unicodedata.normalize("NFC", name or "").strip()
    if not text:
        raise RuleViolation.on("name", "the file has no name")
    if len(text) > MAX_NAME_LENGTH:
        raise RuleViolation.on("name", f"the file name is longer than {MAX_NAME_LENGTH}")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in text):
        raise RuleViolation.on("name", "the file name contains control characters")
    if "/" in text or "\\" in text or text in (".", "..") or (len(text) > 1 and text[1] == ":"):
        raise RuleViolation.on("name", "the file name contains path parts")
    return text


def checked_media_type(name: str, declared: str | None, sniffed: str | None) -> str:
    """The media type a file is kept as: sniffed from its bytes, allowed, and not contradicted."""
    if sniffed is None or sniffed not in ALLOWED:
        shown = sniffed or "not a recognised document"
        raise RuleViolation.on(
            "file",
            f"files of this type ({shown}) are not kept: PDF, JPEG, PNG, TIFF, DOCX, "
            "ODT, XLSX, ODS or plain text only",
        )
    said = (declared or "").split(";", 1)[0].strip().lower()
    if said not in UNDECLARED and said != sniffed:
        raise RuleViolation.on(
            "file", f"the file was declared as {said} but its content is {sniffed}"
        )
    if not name.lower().endswith(ALLOWED[sniffed]):
        raise RuleViolation.on(
            "name", f"a {sniffed} file's name ends with {' or '.join(ALLOWED[sniffed])}"
        )
    return sniffed


def _text(field_name: str, value: str | None, limit: int) -> str:
    text = (value or "").strip()
    if not text:
        raise RuleViolation.on(field_name, f"{field_name} is empty")
    if len(text) > limit:
        raise RuleViolation.on(field_name, f"{field_name} is longer than {limit} characters")
    return text


class Documents:
    """Mixin for a case that keeps documents; the case class names it among its bases."""

    # Statuses (by value) in which no paper may be added: the case ended without the work.
    CLOSED_TO_DOCUMENTS: ClassVar[frozenset[str]] = frozenset({"withdrawn", "cancelled"})
    documents: list[Document]  # set by the first attachment; read with `papers`

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        from domain.describe.document import register

        register(cls.__name__)

    class DocumentAttached(Aggregate.Event):
        """A file was attached to the case; its SHA-256 puts the bytes under the audit chain."""

        meta: Meta
        document_id: UUID
        sha256: str
        name: str
        media_type: str
        size: int
        kind: DocumentKind
        personal: bool

        def apply(self, aggregate: Any) -> None:
            """Add the document to the case's papers."""
            doc = Document(
                self.document_id,
                self.sha256,
                self.name,
                self.media_type,
                self.size,
                DocumentKind(self.kind),
                self.personal,
            )
            aggregate.documents = [*getattr(aggregate, "documents", []), doc]

    class DocumentWithdrawn(Aggregate.Event):
        """A document was withdrawn from the case; its bytes stay for the retention period."""

        meta: Meta
        document_id: UUID
        reason: str

        def apply(self, aggregate: Any) -> None:
            """Mark the document withdrawn."""
            aggregate.documents = [
                replace(d, withdrawn=True, withdrawal_reason=self.reason)
                if d.document_id == self.document_id
                else d
                for d in getattr(aggregate, "documents", [])
            ]

    @property
    def papers(self) -> list[Document]:
        """Every document ever attached, withdrawn ones marked, in the order attached."""
        return list(getattr(self, "documents", []))

    def document(self, document_id: UUID) -> Document | None:
        """One of the case's documents, or None if it has no such document."""
        return next((d for d in self.papers if d.document_id == document_id), None)

    def attach_document(
        self,
        ctx: Ctx,
        *,
        document_id: UUID,
        sha256: str,
        name: str,
        declared_type: str | None,
        sniffed_type: str | None,
        size: int,
        kind: DocumentKind,
        personal: bool = False,
    ) -> Document:
        """Attach a file: a non-empty, allowed, honestly named file to a case still open to it."""
        status = str(getattr(self, "status", ""))
        if status in self.CLOSED_TO_DOCUMENTS:
            raise TransitionNotAllowed(type(self).__name__, "attach_document", status)
        if size <= 0:
            raise RuleViolation.on("file", "the file is empty")
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise RuleViolation.on("file", "the file's SHA-256 is not 64 hex digits")
        kept_name = normalised_name(name)
        media_type = checked_media_type(kept_name, declared_type, sniffed_type)
        kind = DocumentKind(kind)
        self._trigger(
            type(self).DocumentAttached,
            meta=ctx.meta,
            document_id=document_id,
            sha256=sha256,
            name=kept_name,
            media_type=media_type,
            size=size,
            kind=kind,
            personal=bool(personal),
        )
        doc = self.document(document_id)
        assert doc is not None
        return doc

    def withdraw_document(self, ctx: Ctx, *, document_id: UUID, reason: str) -> None:
        """Withdraw a document with a reason; it stays in the record, marked withdrawn."""
        doc = self.document(document_id)
        if doc is None:
            raise DocumentMissing(document_id)
        if doc.withdrawn:
            raise TransitionNotAllowed("Document", "withdraw", "withdrawn")
        self._trigger(
            type(self).DocumentWithdrawn,
            meta=ctx.meta,
            document_id=document_id,
            reason=_text("reason", reason, MAX_REASON_LENGTH),
        )

    def _trigger(self, event_class: Any, **facts: Any) -> None:
        case = cast(Aggregate, self)  # the aggregate this mixin is part of
        case.trigger_event(event_class, **facts)


class DocumentMissing(LookupError):
    """The case has no document with this id (the application answers 404)."""

    def __init__(self, document_id: UUID) -> None:
        self.document_id = document_id
        super().__init__(f"no document {document_id} on this case")
