"""One table from every error to its RFC 9457 problem+json answer (API.md status table)."""

import logging
import re
from dataclasses import dataclass
from typing import Any

import msgspec
import psycopg
from eventsourcing.persistence import InterfaceError as StoreInterfaceError
from eventsourcing.persistence import OperationalError as StoreOperationalError
from litestar import Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    PermissionDeniedException,
    ValidationException,
)
from sqlalchemy.exc import DataError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from application.errors import (
    AccountDisabled,
    AccountExists,
    CaseNotFound,
    ConcurrentWrite,
    CsrfRefused,
    DocumentGone,
    DocumentNotFound,
    DuplicatePartner,
    FileTooLarge,
    Forbidden,
    NoRoleFromProvider,
    NotSignedIn,
    PasswordChangeRequired,
    RoleNotHeld,
    SaveTooLarge,
    SingleSignOnConflict,
    SingleSignOnRefused,
    SingleSignOnUnavailable,
    StoreUnavailable,
    TooManyAttempts,
    VersionMismatch,
)
from domain.case_types import url_of
from domain.documents import DocumentMissing
from domain.errors import RuleViolation, TransitionNotAllowed
from infrastructure.feed_tokens import FeedTokenLimit
from projections.reads import (
    BadReadQuery,
    ReadModelLagging,
    ReadModelStopped,
    ReadTimedOut,
    ReadWaitersFull,
)

log = logging.getLogger("pobratym.http")

PROBLEM_JSON = "application/problem+json"
# The largest request body the API reads (app.py passes it to Litestar; 413 names it).
MAX_BODY_BYTES = 1_048_576


class ProblemField(msgspec.Struct):
    """One field a request got wrong."""

    field: str
    message: str


