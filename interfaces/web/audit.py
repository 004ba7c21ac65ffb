"""The auditors' pages: the audit events, the chain's head to copy, verification, the export.

Read only: there is no form that changes anything here. The events come from the audit-trail
read model (contacts already redacted); the export is the same redacted JSON-lines stream as
`pobratym audit export`, with the chain digests an auditor can check offline.
"""

import json
from collections.abc import Iterator
from typing import Any
from uuid import UUID

from litestar import Request, get
from litestar.response import Stream, Template

from application.audit_export import AuditExport, ExportFilter
from infrastructure.audit_chain import audit_service, raw_log
from interfaces.http.context import runtime_of
from interfaces.web.cases import refuse_unless
from interfaces.web.render import AUDITORS, render
from projections.audit_query import AuditTrailQuery
from projections.reads import BadReadQuery

PAGE = 50


def _case_id(value: str | None) -> UUID | None:
    if not value:
        return None
    try:
        return UUID(value[:40])
    except ValueError:
        raise BadReadQuery("case_id", "case_id: not a case id") from None


def _text(key: str, value: str | None, most: int = 200) -> str | None:
    if value and len(value) > most:
        raise BadReadQuery(key, f"{key}: at most {most} characters")
    return value or None


@get("/audit", sync_to_thread=True)
def audit_events(
    request: Request[Any, Any, Any],
    case_id: str | None = None,
    actor: str | None = None,
    cursor: str | None = None,
) -> Template:
    """The log's events in order, filtered by case or actor, with the chain's head."""
    refuse_unless(request.user, AUDITORS)
    rt = runtime_of(request)
    query = AuditTrailQuery(
        actor=_text("actor", actor),
        case_id=_case_id(case_id),
        limit=PAGE,
        cursor=_text("cursor", cursor, 1000),
    )
    page = rt.reads.audit_events(query, None)
    head = audit_service(rt.app, rt.read_engine).head()
    return render(
        request,
        "audit.html",
        page=page,
        head=head,
        case_id=case_id or "",
        actor=actor or "",
        verification=None,
    )


@get("/audit/verify", sync_to_thread=True)
def verify_chain(request: Request[Any, Any, Any]) -> Template:
    """Recompute the chain from the stored events and compare it with the seals."""
    refuse_unless(request.user, AUDITORS)
    rt = runtime_of(request)
    service = audit_service(rt.app, rt.read_engine)
    report = service.verify()
    page = rt.reads.audit_events(AuditTrailQuery(limit=PAGE), None)
    return render(
        request,
        "audit.html",
        200 if report.ok else 409,
        page=page,
        head=service.head(),
        case_id="",
        actor="",
        verification=report,
    )


@get("/audit/export", sync_to_thread=True)
def export(request: Request[Any, Any, Any], case_id: str | None = None) -> Stream:
    """The redacted export as JSON lines (all events, or one case's), streamed."""
    refuse_unless(request.user, AUDITORS)
    rt = runtime_of(request)
    wanted = ExportFilter(case_id=_case_id(case_id))
    exporter = AuditExport(rt.app, raw_log(rt.app.recorder))

    def lines() -> Iterator[bytes]:
        for line in exporter.lines(wanted):
            yield (json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n").encode()

    name = f"pobratym-audit-{case_id}.jsonl" if case_id else "pobratym-audit.jsonl"
    return Stream(
        lines(),
        media_type="application/x-ndjson",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )
