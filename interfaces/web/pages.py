"""The console's pages that are not one case: Today and the lists."""

from typing import Any
from urllib.parse import urlencode

from litestar import Request, get
from litestar.response import Template

from domain.agreement import AgreementKind, AgreementStatus
from domain.aid_lines import AidCategory
from domain.aid_shipment import ShipmentStatus
from domain.foi_request import FoiStatus
from domain.partner import PartnerStatus
from interfaces.http.context import runtime_of
from interfaces.web.render import render
from interfaces.web.session import sign_in_url
from projections.deadlines import DeadlineFilter
from projections.partners import PartnerFilter
from projections.reads import BadReadQuery, Listing
from projections.reads.agreement_queries import AgreementFilter
from projections.reads.foi_queries import FoiFilter
from projections.reads.shipment_queries import ShipmentFilter, StockFilter

PAGE = 50
CASE_TYPES = ("agreement", "foi_request", "shipment", "engagement", "project")
RENEWAL_WINDOWS = (30, 60, 90)


def _word(key: str, value: str | None, allowed: frozenset[str] | tuple[str, ...]) -> str | None:
    """An optional filter word; one outside `allowed` is a 400 naming the field."""
    if not value:
        return None
    if value not in allowed:
        raise BadReadQuery(key, f"{key}: one of {', '.join(sorted(allowed))}")
    return value


def _text(key: str, value: str | None, most: int = 200) -> str | None:
    if not value:
        return None
    if len(value) > most:
        raise BadReadQuery(key, f"{key}: at most {most} characters")
    return value.strip() or None


@get("/today", sync_to_thread=True)
def today(
    request: Request[Any, Any, Any],
    case_type: str | None = None,
    owner: str | None = None,
    whose: str | None = None,
    cursor: str | None = None,
) -> Template:
    """Deadlines across the case types, soonest first, overdue marked; renewals due."""
    reads = runtime_of(request).reads
    day = reads.clock.today()
    mine = whose != "all"
    who = request.user.subject if mine else _text("owner", owner)
    f = DeadlineFilter(as_of=day, case_type=_word("case_type", case_type, CASE_TYPES), owner=who)
    page = reads.deadlines(f, PAGE, _text("cursor", cursor, 1000), None)
    renewals = reads.renewals(None, max(RENEWAL_WINDOWS), 100, None, None).items
    # Bands, each agreement once: within 30 days, 31-60, 61-90 (and already past expiry: 30).
    bands = list(zip((-(10**6), *RENEWAL_WINDOWS), RENEWAL_WINDOWS, strict=False))
    windows = {
        (max(low, 0) + 1 if low >= 0 else 0, high): [
            r for r in renewals if low < r.days_to_expiry <= high
        ]
        for low, high in bands
    }
    return render(
        request,
        "today.html",
        page=page,
        day=day,
        case_type=case_type or "",
        owner=owner or "",
        mine=mine,
        case_types=CASE_TYPES,
        windows=windows,
    )


def _status(value: str | None, enum: Any) -> str | None:
    return _word("status", value, frozenset(str(s) for s in enum))


@get("/partners", sync_to_thread=True)
def partners(
    request: Request[Any, Any, Any],
    q: str | None = None,
    status: str | None = None,
    cursor: str | None = None,
) -> Template:
    """Partners by name: search (any case, Latin or Cyrillic), status, pages."""
    f = PartnerFilter(status=_status(status, PartnerStatus), q=_text("q", q))
    page = runtime_of(request).reads.partners(Listing(f, PAGE, _text("cursor", cursor, 1000)))
    return _list(request, "partners", page, q, status, [str(s) for s in PartnerStatus])


@get("/agreements", sync_to_thread=True)
def agreements(
    request: Request[Any, Any, Any],
    q: str | None = None,
    status: str | None = None,
    kind: str | None = None,
    in_force: str | None = None,
    cursor: str | None = None,
) -> Template:
    """Agreements, newest first."""
    f = AgreementFilter(
        status=_status(status, AgreementStatus),
        q=_text("q", q),
        kind=_word("kind", kind, frozenset(map(str, AgreementKind))),
        in_force=True if _word("in_force", in_force, ("true",)) else None,
    )
    page = runtime_of(request).reads.agreements(Listing(f, PAGE, _text("cursor", cursor, 1000)))
    return _list(request, "agreements", page, q, status, [str(s) for s in AgreementStatus])


@get("/foi", sync_to_thread=True)
def foi_requests(
    request: Request[Any, Any, Any],
    q: str | None = None,
    status: str | None = None,
    officer: str | None = None,
    overdue: str | None = None,
    cursor: str | None = None,
) -> Template:
    """FOI requests, most recently received first (contacts never listed; masked for auditors)."""
    f = FoiFilter(
        status=_status(status, FoiStatus),
        q=_text("q", q),
        officer=_text("officer", officer),
        overdue=True if _word("overdue", overdue, ("true",)) else None,
        as_of=runtime_of(request).clock.today() if overdue else None,
    )
    mask = request.user.role == "auditor"
    listing = Listing(f, PAGE, _text("cursor", cursor, 1000))
    page = runtime_of(request).reads.foi_requests(listing, mask)
    return _list(request, "foi", page, q, status, [str(s) for s in FoiStatus])


@get("/shipments", sync_to_thread=True)
def shipments(
    request: Request[Any, Any, Any],
    q: str | None = None,
    status: str | None = None,
    report_overdue: str | None = None,
    cursor: str | None = None,
) -> Template:
    """Aid shipments, most recently announced first."""
    overdue = _word("report_overdue", report_overdue, ("true",))
    f = ShipmentFilter(
        status=_status(status, ShipmentStatus),
        q=_text("q", q),
        report_overdue=True if overdue else None,
        as_of=runtime_of(request).clock.today() if overdue else None,
    )
    page = runtime_of(request).reads.shipments(Listing(f, PAGE, _text("cursor", cursor, 1000)))
    return _list(request, "shipments", page, q, status, [str(s) for s in ShipmentStatus])


@get("/shipments/stock", sync_to_thread=True)
def stock(
    request: Request[Any, Any, Any], category: str | None = None, cursor: str | None = None
) -> Template:
    """Goods on hand in good condition, line by line: medicines expiring soonest first."""
    f = StockFilter(category=_word("category", category, frozenset(map(str, AidCategory))))
    page = runtime_of(request).reads.stock(Listing(f, PAGE, _text("cursor", cursor, 1000)))
    params = {"category": category} if category else {}
    return render(
        request,
        "stock.html",
        page=page,
        category=category or "",
        categories=[str(c) for c in AidCategory],
        base=f"/console/shipments/stock?{urlencode(params)}",
    )


def _list(
    request: Request[Any, Any, Any],
    kind: str,
    page: Any,
    q: str | None,
    status: str | None,
    statuses: list[str],
) -> Template:
    params = {k: v for k, v in request.query_params.items() if k != "cursor" and v}
    return render(
        request,
        f"list_{kind}.html",
        kind=kind,
        page=page,
        q=q or "",
        status=status or "",
        statuses=statuses,
        params=params,
        kinds=[str(k) for k in AgreementKind],
        base=f"/console/{kind}?{urlencode(params)}",
    )


__all__ = ["sign_in_url"]
