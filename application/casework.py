"""Casework: the one eventsourcing Application holding every case, so the log is one sequence."""

from collections.abc import Callable
from typing import Any, ClassVar

from eventsourcing.application import Application

from domain.agreement import Agreement
from domain.aid_shipment import AidShipment
from domain.foi_request import FoiRequest
from domain.partner import Partner
from domain.sequence import ReferenceSequence
from domain.working_calendar import CalendarRegister


class Casework(Application):
    """The department's event-sourced casework: partners, agreements, FOI requests, shipments."""

    name = "Pobratym"
    # Long-lived aggregates are snapshotted so loading stays fast after years of events.
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {
        Partner: 50,
        Agreement: 50,
        FoiRequest: 50,
        CalendarRegister: 50,
        AidShipment: 50,
        ReferenceSequence: 100,
    }

    @property
    def position(self) -> int:
        """The log position of the newest event (0 for an empty log)."""
        return self.recorder.max_notification_id() or 0

    def on_saved(self, listener: Callable[[], None]) -> None:
        """Call `listener` after every save (the in-process projection engine wakes on it)."""
        self.__dict__.setdefault("_saved_listeners", []).append(listener)

    def _notify(self, recordings: list[Any]) -> None:
        for listener in self.__dict__.get("_saved_listeners", ()):
            listener()
