"""The history of a case: its events, oldest first, with who, when, what and why."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from application.errors import CaseNotFound
from application.service import CaseService, store_errors

_BASE_FIELDS = {"originator_id", "originator_version", "timestamp", "meta", "originator_topic"}


@dataclass(frozen=True)
class HistoryEntry:
    """One event of a case, as an auditor reads it."""

    version: int
    at: datetime
    type: str
    actor: str | None
    note: str | None
    correlation_id: str | None
    facts: dict[str, Any]


def entry_of(event: Any) -> HistoryEntry:
    """Describe one stored domain event."""
    meta = getattr(event, "meta", None)
    facts = {k: v for k, v in vars(event).items() if k not in _BASE_FIELDS}
    return HistoryEntry(
        version=event.originator_version,
        at=event.timestamp,
        type=type(event).__name__,
        actor=getattr(meta, "actor", None),
        note=getattr(meta, "note", None),
        correlation_id=getattr(meta, "correlation_id", None),
        facts=facts,
    )


class HistoryService(CaseService):
    """Reads the stored events of one case."""

    def history(self, cls: type[Any], case_id: UUID) -> list[HistoryEntry]:
        """Every event of the case, oldest first (404 if there is no such case)."""
        self.get(cls, case_id)
        with store_errors():
            events = list(self.app.events.get(case_id))
        if not events:
            raise CaseNotFound(cls.__name__, case_id)
        return [entry_of(e) for e in events]
