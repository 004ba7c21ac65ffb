"""What `GET /audit/events` asks the audit-trail read model, and what it answers.

The read side owns its query types. `projections.audit_trail` implements `AuditTrail`
(`AuditTrailReader`): one row per event, in log
order, with the record fields of an audit export (position, time, case_id, case_type, version,
type, description, actor, note, correlation_id, facts), the facts passed through
`domain.personal_data.for_auditors` before they are stored, since auditors never see an FOI
requester's contact details. `interfaces/http/audit.py` serves it from `AuditController`
(guarded like the other audit endpoints, accepting `min_position`). `type` is an event's name
("Signed") or qualified by its case type ("Agreement.Signed"); `since` is inclusive, `until`
exclusive.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID


@dataclass(frozen=True)
class AuditTrailQuery:
    """GET /audit/events?actor=&case_id=&case_type=&type=&from=&to=&limit=&cursor=."""

    actor: str | None = None
    case_id: UUID | None = None
    case_type: str | None = None
    type: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 50
    cursor: str | None = None


@dataclass(frozen=True)
class AuditTrailPage:
    """One page of the trail, oldest first, and the cursor of the next."""

    items: list[dict[str, Any]]
    next_cursor: str | None


class AuditTrail(Protocol):
    """The audit-trail read model."""

    def events(self, query: AuditTrailQuery) -> AuditTrailPage:
        """The events matching a query, in log order."""
        ...
