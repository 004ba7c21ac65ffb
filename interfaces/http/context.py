"""Per-request helpers: the caller, the request id, If-Match, ETag and case responses."""

import re
import uuid
from typing import Any

from litestar import Request, Response
from litestar.datastructures import State
from litestar.exceptions import ValidationException
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from application.service import Caller
from infrastructure.bootstrap import Runtime
from infrastructure.tokens import Principal

REQUEST_ID_HEADER = "x-request-id"
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


class RequestIdMiddleware:
    """Takes X-Request-ID (or makes one), keeps it on the scope and echoes it on the response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Wrap one request."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(REQUEST_ID_HEADER.encode(), b"").decode("latin-1")
        request_id = given if _SAFE_ID.match(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_id)


def runtime_of(request: Request[Any, Any, Any]) -> Runtime:
    """The runtime the app was built with."""
    state: State = request.app.state
    return state.runtime


def request_id(request: Request[Any, Any, Any]) -> str:
    """The request's correlation id."""
    return str(request.scope.get("state", {}).get("request_id") or uuid.uuid4().hex)


def caller(request: Request[Any, Any, Any], note: str | None = None) -> Caller:
    """The acting user, from the token (never from the body), with the request's id."""
    user: Principal = request.user
    return Caller(actor=user.subject, role=user.role, note=note, correlation_id=request_id(request))


def expected_version(request: Request[Any, Any, Any]) -> int | None:
    """The version named by If-Match ("3", W/"3" or 3), or None."""
    raw = request.headers.get("if-match")
    if raw is None:
        return None
    value = raw.strip().removeprefix("W/").strip('"')
    if not value.isdigit():
        raise ValidationException(
            'If-Match must name a case version, such as "3"',
            extra=[{"key": "If-Match", "message": "expected a quoted version number"}],
        )
    return int(value)


def case_response(
    body: Any, version: int, status_code: int = 200, location: str | None = None
) -> Response[Any]:
    """A case body with its ETag (and Location for a creation)."""
    headers = {"ETag": f'"{version}"'}
    if location:
        headers["Location"] = location
    return Response(body, status_code=status_code, headers=headers)
