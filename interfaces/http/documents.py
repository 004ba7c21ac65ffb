"""HTTP resource /<case-type>/{id}/documents: upload, list, download, withdraw (issue 18).

One controller, made once per documented case type (application.documents.DOCUMENTED), so a
new case type gets the routes by its registry line. An upload is `multipart/form-data` with a
`file` part and optional `kind`, `personal` and `note` fields; it is streamed to an unnamed
temporary file within the configured size limit (413 names it), never held in memory.
"""

from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar
from urllib.parse import quote
from uuid import UUID

import anyio
import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.exceptions import ValidationException
from litestar.response import Stream
from multipart import MultipartError, MultipartSegment, PushMultipartParser, parse_options_header

from application.commands.documents import AttachDocument, WithdrawDocument
from application.documents import DOCUMENTED, DocumentService, Upload
from application.errors import FileTooLarge
from application.service import Caller
from domain.documents import Document, DocumentKind
from infrastructure.files import Spool
from interfaces.http.auth import can_read, can_write
from interfaces.http.deps import IfMatch

FORM_FIELDS_BYTES = 64 * 1024  # room for the form's small fields and the parts' headers
MAX_PARTS = 8


class DocumentView(msgspec.Struct):
    """One document of a case."""

    id: UUID
    name: str
    media_type: str
    size: int
    kind: DocumentKind
    sha256: str
    personal: bool
    withdrawn: bool
    withdrawal_reason: str | None
    href: str


class DocumentList(msgspec.Struct):
    """A case's documents the caller may see, in the order attached."""

    items: list[DocumentView]


class DocumentSaved(msgspec.Struct):
    """The document attached (or withdrawn), and the case's new version and log position."""

    document: DocumentView
    case_id: UUID
    version: int
    position: int


def view(doc: Document, base: str) -> DocumentView:
    """The API's view of a document."""
    return DocumentView(
        id=doc.document_id,
        name=doc.name,
        media_type=doc.media_type,
        size=doc.size,
        kind=doc.kind,
        sha256=doc.sha256,
        personal=doc.personal,
        withdrawn=doc.withdrawn,
        withdrawal_reason=doc.withdrawal_reason,
        href=f"{base}/{doc.document_id}",
    )


