"""The port for what the library API does not answer: where a case is in the log.

The adapter that knows the stored tables' layout is `infrastructure/eventlog.py` (the only
module that does); the composition root puts it on `Casework.event_log`.
"""

from collections.abc import Mapping
from typing import Protocol
from uuid import UUID


class EventLog(Protocol):
    """Log positions of a case's events."""

    def last_position(self, case_id: UUID) -> int | None:
        """The log position of the case's newest event (None for an unknown case)."""
        ...

    def positions(
        self, case_id: UUID, after: int = 0, limit: int | None = None
    ) -> Mapping[int, int]:
        """Each version's log position after a version, oldest first, at most `limit` of them."""
        ...
