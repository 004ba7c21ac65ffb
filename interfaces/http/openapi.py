"""The OpenAPI contract, finished in one place: problem+json errors, headers, summaries.

Litestar generates the operations from the handlers; this adds what every operation shares
(API.md's status table) after generation, so no controller repeats it: one `Problem` schema
answered as `application/problem+json`, the statuses each kind of operation can answer, the
`Idempotency-Key` and `If-Match` request headers of commands, `ETag`/`Location` on case
answers, `Retry-After` on 503 and 429, and a one-line summary from each handler's docstring.
"""

import copy
import re
from typing import Any

from litestar import Request
from litestar.openapi.plugins import JsonRenderPlugin, ScalarRenderPlugin

from interfaces.http.problems import PROBLEM_JSON

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "An RFC 9457 problem details body (API.md's status table).",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "description": "urn:pobratym:problem:<slug>"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
        "instance": {"type": "string"},
        "existing_id": {"type": "string", "description": "409 duplicate-partner: its id"},
        "existing": {"type": "string", "description": "409 duplicate-partner: its URL"},
    },
}
MEANING = {
    "400": "The request does not fit the schema",
    "401": "Missing, invalid or expired credentials",
    "403": "Your role may not do this",
    "404": "No such case or resource",
    "409": "The case's status forbids this, or another change was saved first",
    "412": "Stale If-Match: the case has moved on",
    "413": "The request body is too large",
    "415": "The body is not application/json",
    "422": "A rule refuses these facts",
    "429": "Too many attempts; retry after Retry-After seconds",
    "503": "The database is unavailable or the read models are catching up; retry later",
}
RETRY_AFTER = {
    "description": "Seconds to wait before retrying",
    "schema": {"type": "string"},
}
ETAG = {"description": "The case's version, for If-Match", "schema": {"type": "string"}}
LOCATION = {"description": "The URL of the created case", "schema": {"type": "string"}}
IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "Replays the first answer for the same key and body; another body is 422",
    "schema": {"type": "string", "maxLength": 200},
}
IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": False,
    "description": "The ETag last read: a stale one is refused with 412",
    "schema": {"type": "string"},
}
ANONYMOUS = re.compile(r"^/(health|schema|metrics)")
_CASE = re.compile(
    r"^/(partners|agreements|foi-requests|shipments|engagements|projects)/\{[a-z_]+\}"
)


def problem_response(status: str) -> dict[str, Any]:
    """One problem+json response object."""
    out: dict[str, Any] = {
        "description": MEANING[status],
        "content": {PROBLEM_JSON: {"schema": copy.deepcopy(PROBLEM_REF)}},
    }
    if status in ("503", "429"):
        out["headers"] = {"Retry-After": copy.deepcopy(RETRY_AFTER)}
    return out


def statuses(path: str, method: str, op: dict[str, Any]) -> list[str]:
    """The problem statuses an operation can answer (API.md's table)."""
    out = ["400", "503"]
    if not ANONYMOUS.match(path):  # the open sign-in routes and the feed check their own
        out += ["401", "403"]
    if "{" in path or path.startswith("/deadlines.ics"):
        out.append("404")
    if method == "post":
        out += ["409", "422"]
        if "{" in path:
            out.append("412")
    if "requestBody" in op:
        out += ["413", "415"]
    if path.startswith("/auth/"):
        out.append("429")
    if path.startswith("/auth/sso/"):  # 404 while single sign-on is off; refused, no role, conflict
        out += ["401", "403", "404", "409"]
    return sorted(set(out))


def _summary(op: dict[str, Any]) -> None:
    text = (op.get("description") or "").strip()
    if text:
        first = text.splitlines()[0].strip().rstrip(".")
        op["summary"] = first if len(first) <= 120 else first[:117] + "..."


def _parameter(op: dict[str, Any], param: dict[str, Any]) -> None:
    params = op.setdefault("parameters", [])
    if not any(p.get("name", "").lower() == param["name"].lower() for p in params):
        params.append(copy.deepcopy(param))


def finish(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the shared parts to a generated schema (in place, idempotent; also returned)."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    for path, item in schema.get("paths", {}).items():
        for method, op in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            _summary(op)
            responses = op.setdefault("responses", {})
            if "204" in responses:  # No Content has no body (Litestar documents a JSON one)
                responses["204"].pop("content", None)
            for status in statuses(path, method, op):
                responses[status] = problem_response(status)
            if method == "post":
                _parameter(op, IDEMPOTENCY_KEY)
                if "{" in path:
                    _parameter(op, IF_MATCH)
            if _CASE.match(path) or (method == "post" and path.count("/") == 1):
                for status, answer in responses.items():
                    if status.startswith("2"):
                        headers = answer.setdefault("headers", {})
                        headers.setdefault("ETag", copy.deepcopy(ETAG))
                        if status == "201":
                            headers.setdefault("Location", copy.deepcopy(LOCATION))
    return schema


class FinishedJson(JsonRenderPlugin):
    """/schema/openapi.json, finished."""

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        """Finish the app's cached schema (idempotent), then render it."""
        return super().render(request, finish(openapi_schema))


# The page's script is vendored and pinned (served by the app at /assets/): a council network
# without internet gets the page too. Scalar is MIT-licensed (interfaces/http/static/NOTICE).
SCALAR_VERSION = "1.46.4"
ASSETS_PATH = "/assets"


class FinishedScalar(ScalarRenderPlugin):
    """The Scalar reference page (/schema), over the finished schema, from vendored assets."""

    def __init__(self) -> None:
        super().__init__(
            js_url=f"{ASSETS_PATH}/scalar-api-reference-{SCALAR_VERSION}.js",
            css_url=f"{ASSETS_PATH}/scalar.css",
        )

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        """Finish the app's cached schema (idempotent), then render it."""
        return super().render(request, finish(openapi_schema))
