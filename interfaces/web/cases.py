"""A case page: facts, status, computed dates and how, the timeline, and the allowed forms.

GET /console/{kind}/{id}[?version=N] shows the case (at a version: as it stood, no forms).
POST /console/{kind}/{id}/{command} runs the typed command's use case with the form's version
as If-Match; a refusal re-renders the page with the API's reason next to the field (422/409/403),
a stale version (someone else changed the case) says so and offers a reload (412).
"""

from datetime import date, datetime, time
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import msgspec
from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template

from application.errors import Forbidden, VersionMismatch
from application.history import HistoryService
from domain.errors import DomainError
from domain.foi_request import Outcome
from infrastructure.bootstrap import Runtime
from infrastructure.eventlog import positions
from infrastructure.tokens import Principal
from interfaces.http.context import runtime_of
from interfaces.http.history import REDACTED_FOR
from interfaces.http.problems import build_problem
from interfaces.web.case_kinds import KINDS, CaseKind
from interfaces.web.contact_kinds import CONTACT_KINDS
from interfaces.web.directory_kinds import CONFIRM, DIRECTORY_KINDS
from interfaces.web.document_section import section
from interfaces.web.engagement_kinds import ENGAGEMENT_KINDS
from interfaces.web.forms import FormInvalid, allowed, command_of
from interfaces.web.render import lang_of, render
from interfaces.web.session import MANAGERS, caller_for, refuse

ALL_KINDS = {**KINDS, **DIRECTORY_KINDS, **CONTACT_KINDS, **ENGAGEMENT_KINDS}
TIMELINE_MOST = 200  # events shown on a page (the API's history pages on beyond)
HIDDEN_FACTS = frozenset(
    {
        "id",
        "version",
        "position",
        "text",
        "signatories",
        "partner_ids",
        "lines",
        "distributions",
        "write_offs",
        "links",  # these four in their own tables (engagements and projects)
        "follow_ups",
        "milestones",
        "participants",
    }
)


def kind_of(kind: str) -> CaseKind:
    """A case type of the console by its path word (404 if none)."""
    found = ALL_KINDS.get(kind)
    if found is None:
        raise NotFoundException(f"no such case type: {kind}")
    return found


def _timeline(rt: Runtime, kind: CaseKind, case_id: UUID, p: Principal, lang: str) -> list[Any]:
    service = HistoryService(
        rt.app,
        rt.clock,
        positions=lambda cid, gt, most: positions(rt.app.recorder, cid, gt, most),
    )
    zone = ZoneInfo(rt.settings.timezone)
    entries = service.history(
        kind.cls, case_id, hide_contacts=p.role in REDACTED_FOR, limit=TIMELINE_MOST
    )
    return [
        {
            "at": e.at.astimezone(zone),
            "version": e.version,
            "actor": e.actor,
            "note": e.note,
            "text": e.description_uk if lang == "uk" else e.description,
        }
        for e in entries
    ]


def _page(
    request: Request[Any, Any, Any],
    kind: CaseKind,
    case_id: UUID,
    version: int | None = None,
    status_code: int = 200,
    **extra: Any,
) -> Template:
    rt = runtime_of(request)
    p: Principal = request.user
    case = getattr(kind.service(rt), kind.load)(case_id, version)
    detail = kind.detail(case, rt, p)
    facts = {k: v for k, v in msgspec.to_builtins(detail).items() if k not in HIDDEN_FACTS}
    forms = (
        []
        if version is not None
        else allowed(
            kind.forms,
            kind.transitions,
            str(case.status),
            p.roles,
            lambda f: kind.offer(case, f),
        )
    )
    return render(
        request,
        "case.html",
        status_code,
        kind=kind.key,
        case=case,
        detail=detail,
        facts=facts,
        dates=kind.dates(detail),
        timeline=_timeline(rt, kind, case_id, p, lang_of(request)),
        forms=forms,
        documents=section(request, kind.key, case) if version is None else None,
        at_version=version,
        today=rt.clock.today(),
        errors=extra.pop("errors", {}),
        posted=extra.pop("posted", {}),
        stale=extra.pop("stale", False),
        failed=extra.pop("failed", None),
        refusal=extra.pop("refusal", None),
        **extra,
    )


@get("/{kind:str}/{case_id:uuid}", sync_to_thread=True)
def case_page(
    request: Request[Any, Any, Any],
    kind: str,
    case_id: UUID,
    version: int | None = None,
    as_of: date | None = None,
) -> Template:
    """A case as it stands, or as it stood at a version or at the end of a day (read only)."""
    found = kind_of(kind)
    if version is not None and version < 1:
        version = None
    if as_of is not None and version is None:
        rt = runtime_of(request)
        end = datetime.combine(as_of, time.max, ZoneInfo(rt.settings.timezone))
        version = found.service(rt).version_at(found.cls, case_id, end)
    return _page(request, found, case_id, version)


@post("/{kind:str}/{case_id:uuid}/{command:str}", sync_to_thread=True, status_code=303)
def run_command(
    request: Request[Any, Any, Any], kind: str, case_id: UUID, command: str
) -> Response[Any]:
    """Run one command from its form; back to the case page, or the page with the refusal."""
    found = kind_of(kind)
    form = next((f for f in found.forms if f.name == command), None)
    if form is None:
        raise NotFoundException(f"no such command: {command}")
    p: Principal = request.user
    refuse_unless(p, form.roles)
    posted: dict[str, str] = request.state.form
    raw_version = posted.get("version", "")
    expected = int(raw_version) if raw_version.isdigit() and len(raw_version) < 12 else None
    rt = runtime_of(request)
    try:
        if any(f.name == CONFIRM for f in form.fields) and posted.get(CONFIRM) != "yes":
            raise FormInvalid(CONFIRM, "tick the box to confirm: this cannot be undone")
        cmd = command_of(form, posted)
        if getattr(cmd, "outcome", None) == Outcome.REFUSED and not p.roles & MANAGERS:
            raise Forbidden("a refusal is decided by a manager")
        use_case = getattr(found.service(rt), form.use_case)
        use_case(case_id, cmd, caller_for(request, p, posted.get("note")), expected)
    except (FormInvalid, VersionMismatch, DomainError, Forbidden) as e:
        return refusal_page(request, kind, case_id, e, form.name, posted)
    return Redirect(f"/console/{kind}/{case_id}", status_code=303)


def refusal_page(
    request: Request[Any, Any, Any],
    kind: str,
    case_id: UUID,
    error: Exception,
    failed: str,
    posted: dict[str, str],
) -> Template:
    """The case page again with a form's refusal: beside the field, or as a stale version."""
    again: dict[str, Any] = {"posted": posted, "failed": failed}
    found = kind_of(kind)
    if isinstance(error, FormInvalid):
        errors = {error.field: error.message}
        return _page(
            request, found, case_id, None, 400, errors=errors, refusal=error.message, **again
        )
    if isinstance(error, VersionMismatch):
        return _page(request, found, case_id, None, 412, stale=True, **again)
    problem, _ = build_problem(error, request.url.path)
    fields = {f.field: f.message for f in problem.errors}
    return _page(
        request,
        found,
        case_id,
        None,
        problem.status,
        errors=fields,
        refusal=problem.detail,
        **again,
    )


def refuse_unless(p: Principal, roles: frozenset[str]) -> None:
    """403 unless the principal holds one of the roles (a forged form from an auditor)."""
    if not p.roles & roles:
        refuse(p.role, roles)
