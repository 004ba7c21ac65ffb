"""Refuses a request body that is not declared JSON on the JSON API (415 problem+json)."""

from litestar.exceptions import HTTPException
from litestar.types import ASGIApp, Receive, Scope, Send

from interfaces.http.idempotency import send_problem

BODY_METHODS = ("POST", "PUT", "PATCH")
FORM_PATHS = "/console/"  # the staff console posts HTML forms (interfaces/web)


class UnsupportedMediaType(HTTPException):
    """The body's Content-Type is not JSON (API: 415)."""

    status_code = 415


def is_json(content_type: bytes) -> bool:
    """Whether a Content-Type names JSON (application/json or a +json type, any parameters)."""
    kind = content_type.split(b";", 1)[0].strip().lower()
    return kind == b"application/json" or (
        kind.startswith(b"application/") and kind.endswith(b"+json")
    )


def is_upload(scope: Scope) -> bool:
    """A file upload (multipart/form-data to a documents resource): streamed by its handler,
    which checks the file itself (issue 18), so the JSON-body middlewares let it through."""
    if not str(scope.get("path", "")).rstrip("/").endswith("/documents"):
        return False
    headers = dict(scope.get("headers", []))
    kind = headers.get(b"content-type", b"").split(b";", 1)[0].strip().lower()
    return kind == b"multipart/form-data"


class JsonBodyMiddleware:
    """A body sent as text/plain or a form is refused before it is parsed as JSON anyway."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the Content-Type of a request that carries a body."""
        if (
            scope["type"] == "http"
            and scope["method"] in BODY_METHODS
            and not scope.get("path", "").startswith(FORM_PATHS)
        ):
            headers = dict(scope.get("headers", []))
            length = headers.get(b"content-length", b"")
            has_body = (length.isdigit() and int(length) > 0) or b"transfer-encoding" in headers
            if has_body and not is_json(headers.get(b"content-type", b"")) and not is_upload(scope):
                detail = "the body must be sent as Content-Type: application/json"
                await send_problem(scope, receive, send, UnsupportedMediaType(detail=detail))
                return
        await self.app(scope, receive, send)
