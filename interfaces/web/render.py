"""Rendering a console page: the template, the reader's language, who is signed in, CSRF."""

from typing import Any
from zoneinfo import ZoneInfo

from litestar import Request
from litestar.response import Template

from infrastructure.tokens import Principal
from interfaces.http.context import runtime_of
from interfaces.web.i18n import LANG_COOKIE, language_of, translations
from interfaces.web.session import WRITERS, csrf_token_of

AUDITORS = frozenset({"auditor", "manager", "admin"})
NO_STORE = {"Cache-Control": "no-store", "Content-Language": ""}


def lang_of(request: Request[Any, Any, Any]) -> str:
    """The reader's language (cookie), Ukrainian by default."""
    return language_of(request.cookies.get(LANG_COOKIE))


def render(
    request: Request[Any, Any, Any], name: str, status_code: int = 200, **context: Any
) -> Template:
    """A page in the reader's language; never cached (it shows one person's work)."""
    lang = lang_of(request)
    t = translations(lang)
    user = request.scope.get("user")
    principal = user if isinstance(user, Principal) else None
    return Template(
        template_name=name,
        context={
            "_": t.gettext,
            "ngettext": t.ngettext,
            "lang": lang,
            "user": principal,
            "writer": bool(principal and principal.roles & WRITERS),
            "auditor": bool(principal and principal.roles & AUDITORS),
            "csrf": csrf_token_of(request) if principal else "",
            "zone": ZoneInfo(runtime_of(request).settings.timezone),
            "here": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
            **context,
        },
        status_code=status_code,
        headers={**NO_STORE, "Content-Language": lang},
        media_type="text/html",
    )
