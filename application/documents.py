"""Use cases for the papers behind every case: attach, list, download, withdraw (issue 18).

The bytes are kept by a `FileStore`, a port with two adapters in infrastructure/files.py: a
content-addressed directory beside the SQLite default, and a table in PostgreSQL itself (so one
backup holds events and files). The case's `DocumentAttached` event records the SHA-256, so the
audit chain covers the file; `check_files` is the verification's half that reads the bytes.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO, Protocol
from uuid import UUID, uuid4

from eventsourcing.utils import get_topic

from application.audit import Problem
from application.casework import Casework
from application.clock import Clock
from application.commands.documents import AttachDocument, WithdrawDocument
from application.errors import CaseNotFound, DocumentGone, DocumentNotFound, FileTooLarge
from application.service import Caller, CaseService, Saved
from domain.agreement import Agreement
from domain.aid_shipment import AidShipment
from domain.documents import Document, DocumentMissing, Documents
from domain.foi_request import FoiRequest
from domain.partner import Partner

# The case types that keep documents, by the word the API uses for them. A new case type opts
# in with one line here (and `Documents` among its aggregate's bases).
DOCUMENTED: dict[str, type[Any]] = {
    "partners": Partner,
    "agreements": Agreement,
    "foi-requests": FoiRequest,
    "shipments": AidShipment,
}
DEFAULT_MAX_UPLOAD_BYTES = 25 * 1024 * 1024
AUDITOR = "auditor"


@dataclass(frozen=True)
class Upload:
    """A received file, spooled to an unnamed temporary file and fingerprinted as it came in."""

    file: BinaryIO
    sha256: str
    size: int
    name: str
    declared_type: str | None = None


class FileStore(Protocol):
    """Where the bytes of attached files are kept, by their SHA-256 (content-addressed)."""

    def put(self, upload: Upload) -> None:
        """Keep the upload's bytes under its SHA-256, atomically; keeping them twice is harmless."""

    def chunks(self, sha256: str) -> Iterator[bytes]:
        """The stored bytes in order; FileNotFoundError if none are stored under the hash."""

    def digest(self, sha256: str) -> str | None:
        """The SHA-256 of the bytes stored under `sha256` now (None if missing): a re-check."""


Sniff = Callable[[BinaryIO], str | None]
"""The media type read from a file's content (None if not a recognised, safe document)."""


@dataclass(frozen=True)
class Download:
    """A document to send: its record and its bytes."""

    document: Document
    chunks: Iterator[bytes]


class DocumentService(CaseService):
    """The papers of every documented case type, with the bytes in a FileStore."""

    def __init__(
        self,
        app: Casework,
        clock: Clock,
        files: FileStore,
        sniff: Sniff,
        max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
    ) -> None:
        super().__init__(app, clock)
        self.files = files
        self.sniff = sniff
        self.max_upload_bytes = max_upload_bytes

    def case_class_of(self, case_type: str) -> type[Any]:
        """The aggregate class of a documented case type ('foi-requests' -> FoiRequest)."""
        cls = DOCUMENTED.get(case_type)
        if cls is None or not issubclass(cls, Documents):
            raise CaseNotFound(case_type, "?")
        return cls

    def attach_document(
        self,
        case_type: str,
        case_id: UUID,
        cmd: AttachDocument,
        upload: Upload,
        caller: Caller,
        expected_version: int | None = None,
    ) -> tuple[Saved, Document]:
        """Attach an uploaded file: the rules first, then the bytes, then the event."""
        if upload.size > self.max_upload_bytes:
            raise FileTooLarge(self.max_upload_bytes)
        case = self.get(self.case_class_of(case_type), case_id, expected_version)
        upload.file.seek(0)
        sniffed = self.sniff(upload.file)
        upload.file.seek(0)
        doc = case.attach_document(
            self.ctx(caller, cmd.note),
            document_id=uuid4(),
            sha256=upload.sha256,
            name=upload.name,
            declared_type=upload.declared_type,
            sniffed_type=sniffed,
            size=upload.size,
            kind=cmd.kind,
            personal=cmd.personal,
        )
        # Bytes before the event: an event never names a file that is not kept. A save that
        # then loses a race leaves unreferenced bytes, harmless under a content address.
        self.files.put(upload)
        return self.saved(case, expected_version), doc

    def withdraw_document(
        self,
        case_type: str,
        case_id: UUID,
        document_id: UUID,
        cmd: WithdrawDocument,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Withdraw a document from the case; it stays in the record and in the store."""
        case = self.get(self.case_class_of(case_type), case_id, expected_version)
        try:
            case.withdraw_document(
                self.ctx(caller, cmd.note), document_id=document_id, reason=cmd.reason
            )
        except DocumentMissing:
            raise DocumentNotFound(document_id) from None
        return self.saved(case, expected_version)

    def list_documents(self, case_type: str, case_id: UUID, caller: Caller) -> list[Document]:
        """The case's documents the caller may see (auditors never see personal ones)."""
        case = self.get(self.case_class_of(case_type), case_id)
        return [d for d in case.papers if visible(d, caller)]

    def open_document(
        self, case_type: str, case_id: UUID, document_id: UUID, caller: Caller
    ) -> Download:
        """A document's bytes: 404 if not this case's (or hidden), 410 if withdrawn."""
        case = self.get(self.case_class_of(case_type), case_id)
        doc: Document | None = case.document(document_id)
        if doc is None or not visible(doc, caller):
            raise DocumentNotFound(document_id)
        if doc.withdrawn:
            raise DocumentGone(document_id)
        chunks = self.files.chunks(doc.sha256)
        return Download(doc, chunks)

    def file_problems(self) -> list[Problem]:
        """Every attached file missing or changed, for `pobratym audit verify`."""
        return check_files(attached_files(self.app), self.files)


def visible(doc: Document, caller: Caller) -> bool:
    """Personal papers (an FOI requester's letter) are for staff, never for auditors."""
    return not (doc.personal and caller.role == AUDITOR)


@dataclass(frozen=True)
class AttachedFile:
    """One DocumentAttached event as the verification reads it."""

    position: int
    case_type: str
    case_id: UUID
    document_id: UUID
    name: str
    sha256: str


def attached_files(app: Casework, batch: int = 1000) -> Iterator[AttachedFile]:
    """Every DocumentAttached event in the log (withdrawn documents too: their bytes stay)."""
    topics = [get_topic(cls.DocumentAttached) for cls in DOCUMENTED.values()]
    start = 1
    while True:
        page = app.recorder.select_notifications(start, batch, topics=topics)
        for n in page:
            event: Any = app.mapper.to_domain_event(n)
            yield AttachedFile(
                n.id,
                type(event).__qualname__.split(".")[0],
                event.originator_id,
                event.document_id,
                event.name,
                event.sha256,
            )
        if len(page) < batch:
            return
        start = page[-1].id + 1


def check_files(attached: Iterable[AttachedFile], files: FileStore) -> list[Problem]:
    """Recompute the SHA-256 of every attached file and compare it with its event's."""
    problems = []
    for a in attached:
        found = files.digest(a.sha256)
        if found == a.sha256:
            continue
        where = f"document {a.document_id} ({a.name!r}) of {a.case_type} {a.case_id}"
        if found is None:
            problems.append(Problem(a.position, "file-missing", f"{where}: the file is missing"))
        else:
            problems.append(
                Problem(
                    a.position,
                    "file-altered",
                    f"{where}: the stored file's SHA-256 is {found}, not {a.sha256}",
                )
            )
    return problems