def content_disposition(name: str) -> str:
    """`attachment` with an ASCII fallback and the exact name as RFC 6266 / 5987 `filename*`."""
    fallback = "".join(c if 32 <= ord(c) < 127 and c not in '"\\;%' else "_" for c in name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def _bad_form(message: str) -> ValidationException:
    return ValidationException(message, extra=[{"key": "file", "message": message}])


async def receive_form(
    request: Request[Any, Any, Any], limit: int
) -> tuple[dict[str, str], Spool | None, Upload | None]:
    """Parse a multipart body as it streams in: small fields kept, the file part spooled."""
    kind, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get("boundary")
    if kind != "multipart/form-data" or not boundary:
        raise _bad_form("send the file as multipart/form-data with a `file` part")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + FORM_FIELDS_BYTES:
        raise FileTooLarge(limit)
    fields: dict[str, str] = {}
    spool: Spool | None = None
    upload: Upload | None = None
    segment: MultipartSegment | None = None
    text = bytearray()
    try:
        with PushMultipartParser(boundary, max_segment_count=MAX_PARTS) as parser:
            async for chunk in _body(request):
                for event in parser.parse(chunk):
                    if isinstance(event, MultipartSegment):
                        segment, text = event, bytearray()
                        if segment.name == "file":
                            if spool is not None:
                                raise _bad_form("send one file per upload")
                            spool = Spool(limit)
                    elif event is None:
                        assert segment is not None
                        if segment.name == "file" and spool is not None:
                            upload = spool.upload(segment.filename or "", segment.content_type)
                        elif segment.name:
                            fields[segment.name] = text.decode("utf-8", errors="replace")
                        segment = None
                    elif segment is not None and segment.name == "file" and spool is not None:
                        spool.write(event)
                    else:
                        text += event
                        if len(text) > FORM_FIELDS_BYTES:
                            raise _bad_form("a form field is too long")
    except MultipartError as e:
        if spool is not None:
            spool.close()
        raise _bad_form(f"the multipart body does not parse: {e}") from None
    except BaseException:
        # A refused or cut-off upload leaves nothing: the unnamed temporary file goes.
        if spool is not None:
            spool.close()
        raise
    if upload is None:
        if spool is not None:
            spool.close()
        raise _bad_form("the form has no `file` part")
    return fields, spool, upload


async def _body(request: Request[Any, Any, Any]) -> AsyncIterator[bytes]:
    async for chunk in request.stream():
        if chunk:
            yield chunk


def _command(fields: dict[str, str]) -> AttachDocument:
    values: dict[str, Any] = {k: v for k, v in fields.items() if k in ("kind", "note")}
    if "personal" in fields:
        values["personal"] = fields["personal"].strip().lower() in ("true", "1", "yes", "on")
    unknown = set(fields) - {"kind", "note", "personal"}
    if unknown:
        raise ValidationException(
            "unknown form fields", extra=[{"key": k, "message": "unknown field"} for k in unknown]
        )
    try:
        return msgspec.convert(values, AttachDocument)
    except msgspec.ValidationError as e:
        raise ValidationException(str(e), extra=[{"key": "form", "message": str(e)}]) from None


class DocumentController(Controller):
    """The papers behind a case: signed agreements, decisions, letters, acts, photos."""

    case_type: ClassVar[str] = ""

    def _base(self, case_id: UUID) -> str:
        return f"/{self.case_type}/{case_id}/documents"

    @post("/", guards=[can_write], status_code=201, request_max_body_size=None)
    async def attach(
        self,
        request: Request[Any, Any, Any],
        case_id: UUID,
        documents: DocumentService,
        caller: Caller,
        if_match: IfMatch,
    ) -> Response[DocumentSaved]:
        """Attach a file (multipart `file`, with `kind`, `personal`, `note`); 413 over the limit."""
        fields, spool, upload = await receive_form(request, documents.max_upload_bytes)
        assert spool is not None and upload is not None
        try:
            cmd = _command(fields)
            saved, doc = await anyio.to_thread.run_sync(
                lambda: documents.attach_document(
                    self.case_type, case_id, cmd, upload, caller, if_match
                )
            )
        finally:
            spool.close()
        body = DocumentSaved(
            view(doc, self._base(case_id)), case_id, saved.case.version, saved.position
        )
        headers = {"Location": body.document.href, "ETag": f'"{saved.case.version}"'}
        return Response(body, status_code=201, headers=headers)

    @get("/", guards=[can_read], sync_to_thread=True)
    def list_documents(
        self, case_id: UUID, documents: DocumentService, caller: Caller
    ) -> DocumentList:
        """The case's documents (withdrawn ones marked; personal ones hidden from auditors)."""
        papers = documents.list_documents(self.case_type, case_id, caller)
        return DocumentList([view(d, self._base(case_id)) for d in papers])

    @get("/{document_id:uuid}", guards=[can_read], sync_to_thread=True)
    def download(
        self, case_id: UUID, document_id: UUID, documents: DocumentService, caller: Caller
    ) -> Stream:
        """The file itself, as an attachment (404 if not this case's, 410 if withdrawn)."""
        found = documents.open_document(self.case_type, case_id, document_id, caller)
        doc = found.document
        return Stream(
            _iterate(found.chunks),
            media_type=doc.media_type,
            headers={
                "Content-Disposition": content_disposition(doc.name),
                "Content-Length": str(doc.size),
                "X-Content-Type-Options": "nosniff",
                "Content-Security-Policy": "default-src 'none'; sandbox",
                "Cache-Control": "private, no-store",
                "ETag": f'"{doc.sha256}"',
            },
        )

    @post("/{document_id:uuid}/withdraw", guards=[can_write], sync_to_thread=True, status_code=200)
    def withdraw(
        self,
        case_id: UUID,
        document_id: UUID,
        data: WithdrawDocument,
        documents: DocumentService,
        caller: Caller,
        if_match: IfMatch,
    ) -> Response[DocumentSaved]:
        """Withdraw a document, saying why; it stays in the record, no longer downloadable."""
        saved = documents.withdraw_document(
            self.case_type, case_id, document_id, data, caller, if_match
        )
        doc = saved.case.document(document_id)
        body = DocumentSaved(
            view(doc, self._base(case_id)), case_id, saved.case.version, saved.position
        )
        return Response(body, headers={"ETag": f'"{saved.case.version}"'})


def _iterate(chunks: Iterator[bytes]) -> Iterator[bytes]:
    yield from chunks


def _controller(case_type: str) -> type[DocumentController]:
    name = "".join(p.capitalize() for p in case_type.split("-")) + "DocumentController"
    attrs = {
        "path": f"/{case_type}/{{case_id:uuid}}/documents",
        "tags": [case_type],
        "case_type": case_type,
    }
    return type(name, (DocumentController,), attrs)


DOCUMENT_CONTROLLERS: list[type[DocumentController]] = [_controller(t) for t in DOCUMENTED]
