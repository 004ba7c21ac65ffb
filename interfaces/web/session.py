"""Who is using the console: the accounts module's session cookie, checked on every page.

Pages are outside the API's bearer middleware (`exclude_from_auth`), so a browser without a
session is sent to the sign-in page instead of getting a 401 problem. A form (POST) must carry
the session's CSRF token as the hidden field `csrf_token`; the check itself is the accounts
module's (`Identity.session_principal`), the same one the API runs for cookie requests.
"""

from typing import Any
from urllib.parse import quote

import anyio
from litestar import Request

from application.errors import Forbidden, NotSignedIn
from application.service import Caller
from infrastructure.identity import CSRF_COOKIE, SESSION_COOKIE, Identity
from infrastructure.tokens import Principal
from interfaces.http.context import request_id, runtime_of

CSRF_FIELD = "csrf_token"
SIGN_IN = "/console/sign-in"
WRITERS = frozenset({"clerk", "manager", "admin"})
MANAGERS = frozenset({"manager", "admin"})


def identity_of(request: Request[Any, Any, Any]) -> Identity:
    """The accounts module's identity service."""
    return runtime_of(request).identity


async def principal_of(request: Request[Any, Any, Any]) -> Principal | None:
    """The signed-in principal of a GET, or None (no, expired or revoked session)."""
    session = request.cookies.get(SESSION_COOKIE)
    if not session:
        return None
    identity = identity_of(request)
    try:
        return await anyio.to_thread.run_sync(identity.session_principal, session, None, "GET")
    except NotSignedIn:
        return None


async def form_principal(request: Request[Any, Any, Any]) -> tuple[Principal, dict[str, str]]:
    """The principal of a form post and its fields; NotSignedIn, or Forbidden (CSRF)."""
    session = request.cookies.get(SESSION_COOKIE)
    if not session:
        raise NotSignedIn("sign in first")
    form = await request.form()
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    csrf = fields.pop(CSRF_FIELD, None) or None
    identity = identity_of(request)
    principal = await anyio.to_thread.run_sync(identity.session_principal, session, csrf, "POST")
    return principal, fields


def csrf_token_of(request: Request[Any, Any, Any]) -> str:
    """The session's CSRF token, as the accounts module set it in its readable cookie."""
    return request.cookies.get(CSRF_COOKIE, "")


def caller_for(request: Request[Any, Any, Any], principal: Principal, note: str | None) -> Caller:
    """The acting user of a form, with the request's id (never taken from the form)."""
    return Caller(
        actor=principal.subject,
        role=principal.role,
        note=note or None,
        correlation_id=request_id(request),
    )


def sign_in_url(next_path: str) -> str:
    """The sign-in page, coming back to `next_path` afterwards."""
    return f"{SIGN_IN}?next={quote(next_path, safe='/')}"


def safe_next(value: str | None) -> str:
    """Only a path of the console itself (no open redirect)."""
    if value and value.startswith("/console/") and "//" not in value and "\\" not in value:
        return value
    return "/console/today"


def refuse(role: str, allowed: frozenset[str]) -> None:
    """Forbidden unless the role is among the allowed ones (a forged form gets 403)."""
    if role not in allowed:
        raise Forbidden(f"role '{role}' may not do this; allowed: {', '.join(sorted(allowed))}")