class Problem(msgspec.Struct, omit_defaults=True):
    """An RFC 9457 problem details body."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[ProblemField] = []
    instance: str | None = None
    # A duplicate partner (409): the partner already registered, and where to find it.
    existing_id: str | None = None
    existing: str | None = None


@dataclass(frozen=True)
class Rule:
    """How one kind of error is answered."""

    error: type[BaseException]
    status: int
    slug: str
    title: str


class IdempotencyKeyReused(Exception):
    """The same Idempotency-Key came with a different body (API: 422)."""


class IdempotencyInProgress(Exception):
    """A request with the same Idempotency-Key is still being processed (API: 409)."""


class BodyTooLarge(Exception):
    """The request body exceeds the configured limit (API: 413)."""


# Order matters: the first matching row wins, so subclasses come before their bases.
PROBLEMS: tuple[Rule, ...] = (
    Rule(ValidationException, 400, "invalid-request", "The request does not fit the schema"),
    Rule(BadReadQuery, 400, "invalid-request", "The request does not fit the schema"),
    Rule(NotAuthorizedException, 401, "unauthenticated", "Missing, invalid or expired token"),
    Rule(AccountDisabled, 401, "account-disabled", "The account is disabled"),
    Rule(SingleSignOnRefused, 401, "sso-refused", "The identity provider's answer was refused"),
    Rule(NotSignedIn, 401, "unauthenticated", "Missing, invalid or expired credentials"),
    Rule(PermissionDeniedException, 403, "forbidden", "Your role may not do this"),
    Rule(RoleNotHeld, 403, "role-not-held", "The account no longer holds this role"),
    Rule(CsrfRefused, 403, "csrf-refused", "CSRF token missing or wrong"),
    Rule(PasswordChangeRequired, 403, "password-change-required", "Change your password"),
    Rule(NoRoleFromProvider, 403, "sso-no-role", "No group of yours maps to a role"),
    Rule(Forbidden, 403, "forbidden", "Your role may not do this"),
    Rule(CaseNotFound, 404, "not-found", "No such case"),
    Rule(DocumentNotFound, 404, "document-not-found", "No such document on this case"),
    Rule(DocumentMissing, 404, "document-not-found", "No such document on this case"),
    Rule(DocumentGone, 410, "document-withdrawn", "The document was withdrawn"),
    Rule(TransitionNotAllowed, 409, "transition-not-allowed", "Not allowed in the current status"),
    Rule(AccountExists, 409, "account-exists", "An account with that login exists"),
    Rule(SingleSignOnConflict, 409, "sso-conflict", "The login belongs to an unlinked account"),
    Rule(DuplicatePartner, 409, "duplicate-partner", "A partner of that name exists"),
    Rule(ConcurrentWrite, 409, "concurrent-write", "Another change was saved first"),
    Rule(IdempotencyInProgress, 409, "idempotency-in-progress", "Same key still in progress"),
    Rule(VersionMismatch, 412, "version-mismatch", "The case has moved on"),
    Rule(BodyTooLarge, 413, "body-too-large", "The request body is too large"),
    Rule(FileTooLarge, 413, "file-too-large", "The file is too large"),
    Rule(RuleViolation, 422, "rule-violation", "A rule refuses these facts"),
    # A small request whose change would be too large to store at once: a rule refuses it, so
    # 422 (413 would blame the request body, which may be tiny).
    Rule(SaveTooLarge, 422, "save-too-large", "Too much to store in one change"),
    Rule(FeedTokenLimit, 422, "feed-token-limit", "Too many active feed tokens"),
    Rule(IdempotencyKeyReused, 422, "idempotency-key-reused", "Key reused with another body"),
    Rule(TooManyAttempts, 429, "too-many-attempts", "Too many failed sign-ins"),
    Rule(ReadModelStopped, 503, "read-model-stopped", "A read model is stopped"),
    Rule(ReadWaitersFull, 503, "read-waiters-full", "Too many reads are waiting"),
    Rule(ReadTimedOut, 503, "read-timeout", "The read took too long"),
    Rule(ReadModelLagging, 503, "read-model-lagging", "The read models are catching up"),
    Rule(StoreUnavailable, 503, "store-unavailable", "The database is unavailable"),
    Rule(SingleSignOnUnavailable, 503, "sso-unavailable", "The identity provider is unreachable"),
    Rule(OperationalError, 503, "store-unavailable", "The database is unavailable"),
    Rule(PoolTimeout, 503, "store-unavailable", "The database is unavailable"),
    Rule(InterfaceError, 503, "store-unavailable", "The database is unavailable"),
    # Input the database itself refuses (out-of-range values) is the client's, not an outage.
    Rule(DataError, 400, "invalid-request", "The request does not fit the schema"),
    Rule(psycopg.DataError, 400, "invalid-request", "The request does not fit the schema"),
    # Dates or numbers beyond what the calendar and Python can represent; deeply nested JSON.
    Rule(OverflowError, 400, "invalid-request", "The request does not fit the schema"),
    Rule(RecursionError, 400, "invalid-request", "The request does not fit the schema"),
    # The event store's own connection errors (ConnectionUnavailableError is one) and
    # psycopg's, including psycopg_pool.PoolTimeout, when they escape the application layer.
    Rule(StoreOperationalError, 503, "store-unavailable", "The database is unavailable"),
    Rule(StoreInterfaceError, 503, "store-unavailable", "The database is unavailable"),
    Rule(psycopg.OperationalError, 503, "store-unavailable", "The database is unavailable"),
    Rule(psycopg.InterfaceError, 503, "store-unavailable", "The database is unavailable"),
)
# These answer with a fixed detail: driver messages name hosts and ports.
_UNAVAILABLE = (
    StoreUnavailable,
    OperationalError,
    InterfaceError,
    PoolTimeout,
    StoreOperationalError,
    StoreInterfaceError,
    psycopg.OperationalError,
    psycopg.InterfaceError,
)

RETRY_AFTER_SECONDS = {503: "2"}

# Errors raised by the framework itself (malformed JSON, unknown route, wrong method, ...).
HTTP_FALLBACK = {
    400: ("invalid-request", "The request does not fit the schema"),
    404: ("not-found", "No such resource"),
    405: ("method-not-allowed", "Method not allowed"),
    410: ("gone", "Gone"),
    413: ("body-too-large", "The request body is too large"),
    415: ("unsupported-media-type", "Send application/json"),
    429: ("too-many-requests", "Too many requests"),
}
_FIELD_IN_MESSAGE = re.compile(r"^(?P<field>[a-z_]+): ")
_QUERY_IN_TEXT = re.compile(r"(/[^\s?]*)\?\S*")
_UNKNOWN_FIELD = re.compile(r"unknown field `(?P<field>[^`]+)`")


def problem_type(slug: str) -> str:
    """The problem type URI."""
    return f"urn:pobratym:problem:{slug}"


def rule_for(error: BaseException) -> Rule | None:
    """The first row of the table that matches the error."""
    for rule in PROBLEMS:
        if isinstance(error, rule.error):
            return rule
    return None


def _field_errors(error: BaseException) -> list[ProblemField]:
    if isinstance(error, RuleViolation):
        return [ProblemField(p.field, p.message) for p in error.problems]
    if isinstance(error, BadReadQuery):
        return [ProblemField(error.key, error.message)]
    if isinstance(error, ValidationException) and isinstance(error.extra, list):
        out = []
        for item in error.extra:
            if isinstance(item, dict):
                key = str(item.get("key") or item.get("source") or "body")
                message = str(item.get("message", ""))
                found = _FIELD_IN_MESSAGE.match(message) or _UNKNOWN_FIELD.search(message)
                if key == "data" and found:
                    key = found.group("field")
                out.append(ProblemField(key, message))
        return out
    return []


def _detail(error: BaseException) -> str:
    if isinstance(error, FileTooLarge):
        return str(error)
    if isinstance(error, BodyTooLarge) or getattr(error, "status_code", None) == 413:
        return f"the request body exceeds the limit of {MAX_BODY_BYTES} bytes (1 MiB)"
    if isinstance(error, HTTPException):
        # Litestar names the URL ("Validation failed for GET /path?query"): a query string may
        # carry a feed token or personal data, so it never reaches a problem body.
        return _QUERY_IN_TEXT.sub(r"\1", str(error.detail))
    if isinstance(error, RuleViolation):
        return error.message
    if isinstance(error, _UNAVAILABLE):
        return "the database cannot be reached; retry shortly"
    if isinstance(error, DataError | psycopg.DataError):
        return "a value is out of range or holds characters the database refuses (such as NUL)"
    if isinstance(error, OverflowError | RecursionError):
        return "a value is out of range, or the body is nested too deeply"
    return str(error) or type(error).__name__


def build_problem(error: BaseException, path: str | None = None) -> tuple[Problem, dict[str, str]]:
    """The problem body and extra headers for any error; unknown errors are logged as 500."""
    rule = rule_for(error)
    if rule is None and isinstance(error, HTTPException):
        slug, title = HTTP_FALLBACK.get(error.status_code, ("http-error", "HTTP error"))
        rule = Rule(HTTPException, error.status_code, slug, title)
    if rule is None:
        log.error("unhandled error", exc_info=error)
        rule = Rule(Exception, 500, "internal-error", "Internal error")
        detail = "an unexpected error occurred; it has been logged"
    else:
        detail = _detail(error)
    body = Problem(
        type=problem_type(rule.slug),
        title=rule.title,
        status=rule.status,
        detail=detail,
        errors=_field_errors(error),
        instance=path,
    )
    headers: dict[str, str] = {}
    if isinstance(error, DuplicatePartner):
        body.existing_id = str(error.existing_id)
        body.existing = url_of("partner", error.existing_id)
        headers["Location"] = body.existing
    if rule.status == 503:
        headers["Retry-After"] = RETRY_AFTER_SECONDS[503]
    if isinstance(error, TooManyAttempts):
        headers["Retry-After"] = str(error.retry_after)
    if isinstance(error, HTTPException) and error.status_code == 405 and error.headers:
        # RFC 9110 §15.5.6: a 405 names the methods the resource does allow.
        allow = {k.lower(): v for k, v in error.headers.items()}.get("allow")
        if allow:
            headers["Allow"] = allow
    if rule.status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="pobratym"'
    return body, headers


def problem_response(
    error: BaseException, request: Request[Any, Any, Any] | None = None
) -> Response[Problem]:
    """Render any error as a problem+json response."""
    body, headers = build_problem(error, str(request.url.path) if request is not None else None)
    return Response(body, status_code=body.status, media_type=PROBLEM_JSON, headers=headers)


def handle(request: Request[Any, Any, Any], error: Exception) -> Response[Problem]:
    """Litestar exception handler for every exception."""
    return problem_response(error, request)
