"""A case page: facts, status, computed dates and how, the timeline, and the allowed forms.

GET /console/{kind}/{id}[?version=N] shows the case (at a version: as it stood, no forms).
POST /console/{kind}/{id}/{command} runs the typed command's use case with the form's version
as If-Match; a refusal re-renders the page with the API's reason next to the field (422/409/403),
a stale version (someone else changed the case) says so and offers a reload (412).
"""

from collections.abc import Callable
from dataclasses import dataclass
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
from domain.agreement import TRANSITIONS as AGREEMENT_TRANSITIONS
from domain.agreement import Agreement
from domain.aid_shipment import TRANSITIONS as SHIPMENT_TRANSITIONS
from domain.aid_shipment import AidShipment
from domain.errors import DomainError
from domain.foi_request import TRANSITIONS as FOI_TRANSITIONS
from domain.foi_request import FoiRequest, Outcome
from domain.partner import TRANSITIONS as PARTNER_TRANSITIONS
from domain.partner import Partner
from infrastructure.bootstrap import Runtime
from infrastructure.eventlog import positions
from infrastructure.tokens import Principal
from interfaces.http.agreements import agreement_detail
from interfaces.http.context import runtime_of
from interfaces.http.foi.detail import foi_detail
from interfaces.http.history import REDACTED_FOR
from interfaces.http.partners import partner_detail
from interfaces.http.problems import build_problem
from interfaces.http.shipments.detail import shipment_detail
from interfaces.web.forms import (
    AGREEMENT_FORMS,
    FOI_FORMS,
    PARTNER_FORMS,
    SHIPMENT_FORMS,
    CommandForm,
    FormInvalid,
    allowed,
    command_of,
)
from interfaces.web.render import lang_of, render
from interfaces.web.session import MANAGERS, caller_for, refuse

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
    }
)


@dataclass(frozen=True)
class CaseKind:
    """One case type in the console."""

    key: str
    cls: type[Any]
    service: Callable[[Runtime], Any]
    load: str
    detail: Callable[[Any, Runtime, Principal], msgspec.Struct]
    dates: Callable[[Any], list[tuple[str, date | None, str, dict[str, Any]]]]
    forms: tuple[CommandForm, ...]
    transitions: dict[str, Any]


def _foi_detail(case: FoiRequest, rt: Runtime, p: Principal) -> msgspec.Struct:
    return foi_detail(
        case, rt.foi.last_position(case.id), rt.foi.calendar(), rt.clock.today(), p.role
    )


DATE_TEXTS = (
    ("Answer due", "20 working days after receipt (extended, Art. 20(4))"),
    ("Answer due", "5 working days after receipt, the day of receipt not counted (Art. 20(1))"),
    ("Extension notice due", "the 5th working day after receipt (Art. 20(4))"),
    ("Deferred to", "the deferral decision's new date"),
    ("Answered on", "working days after the due date: %(n)d"),
    ("Expires on", "the date signed or renewed to, else the start plus the term"),
    ("Report due", "90 calendar days after customs clearance, on a working day"),
    (
        "Notice deadline",
        "expiry minus the notice period (%(n)s days), on a working day (Civil Code Art. 254)",
    ),
)
"""Each computed date and how it is computed (the catalogue translates them)."""

Dates = list[tuple[str, date | None, str, dict[str, Any]]]


def _foi_dates(d: Any) -> Dates:
    rows: Dates = [
        (
            "Answer due",
            d.due_on,
            "20 working days after receipt (extended, Art. 20(4))"
            if d.extended
            else "5 working days after receipt, the day of receipt not counted (Art. 20(1))",
            {},
        ),
        (
            "Extension notice due",
            d.extension_notice_due_on,
            "the 5th working day after receipt (Art. 20(4))",
            {},
        ),
    ]
    if d.deferral is not None:
        rows.append(("Deferred to", d.deferral.new_due_on, "the deferral decision's new date", {}))
    if d.answered_on is not None:
        how = "working days after the due date: %(n)d"
        rows.append(("Answered on", d.answered_on, how, {"n": d.working_days_late or 0}))
    return rows


