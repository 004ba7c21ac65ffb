"""The console's doors: its root, sign-in and out, the first password change, the language."""

from datetime import timedelta
from typing import Any

import anyio
from litestar import Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.response import Redirect, Template

from application.errors import NotSignedIn, PasswordChangeRequired, TooManyAttempts
from domain.errors import RuleViolation
from infrastructure.identity import CSRF_COOKIE, SESSION_ABSOLUTE, SESSION_COOKIE, address_of
from interfaces.http.context import runtime_of
from interfaces.web.guard import PUBLIC
from interfaces.web.i18n import LANG_COOKIE, LANGUAGES
from interfaces.web.render import render
from interfaces.web.session import identity_of, principal_of, safe_next


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
