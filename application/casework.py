"""Casework: the one eventsourcing Application holding every case, so the log is one sequence."""

from typing import Any, ClassVar

from eventsourcing.application import Application

from domain.agreement import Agreement
from domain.partner import Partner
from domain.sequence import ReferenceSequence


class Casework(Application):
    """The department's event-sourced casework: partners, agreements, FOI requests, shipments."""

    name = "Pobratym"
    # Long-lived aggregates are snapshotted so loading stays fast after years of events.
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {
        Partner: 50,
        Agreement: 50,
        ReferenceSequence: 100,
    }

    @property
    def position(self) -> int:
        """The log position of the newest event (0 for an empty log)."""
        return self.recorder.max_notification_id() or 0
