"""GET /{cases}/{id}/history and ?version= | ?as_of= for every case type."""

import re
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Request
from litestar.exceptions import ValidationException
from litestar.params import Parameter

from application.history import HistoryService
from infrastructure.eventlog import positions
from infrastructure.tokens import Principal
from interfaces.http.context import runtime_of

DEFAULT_HISTORY_PAGE = 100
MAX_HISTORY_PAGE = 500

# Roles that read histories with an FOI requester's contact details blacked out.
REDACTED_FOR = frozenset({"auditor"})


class HistoryItem(msgspec.Struct):
    """One event in a case's history."""

    position: int | None
    version: int
    at: datetime
    type: str
    description: str
    description_uk: str
    actor: str | None
    note: str | None
    correlation_id: str | None
    facts: dict[str, Any]


class History(msgspec.Struct):
    """A page of a case's events, oldest first; next_cursor fetches the next page."""

    case_id: UUID
    items: list[HistoryItem]
    next_cursor: str | None


HistoryLimit = Annotated[
    int, Parameter(ge=1, le=MAX_HISTORY_PAGE, description="events per page (default 100)")
]
HistoryCursor = Annotated[
    str | None,
    Parameter(max_length=20, description="next_cursor of the previous page (a case version)"),
]


def history_of(
    request: Request[Any, Any, Any],
    case_cls: type[Any],
    case_id: UUID,
    limit: int = DEFAULT_HISTORY_PAGE,
    cursor: str | None = None,
) -> History:
    """A page of the history of one case of the given type (404 if there is none)."""
    if cursor is not None and not re.fullmatch(r"[0-9]{1,12}", cursor):
        message = "not a cursor this service made"
        raise ValidationException(
            f"cursor: {message}", extra=[{"key": "cursor", "message": message}]
        )
    after = int(cursor) if cursor is not None else 0
    rt = runtime_of(request)
    service = HistoryService(
        rt.app,
        rt.clock,
        positions=lambda cid, gt, most: positions(rt.app.recorder, cid, gt, most),
    )
    user = request.scope.get("user")
    hide = isinstance(user, Principal) and user.role in REDACTED_FOR
    entries = service.history(
        case_cls, case_id, hide_contacts=hide, after_version=after, limit=limit + 1
    )
    items = [
        HistoryItem(
            position=e.position,
            version=e.version,
            at=e.at,
            type=e.type,
            description=e.description,
            description_uk=e.description_uk,
            actor=e.actor,
            note=e.note,
            correlation_id=e.correlation_id,
            facts=e.facts,
        )
        for e in entries[:limit]
    ]
    more = len(entries) > limit
    return History(
        case_id=case_id, items=items, next_cursor=str(items[-1].version) if more else None
    )


def version_asked(
    request: Request[Any, Any, Any],
    case_cls: type[Any],
    case_id: UUID,
    version: int | None,
    as_of: datetime | None,
) -> int | None:
    """The version named by ?version=N or ?as_of=<datetime> (400 if both), None for now."""
    if version is not None and as_of is not None:
        raise ValidationException("give version or as_of, not both")
    if as_of is None:
        return version
    rt = runtime_of(request)
    return HistoryService(rt.app, rt.clock).version_at(case_cls, case_id, as_of)
