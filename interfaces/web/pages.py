"""The console's pages that are not one case: sign-in and out, the language, Today, the lists."""

from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import anyio
from litestar import Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.response import Redirect, Template

from application.errors import NotSignedIn, PasswordChangeRequired, TooManyAttempts
from domain.agreement import AgreementKind, AgreementStatus
from domain.aid_lines import AidCategory
from domain.aid_shipment import ShipmentStatus
from domain.errors import RuleViolation
from domain.foi_request import FoiStatus
from domain.partner import PartnerStatus
from infrastructure.identity import CSRF_COOKIE, SESSION_ABSOLUTE, SESSION_COOKIE, address_of
from interfaces.http.context import runtime_of
from interfaces.web.guard import PUBLIC
from interfaces.web.i18n import LANG_COOKIE, LANGUAGES
from interfaces.web.render import render
from interfaces.web.session import identity_of, principal_of, safe_next, sign_in_url
from projections.deadlines import DeadlineFilter
from projections.partners import PartnerFilter
from projections.reads import BadReadQuery, Listing
from projections.reads.agreement_queries import AgreementFilter
from projections.reads.foi_queries import FoiFilter
from projections.reads.shipment_queries import ShipmentFilter, StockFilter

PAGE = 50
CASE_TYPES = ("agreement", "foi_request", "shipment", "engagement", "project")
RENEWAL_WINDOWS = (30, 60, 90)


def _secure(request: Request[Any, Any, Any]) -> bool:
    setting = runtime_of(request).settings.cookie_secure
    return setting if setting is not None else request.url.scheme == "https"


def _session_cookies(request: Request[Any, Any, Any], session: str, csrf: str) -> list[Cookie]:
    """The accounts module's two cookies, as its POST /auth/sign-in sets them."""
    secure, seconds = _secure(request), int(SESSION_ABSOLUTE.total_seconds())
    return [
        Cookie(
            key=SESSION_COOKIE,
            value=session,
            max_age=seconds,
            path="/",
            secure=secure,
            httponly=True,
            samesite="lax",
        ),
        Cookie(
            key=CSRF_COOKIE, value=csrf, max_age=seconds, path="/", secure=secure, samesite="lax"
        ),
    ]


@get("/", opt={PUBLIC: True, "exclude_from_auth": True}, include_in_schema=False)
async def home(request: Request[Any, Any, Any]) -> Redirect:
    """The console: Today when signed in, else the sign-in page."""
    return await _start(request)


async def _start(request: Request[Any, Any, Any]) -> Redirect:
    signed = await principal_of(request)
    return Redirect("/console/today" if signed else "/console/sign-in", status_code=303)


@get("/console", opt={PUBLIC: True, "exclude_from_auth": True}, include_in_schema=False)
async def console(request: Request[Any, Any, Any]) -> Redirect:
    """The console's own root is Today."""
    return await _start(request)


@get("/sign-in", opt={PUBLIC: True})
async def sign_in_page(request: Request[Any, Any, Any], next: str | None = None) -> Template:
    """The sign-in form."""
    return render(request, "sign_in.html", next=safe_next(next), error=None, login="")


@post("/sign-in", opt={PUBLIC: True}, status_code=303)
async def sign_in(request: Request[Any, Any, Any]) -> Response[Any]:
    """Check the login and password (the accounts module), open a session, go on."""
    form = await request.form()
    login = str(form.get("login", ""))[:200]
    password = str(form.get("password", ""))[:1024]
    target = safe_next(str(form.get("next", "")))
    identity = identity_of(request)
    address = address_of(request.client.host if request.client else None)
    try:
        signed = await anyio.to_thread.run_sync(identity.sign_in, login, password, address)
    except PasswordChangeRequired:
        return render(request, "password.html", 403, login=login, next=target, error=None)
    except TooManyAttempts as e:
        return render(request, "sign_in.html", 429, next=target, login=login, error=str(e))
    except NotSignedIn:
        message = "wrong login or password"
        return render(request, "sign_in.html", 401, next=target, login=login, error=message)
    old = request.cookies.get(SESSION_COOKIE)
    if old:
        await anyio.to_thread.run_sync(identity.sign_out, old)
    cookies = _session_cookies(request, signed.session_id, signed.csrf_token)
    return Redirect(target, status_code=303, cookies=cookies)


@post("/password", opt={PUBLIC: True}, status_code=303)
async def change_password(request: Request[Any, Any, Any]) -> Response[Any]:
    """A one-time password is changed before the first sign-in; then the session opens."""
    form = await request.form()
    login = str(form.get("login", ""))[:200]
    old, new = str(form.get("old_password", ""))[:1024], str(form.get("new_password", ""))[:1024]
    target = safe_next(str(form.get("next", "")))
    identity = identity_of(request)
    address = address_of(request.client.host if request.client else None)
    try:
        await anyio.to_thread.run_sync(identity.change_password, login, old, new, address)
        signed = await anyio.to_thread.run_sync(identity.sign_in, login, new, address)
    except RuleViolation as e:
        return render(request, "password.html", 422, login=login, next=target, error=str(e))
    except (NotSignedIn, TooManyAttempts) as e:
        error = "wrong login or password" if isinstance(e, NotSignedIn) else str(e)
        return render(request, "password.html", 401, login=login, next=target, error=error)
    cookies = _session_cookies(request, signed.session_id, signed.csrf_token)
    return Redirect(target, status_code=303, cookies=cookies)


@post("/sign-out", status_code=303)
async def sign_out(request: Request[Any, Any, Any]) -> Redirect:
    """End this session (the form carried its CSRF token)."""
    session = request.cookies.get(SESSION_COOKIE)
    if session:
        await anyio.to_thread.run_sync(identity_of(request).sign_out, session)
    gone = [
        Cookie(key=SESSION_COOKIE, value="", max_age=0, path="/", httponly=True),
        Cookie(key=CSRF_COOKIE, value="", max_age=0, path="/"),
    ]
    return Redirect("/console/sign-in", status_code=303, cookies=gone)


@get("/lang", opt={PUBLIC: True})
async def switch_language(to: str, next: str | None = None) -> Redirect:
    """Remember the chosen language (a year) and show the same page again."""
    lang = to if to in LANGUAGES else LANGUAGES[0]
    year = int(timedelta(days=365).total_seconds())
    cookie = Cookie(key=LANG_COOKIE, value=lang, max_age=year, path="/", samesite="lax")
    return Redirect(safe_next(next), status_code=303, cookies=[cookie])


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
