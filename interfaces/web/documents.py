"""The Documents section's actions: download, upload, withdraw, generate a letter.

Every action goes through the same application services as the API (application.documents,
application.letters); a refusal comes back on the case page beside the field. An upload streams
to a temporary file within the limit before anything else (interfaces/http/documents
.receive_form); its CSRF token travels as a form field, so the session and token are checked
once the form is read, before the file is looked at.
"""

from typing import Any
from uuid import UUID

import anyio
import msgspec
from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Stream

from application.commands.documents import AttachDocument, WithdrawDocument
from application.commands.letters import GenerateLetter
from application.errors import ApplicationError, FileTooLarge, NotSignedIn
from domain.errors import DomainError
from infrastructure.identity import SESSION_COOKIE
from infrastructure.tokens import Principal
from interfaces.http.context import runtime_of
from interfaces.http.documents import content_disposition, receive_form
from interfaces.web.cases import refusal_page, refuse_unless
from interfaces.web.document_section import LETTERS, UPLOAD, caller_of, case_type_of
from interfaces.web.forms import FormInvalid
from interfaces.web.session import CSRF_FIELD, WRITERS, caller_for, identity_of, principal_of

REFUSALS = (DomainError, ApplicationError, FormInvalid)


def _convert(data: dict[str, Any], cls: type[Any]) -> Any:
    try:
        return msgspec.convert(data, cls, strict=False)
    except msgspec.ValidationError as e:
        field = "reason" if "reason" in str(e) else "kind"
        raise FormInvalid(field, str(e)) from None


def _version(posted: dict[str, str]) -> int | None:
    raw = posted.get("version", "")
    return int(raw) if raw.isdigit() and len(raw) < 12 else None


def _back(kind: str, case_id: UUID) -> Redirect:
    return Redirect(f"/console/{kind}/{case_id}#documents-h", status_code=303)


@get("/{kind:str}/{case_id:uuid}/documents/{document_id:uuid}", sync_to_thread=True)
def download(
    request: Request[Any, Any, Any], kind: str, case_id: UUID, document_id: UUID
) -> Stream:
    """The file, as an attachment (404 if not this case's or hidden, 410 if withdrawn)."""
    documents = runtime_of(request).documents
    found = documents.open_document(
        case_type_of(kind), case_id, document_id, caller_of(request.user)
    )
    doc = found.document
    return Stream(
        found.chunks,
        media_type=doc.media_type,
        headers={
            "Content-Disposition": content_disposition(doc.name),
            "Content-Length": str(doc.size),
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
            "Cache-Control": "private, no-store",
        },
    )


@post(
    "/{kind:str}/{case_id:uuid}/documents",
    status_code=303,
    request_max_body_size=None,
    opt={UPLOAD: True},
)
async def upload(request: Request[Any, Any, Any], kind: str, case_id: UUID) -> Response[Any]:
    """Attach a file from the form; back to the case, or the page with the refusal by the field."""
    case_type = case_type_of(kind)
    session = request.cookies.get(SESSION_COOKIE)
    if not session:
        raise NotSignedIn("sign in first")
    documents = runtime_of(request).documents
    try:
        fields, spool, file = await receive_form(request, documents.max_upload_bytes)
    except FileTooLarge as too_large:
        refused = too_large
        # The body was not read, so neither was its token: the page is only shown (a GET's right).
        reader = await principal_of(request)
        if reader is None:
            raise NotSignedIn("sign in first") from None
        request.scope["user"] = reader
        return await anyio.to_thread.run_sync(
            lambda: refusal_page(request, kind, case_id, refused, "upload", {})
        )
    assert spool is not None and file is not None
    try:
        csrf = fields.pop(CSRF_FIELD, None) or None
        identity = identity_of(request)
        p: Principal = await anyio.to_thread.run_sync(
            identity.session_principal, session, csrf, "POST"
        )
        request.scope["user"] = p
        refuse_unless(p, WRITERS)
        posted = {k: v.strip() for k, v in fields.items() if k in ("kind", "note", "version")}

        def attach() -> Response[Any]:
            try:
                data: dict[str, Any] = {k: v for k, v in posted.items() if k != "version" and v}
                data["personal"] = fields.get("personal") == "on"
                cmd = _convert(data, AttachDocument)
                caller = caller_for(request, p, cmd.note)
                documents.attach_document(case_type, case_id, cmd, file, caller, _version(posted))
            except REFUSALS as e:
                return refusal_page(request, kind, case_id, e, "upload", posted)
            return _back(kind, case_id)

        return await anyio.to_thread.run_sync(attach)
    finally:
        spool.close()


@post(
    "/{kind:str}/{case_id:uuid}/documents/{document_id:uuid}/withdraw",
    sync_to_thread=True,
    status_code=303,
)
def withdraw(
    request: Request[Any, Any, Any], kind: str, case_id: UUID, document_id: UUID
) -> Response[Any]:
    """Withdraw a document, saying why; it stays in the record, no longer downloadable."""
    case_type = case_type_of(kind)
    p: Principal = request.user
    refuse_unless(p, WRITERS)
    posted: dict[str, str] = request.state.form
    try:
        cmd = _convert({"reason": posted.get("reason", "").strip()}, WithdrawDocument)
        runtime_of(request).documents.withdraw_document(
            case_type, case_id, document_id, cmd, caller_for(request, p, None), _version(posted)
        )
    except REFUSALS as e:
        return refusal_page(request, kind, case_id, e, f"withdraw-{document_id}", posted)
    return _back(kind, case_id)


@post("/{kind:str}/{case_id:uuid}/letters/{letter:str}", sync_to_thread=True, status_code=303)
def generate_letter(
    request: Request[Any, Any, Any], kind: str, case_id: UUID, letter: str
) -> Response[Any]:
    """Generate a standard letter: attached to the case and numbered in the register."""
    found = next((row for row in LETTERS.get(kind, ()) if row[0] == letter), None)
    if found is None:
        raise NotFoundException(f"no such letter: {letter}")
    p: Principal = request.user
    refuse_unless(p, found[2])
    try:
        service = runtime_of(request).letters
        getattr(service, found[3])(case_id, GenerateLetter(), caller_for(request, p, None))
    except REFUSALS as e:
        return refusal_page(request, kind, case_id, e, f"letter-{letter}", {})
    return _back(kind, case_id)
