"""The console's door: a page needs a session (else the sign-in page), a form its CSRF token."""

from typing import Any

from litestar import Request, Response
from litestar.response import Redirect

from application.errors import Forbidden, NotSignedIn, TooManyAttempts
from interfaces.http.problems import build_problem
from interfaces.web.document_section import UPLOAD
from interfaces.web.render import render
from interfaces.web.session import form_principal, principal_of, sign_in_url

PUBLIC = "public"  # a handler opt: the sign-in page and the language switch need no session


async def signed_in(request: Request[Any, Any, Any]) -> Response[Any] | None:
    """Put the principal on the request; a GET without a session goes to the sign-in page."""
    if request.route_handler.opt.get(PUBLIC) or request.route_handler.opt.get(UPLOAD):
        return None  # an upload checks its session and token once its stream is read
    if request.method == "POST":
        principal, fields = await form_principal(request)  # NotSignedIn / CsrfRefused raise
        request.scope["user"] = principal
        request.state.form = fields
        return None
    principal = await principal_of(request)
    if principal is None:
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return Redirect(sign_in_url(here), status_code=303)
    request.scope["user"] = principal
    return None


def error_page(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    """An error as a page in the reader's language, with the API's status and reason."""
    if isinstance(error, NotSignedIn) and request.method == "GET":
        return Redirect(sign_in_url(request.url.path), status_code=303)
    problem, headers = build_problem(error, request.url.path)
    page = render(request, "error.html", problem.status, problem=problem)
    page.headers.update(headers)
    if isinstance(error, TooManyAttempts | Forbidden | NotSignedIn):
        page.headers.pop("WWW-Authenticate", None)
    return page