def _agreement_detail(case: Agreement, rt: Runtime, p: Principal) -> msgspec.Struct:
    return agreement_detail(case, rt.agreements.last_position(case.id), rt.agreements, rt.clock)


def _agreement_dates(d: Any) -> Dates:
    return [
        (
            "Expires on",
            d.expires_on,
            "the date signed or renewed to, else the start plus the term",
            {},
        ),
        (
            "Notice deadline",
            d.notice_deadline_on,
            "expiry minus the notice period (%(n)s days), on a working day (Civil Code Art. 254)",
            {"n": d.notice_period_days or "—"},
        ),
    ]


def _shipment_detail(case: AidShipment, rt: Runtime, p: Principal) -> msgspec.Struct:
    service = rt.shipments
    return shipment_detail(
        case, service.last_position(case.id), rt.clock.today(), service.calendar()
    )


def _shipment_dates(d: Any) -> Dates:
    return [
        (
            "Report due",
            d.report_due_on,
            "90 calendar days after customs clearance, on a working day",
            {},
        )
    ]


def _partner_detail(case: Partner, rt: Runtime, p: Principal) -> msgspec.Struct:
    return partner_detail(case, rt.partners.last_position(case.id))


KINDS = {
    "foi": CaseKind(
        "foi",
        FoiRequest,
        lambda rt: rt.foi,
        "get_request",
        _foi_detail,
        _foi_dates,
        FOI_FORMS,
        FOI_TRANSITIONS,
    ),
    "agreements": CaseKind(
        "agreements",
        Agreement,
        lambda rt: rt.agreements,
        "get_agreement",
        _agreement_detail,
        _agreement_dates,
        AGREEMENT_FORMS,
        AGREEMENT_TRANSITIONS,
    ),
    "partners": CaseKind(
        "partners",
        Partner,
        lambda rt: rt.partners,
        "get_partner",
        _partner_detail,
        lambda d: [],
        PARTNER_FORMS,
        PARTNER_TRANSITIONS,
    ),
    "shipments": CaseKind(
        "shipments",
        AidShipment,
        lambda rt: rt.shipments,
        "get_shipment",
        _shipment_detail,
        _shipment_dates,
        SHIPMENT_FORMS,
        SHIPMENT_TRANSITIONS,
    ),
}


def _kind(kind: str) -> CaseKind:
    found = KINDS.get(kind)
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
        else allowed(kind.forms, kind.transitions, str(case.status), p.roles)
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
    found = _kind(kind)
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
    found = _kind(kind)
    form = next((f for f in found.forms if f.name == command), None)
    if form is None:
        raise NotFoundException(f"no such command: {command}")
    p: Principal = request.user
    refuse_unless(p, form.roles)
    posted: dict[str, str] = request.state.form
    raw_version = posted.get("version", "")
    expected = int(raw_version) if raw_version.isdigit() and len(raw_version) < 12 else None
    rt = runtime_of(request)
    again = {"posted": posted, "failed": form.name}
    try:
        cmd = command_of(form, posted)
        if getattr(cmd, "outcome", None) == Outcome.REFUSED and not p.roles & MANAGERS:
            raise Forbidden("a refusal is decided by a manager")
        use_case = getattr(found.service(rt), form.use_case)
        use_case(case_id, cmd, caller_for(request, p, posted.get("note")), expected)
    except FormInvalid as e:
        return _page(
            request,
            found,
            case_id,
            None,
            400,
            errors={e.field: e.message},
            refusal=e.message,
            **again,
        )
    except VersionMismatch:
        return _page(request, found, case_id, None, 412, stale=True, **again)
    except (DomainError, Forbidden) as e:
        problem, _ = build_problem(e, request.url.path)
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
    return Redirect(f"/console/{kind}/{case_id}", status_code=303)


def refuse_unless(p: Principal, roles: frozenset[str]) -> None:
    """403 unless the principal holds one of the roles (a forged form from an auditor)."""
    if not p.roles & roles:
        refuse(p.role, roles)
