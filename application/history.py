"""The history of a case: its events, oldest first: who, when, what, why, and where in the log."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.utils import TopicError, resolve_topic

from application.casework import Casework
from application.clock import Clock
from application.errors import CaseNotFound
from application.service import CaseService, Policy, store_errors
from domain.describe import describe_both
from domain.facts import case_type_of, facts_of
from domain.personal_data import for_auditors, mask_contacts
from domain.sealed import SEALED_FIELD, hide_sealed

Positions = Callable[[UUID, int, int | None], Mapping[int, int]]
"""The log position of each version of a case after a version, at most a number of them
(infrastructure.eventlog.positions)."""


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
    position: int | None = None
    description: str = ""
    description_uk: str = ""


def entry_of(
    event: Any, position: int | None = None, hide_contacts: bool = False, erased: bool = False
) -> HistoryEntry:
    """Describe one stored domain event (with an FOI requester's contact details hidden).

    A person's sealed data is shown to nobody: "[sealed]", or "[erased]" once they are erased.
    """
    meta = getattr(event, "meta", None)
    facts = hide_sealed(facts_of(event), erased)
    note = getattr(meta, "note", None)
    if hide_contacts:
        # Requester contacts redacted, e-mails and phones typed into free text masked.
        facts, note, _ = for_auditors(facts, note, case_type_of(event))
    said = describe_both(type(event).__qualname__, facts)
    return HistoryEntry(
        version=event.originator_version,
        at=event.timestamp,
        type=type(event).__name__,
        actor=getattr(meta, "actor", None),
        note=note,
        correlation_id=getattr(meta, "correlation_id", None),
        facts=facts,
        position=position,
        description=mask_contacts(said.en) if hide_contacts else said.en,
        description_uk=mask_contacts(said.uk) if hide_contacts else said.uk,
    )


class HistoryService(CaseService):
    """Reads the stored events of one case."""

    def __init__(
        self,
        app: Casework,
        clock: Clock,
        policy: Policy | None = None,
        positions: Positions | None = None,
    ) -> None:
        super().__init__(app, clock, policy)
        self.positions = positions

    def history(
        self,
        cls: type[Any],
        case_id: UUID,
        hide_contacts: bool = False,
        after_version: int = 0,
        limit: int | None = None,
    ) -> list[HistoryEntry]:
        """The case's events after a version, oldest first, at most `limit` (404 if no case)."""
        with store_errors():
            first = list(self.app.events.get(case_id, limit=1))
            if not first or not _is_a(first[0], cls):
                raise CaseNotFound(cls.__name__, case_id)
            events = list(self.app.events.get(case_id, gt=after_version or None, limit=limit))
            where = self.positions(case_id, after_version, limit) if self.positions else {}
            erased = any(SEALED_FIELD in vars(e) for e in events) and self._erased(case_id)
        return [entry_of(e, where.get(e.originator_version), hide_contacts, erased) for e in events]

    def _erased(self, case_id: UUID) -> bool:
        """Whether the person of a case holding sealed data has been erased."""
        case: object = self.app.repository.get(case_id)
        return getattr(case, "erased_on", None) is not None


def _is_a(created: Any, cls: type[Any]) -> bool:
    """Whether a case's first event created a case of the given type."""
    topic = getattr(created, "originator_topic", None)
    if topic is None:
        return False
    try:
        return issubclass(resolve_topic(topic), cls)
    except (TopicError, TypeError):
        return False
