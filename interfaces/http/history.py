"""GET /{cases}/{id}/history and ?version= | ?as_of= for every case type."""

from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec
from litestar import Request
from litestar.exceptions import ValidationException

from application.history import HistoryService
from infrastructure.eventlog import positions
from infrastructure.tokens import Principal
from interfaces.http.context import runtime_of

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
    """A case's events, oldest first."""

    case_id: UUID
    items: list[HistoryItem]


def history_of(request: Request[Any, Any, Any], case_cls: type[Any], case_id: UUID) -> History:
    """The history of one case of the given type (404 if there is none)."""
    rt = runtime_of(request)
    service = HistoryService(
        rt.app, rt.clock, positions=lambda cid: positions(rt.app.recorder, cid)
    )
    user = request.scope.get("user")
    hide = isinstance(user, Principal) and user.role in REDACTED_FOR
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
        for e in service.history(case_cls, case_id, hide_contacts=hide)
    ]
    return History(case_id=case_id, items=items)


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
