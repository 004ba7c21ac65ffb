"""GET /{cases}/{id}/history for every case type."""

from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec
from litestar import Request

from application.history import HistoryService
from interfaces.http.context import runtime_of


class HistoryItem(msgspec.Struct):
    """One event in a case's history."""

    version: int
    at: datetime
    type: str
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
    entries = HistoryService(rt.app, rt.clock).history(case_cls, case_id)
    items = [
        HistoryItem(
            e.version,
            e.at,
            e.type,
            e.actor,
            e.note,
            e.correlation_id,
            msgspec.to_builtins(e.facts),
        )
        for e in entries
    ]
    return History(case_id=case_id, items=items)
