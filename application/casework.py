"""Casework: the one eventsourcing Application holding every case, so the log is one sequence."""

from collections.abc import Callable, Sequence
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import EventStore, Notification, Recording

from application.errors import SaveTooLarge
from application.event_log import EventLog
from domain.agreement import Agreement
from domain.aid_shipment import AidShipment
from domain.contact import Contact
from domain.counterpart import Counterpart
from domain.engagement import Engagement
from domain.foi_request import FoiRequest
from domain.honorary_consul import HonoraryConsul
from domain.membership import Membership
from domain.partner import Partner
from domain.project import Project
from domain.sequence import ReferenceSequence
from domain.user_account import UserAccount
from domain.working_calendar import CalendarRegister

# The most one save may store: bounded units of work (issue 19). No command of the department
# comes near (a command stores 1-3 events, a reminder run at most a few hundred per case); a
# save beyond these is a defect or an attack and is refused whole, before anything is written,
# instead of holding the events table's lock while megabytes travel.
MAX_EVENTS_PER_SAVE = 2_000
MAX_BYTES_PER_SAVE = 8 * 1024 * 1024


class BoundedEventStore(EventStore[Any]):
    """The event store, refusing a save over MAX_EVENTS_PER_SAVE events or MAX_BYTES_PER_SAVE."""

    def put(self, domain_events: Sequence[DomainEventProtocol[Any]], **kwargs: Any) -> list[Any]:
        """Encode, check the save's size, then store the events in their aggregates' sequences."""
        if len(domain_events) > MAX_EVENTS_PER_SAVE:
            raise SaveTooLarge(len(domain_events), 0, MAX_EVENTS_PER_SAVE, MAX_BYTES_PER_SAVE)
        stored = [self.mapper.to_stored_event(e) for e in domain_events]
        size = sum(len(s.state) for s in stored)
        if size > MAX_BYTES_PER_SAVE:
            raise SaveTooLarge(len(stored), size, MAX_EVENTS_PER_SAVE, MAX_BYTES_PER_SAVE)
        ids = self.recorder.insert_events(stored, **kwargs)
        if not ids:
            return []
        return [
            Recording(
                d,
                Notification(
                    originator_id=s.originator_id,
                    originator_version=s.originator_version,
                    topic=s.topic,
                    state=s.state,
                    id=n,
                ),
            )
            for d, s, n in zip(domain_events, stored, ids, strict=True)
        ]


class Casework(Application[UUID]):
    """The department's event-sourced casework: partners, agreements, FOI requests, shipments."""

    name = "Pobratym"
    # Long-lived aggregates are snapshotted so loading stays fast after years of events.
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {
        Partner: 50,
        Agreement: 50,
        FoiRequest: 50,
        CalendarRegister: 50,
        AidShipment: 50,
        Engagement: 50,
        Project: 50,
        ReferenceSequence: 100,
        UserAccount: 50,
        Counterpart: 50,
        Contact: 50,
        HonoraryConsul: 50,
        Membership: 50,
    }

    def construct_event_store(self) -> EventStore[Any]:
        """The events' store, with the bound on one save."""
        return BoundedEventStore(mapper=self.mapper, recorder=self.recorder)

    @property
    def event_log(self) -> "EventLog":
        """Where a case's events are in the log (set by the composition root)."""
        log: EventLog | None = self.__dict__.get("_event_log")
        if log is None:
            raise RuntimeError("Casework.event_log is set by infrastructure.bootstrap.build")
        return log

    @event_log.setter
    def event_log(self, log: "EventLog") -> None:
        self.__dict__["_event_log"] = log

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
