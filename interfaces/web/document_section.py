"""What a case page's Documents section shows: the papers, who attached them, which letters.

The rules are the services' (application.documents: who may see a personal paper;
application.letters.letter_allowed: which letter the case allows now; only those are offered,
and the use case checks again).
"""

from typing import Any
from uuid import UUID

from litestar import Request
from litestar.exceptions import NotFoundException

from application.letters import letter_allowed
from application.service import Caller
from domain.documents import DocumentKind
from infrastructure.tokens import Principal
from interfaces.http.context import runtime_of
from interfaces.web.forms import values_of
from interfaces.web.session import MANAGERS, WRITERS

UPLOAD = "upload"  # a handler opt: the guard leaves the multipart body to the handler
CASE_TYPES = {
    "foi": "foi-requests",
    "agreements": "agreements",
    "shipments": "shipments",
    "partners": "partners",
}
KINDS = values_of(DocumentKind)
ATTACHED_MOST = 1000  # events read to date the documents (a case has far fewer)

# The letters a case type can generate: (path, label, roles, LetterService method).
LETTERS: dict[str, tuple[tuple[str, str, frozenset[str], str], ...]] = {
    "foi": (
        ("extension-notice", "Extension notice", MANAGERS, "extension_notice"),
        ("transfer-notice", "Transfer notice", WRITERS, "transfer_notice"),
        ("answer-cover", "Answer cover letter", WRITERS, "answer_cover"),
    ),
    "shipments": (("report-cover", "90-day report cover letter", WRITERS, "aid_report_cover"),),
    "agreements": (("renewal-memo", "Renewal memo", WRITERS, "renewal_memo"),),
}
LETTER_LABELS = tuple(label for rows in LETTERS.values() for _, label, _, _ in rows)


def case_type_of(kind: str) -> str:
    """The API's word for a console case type that keeps documents (404 if none)."""
    found = CASE_TYPES.get(kind)
    if found is None:
        raise NotFoundException(f"no documents for {kind}")
    return found


def caller_of(p: Principal) -> Caller:
    """The reader as the services' caller (for what they may see)."""
    return Caller(actor=p.subject, role=p.role)


def _attached(rt: Any, case_id: UUID) -> dict[UUID, tuple[Any, str]]:
    """When and by whom each document was attached, from the case's own events."""
    found: dict[UUID, tuple[Any, str]] = {}
    events = rt.app.repository.event_store.get(case_id, limit=ATTACHED_MOST)
    for e in events:
        if type(e).__name__ == "DocumentAttached":
            found[e.document_id] = (e.timestamp, e.meta.actor)
    return found


def section(request: Request[Any, Any, Any], kind: str, case: Any) -> dict[str, Any] | None:
    """What the page's Documents section shows the reader (None: the type keeps none)."""
    case_type = CASE_TYPES.get(kind)
    if case_type is None:
        return None
    rt = runtime_of(request)
    p: Principal = request.user
    papers = rt.documents.list_documents(case_type, case.id, caller_of(p))
    attached = _attached(rt, case.id)
    rows = [
        {"doc": d, "at": when, "by": who}
        for d in papers
        for when, who in [attached.get(d.document_id, (None, ""))]
    ]
    letters = [
        row for row in LETTERS.get(kind, ()) if row[2] & p.roles and letter_allowed(row[3], case)
    ]
    return {
        "rows": rows,
        "kinds": KINDS,
        "letters": letters,
        "limit_mib": rt.documents.max_upload_bytes / 1_048_576,
    }
