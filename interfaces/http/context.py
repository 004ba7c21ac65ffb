"""Per-request helpers: the caller, the request id, If-Match, ETag and case responses.

The request id (X-Request-ID, or one generated) is stored on every event a request writes,
echoed in the response, and stamped on every log line written while the request runs: the
middleware keeps it in a context variable and `RequestIdFilter` copies it onto each log record
(`%(request_id)s`; "-" outside a request). The middleware also writes one access line per
request to `pobratym.access`: method, path (never the query string, which may carry tokens or
personal data), status, duration. Headers are never logged. A request whose client hung up (or
was cut off for sending its body too slowly) is logged 499, never 5xx.
"""

import json
import logging
import re
import time
import uuid
from contextvars import ContextVar
from typing import Any

from litestar import Request, Response
from litestar.datastructures import State
from litestar.exceptions import ValidationException
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from application.service import Caller
from infrastructure.bootstrap import Runtime
from infrastructure.tokens import Principal

REQUEST_ID_HEADER = "x-request-id"
CLIENT_CLOSED = 499
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
MAX_LOGGED_PATH = 300
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"

CURRENT_REQUEST_ID: ContextVar[str | None] = ContextVar("pobratym_request_id", default=None)
access_log = logging.getLogger("pobratym.access")


class RequestIdFilter(logging.Filter):
    """Stamps each log record with the id of the request being served ("-" outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Add `record.request_id` (kept if the record already names one)."""
        if not hasattr(record, "request_id"):
            record.request_id = CURRENT_REQUEST_ID.get() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line (POBRATYM_LOG_FORMAT=json): time, level, logger, request id."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON line; a traceback goes in `exc_info` as text."""
        out = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info:
            out["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False)


def configure_logging(level: int = logging.INFO, log_format: str = "text") -> None:
    """Log to stderr with each line's request id (idempotent; keeps handlers already set up)."""
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        root.addHandler(handler)
    if log_format == "json":
        for handler in root.handlers:
            handler.setFormatter(JsonFormatter())
    for handler in root.handlers:
        if not any(isinstance(f, RequestIdFilter) for f in handler.filters):
            handler.addFilter(RequestIdFilter())
    logging.getLogger("pobratym").setLevel(level)
    # uvicorn's access line prints the query string; ours (pobratym.access) replaces it.
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)


def _printable(path: str) -> str:
    """A path safe to log on one line, and not too long."""
    text = "".join(c if c.isprintable() else "?" for c in path[:MAX_LOGGED_PATH])
    return text + ("..." if len(path) > MAX_LOGGED_PATH else "")


class RequestIdMiddleware:
    """Takes X-Request-ID (or makes one), keeps it for logs, echoes it, and logs the request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Wrap one request."""
        if scope["type"] != "http" or "request_id" in scope.get("state", {}):
            await self.app(scope, receive, send)  # not HTTP, or wrapped twice: done outside
            return
        given = dict(scope["headers"]).get(REQUEST_ID_HEADER.encode(), b"").decode("latin-1")
        request_id = given if _SAFE_ID.match(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        token = CURRENT_REQUEST_ID.set(request_id)
        started = time.perf_counter()
        status = 500  # if the app fails before it answers
        gone = False  # the client closed the connection (or was cut off for sending too slowly)

        async def watch_receive() -> Message:
            nonlocal gone
            message = await receive()
            if message["type"] == "http.disconnect":
                gone = True
            return message

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, watch_receive, send_with_id)
        finally:
            if gone and status >= 500:
                # Whatever failed failed because the client left: not a server error, so no
                # client can set off 5xx alerts by hanging up (nginx's 499, "client closed").
                status = CLIENT_CLOSED
            access_log.info(
                "%s %s %s %.1fms",
                scope.get("method", "?"),
                _printable(scope.get("path", "")),
                status,
                (time.perf_counter() - started) * 1000,
                extra={"request_id": request_id},
            )
            CURRENT_REQUEST_ID.reset(token)


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
    if not re.fullmatch(r"[0-9]{1,12}", value):
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
