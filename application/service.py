"""The shape every use case shares: load, one domain call, save; errors made meaningful."""

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import BaseAggregate, CanMutateAggregate
from eventsourcing.persistence import (
    IntegrityError,
    InterfaceError,
    OperationalError,
    PersistenceError,
)

from application.casework import Casework
from application.clock import Clock
from application.errors import CaseNotFound, ConcurrentWrite, StoreUnavailable, VersionMismatch
from domain.meta import Ctx
from domain.reminders import SYSTEM
from domain.sequence import ReferenceSequence, sequence_id

A = TypeVar("A", bound=BaseAggregate[UUID])
R = TypeVar("R")


@dataclass(frozen=True)
class Caller:
    """Who sends a command and why: the token's subject, an optional note, the request id."""

    actor: str
    role: str = "clerk"
    note: str | None = None
    correlation_id: str | None = None


@dataclass(frozen=True)
class Policy:
    """Settings that rules depend on."""

    blocked_countries: frozenset[str] = field(default_factory=lambda: frozenset({"RU"}))


@dataclass(frozen=True)
class Saved:
    """A command's result: the changed case and the log position of its last event."""

    case: Any
    position: int


@contextmanager
def store_errors() -> Iterator[None]:
    """Turn the event store's failures into application errors."""
    try:
        yield
    except IntegrityError as e:
        raise ConcurrentWrite() from e
    except (OperationalError, InterfaceError) as e:
        raise StoreUnavailable(str(e)) from e
    except PersistenceError as e:
        raise StoreUnavailable(str(e)) from e


class CaseService:
    """Base of the use-case classes: loading with version checks and atomic saving."""

    def __init__(self, app: Casework, clock: Clock, policy: Policy | None = None) -> None:
        self.app = app
        self.clock = clock
        self.policy = policy or Policy()

    def ctx(self, caller: Caller, note: str | None = None) -> Ctx:
        """The domain's view of a command: who, when, and why (the command's `note`)."""
        return Ctx(
            actor=caller.actor,
            today=self.clock.today(),
            now=self.clock.now(),
            note=note if note is not None else caller.note,
            correlation_id=caller.correlation_id,
        )

    def get(self, cls: type[A], case_id: UUID, expected_version: int | None = None) -> A:
        """Load a case of a given type; 404 if absent or of another type, 412 if moved on."""
        with store_errors():
            try:
                case: object = self.app.repository.get(case_id)
            except AggregateNotFoundError:
                raise CaseNotFound(cls.__name__, case_id) from None
        if not isinstance(case, cls):
            raise CaseNotFound(cls.__name__, case_id)
        if expected_version is not None and case.version != expected_version:
            raise VersionMismatch(expected_version, case.version)
        return case

    def last_position(self, case_id: UUID) -> int | None:
        """The log position of a case's newest event (what a GET answers as `position`)."""
        with store_errors():
            return self.app.event_log.last_position(case_id)

    def get_as_of(self, cls: type[A], case_id: UUID, version: int) -> A:
        """A case as it was at a given version (404 for a version it never had)."""
        if self.get(cls, case_id).version < version:
            raise CaseNotFound(f"{cls.__name__} version {version}", case_id)
        with store_errors():
            return self.app.repository.get(case_id, version=version)

    def version_at(self, cls: type[Any], case_id: UUID, moment: datetime) -> int:
        """The version a case had at a moment (404 if it did not exist yet)."""
        self.get(cls, case_id)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=self.clock.now().tzinfo)
        version = None
        with store_errors():
            for stored in self.app.events.get(case_id):
                # A stored case event is an aggregate's event, which carries its timestamp.
                if cast(CanMutateAggregate[UUID], stored).timestamp > moment:
                    break
                version = stored.originator_version
        if version is None:
            raise CaseNotFound(cls.__name__, case_id)
        return version

    def save(self, *cases: Any) -> int:
        """Store the pending events of all given cases atomically; return the last position."""
        with store_errors():
            recordings = self.app.save(*cases)
        if not recordings:
            return self.app.position
        return recordings[-1].notification.id

    def saved(self, case: Any, expected_version: int | None = None, *others: Any) -> Saved:
        """Store a changed case (and the cases changed with it) in one transaction.

        A writer that got there first is a 409; when the client named the version it expected
        (If-Match) and another writer moved past it, a 412.
        """
        try:
            return Saved(case, self.save(case, *others))
        except ConcurrentWrite:
            if expected_version is not None:
                raise VersionMismatch(expected_version, expected_version + 1) from None
            raise

    def sequence(self, prefix: str, year: int, ctx: Ctx | None = None) -> ReferenceSequence:
        """The reference sequence of a prefix and year, opened on first use by `ctx`'s actor."""
        with store_errors():
            try:
                return self.app.repository.get(sequence_id(prefix, year))
            except AggregateNotFoundError:
                opener = ctx or Ctx(actor=SYSTEM, today=self.clock.today(), now=self.clock.now())
                return ReferenceSequence.open(opener, prefix, year)

    def retrying(self, attempt: Callable[[], R], attempts: int = 50) -> R:
        """Retry an attempt that lost a race on a shared aggregate (a reference sequence)."""
        for n in range(attempts - 1):
            try:
                return attempt()
            except ConcurrentWrite:
                # Jittered backoff, so writers contending for one sequence spread out.
                time.sleep(random.uniform(0, min(0.05, 0.002 * (n + 1))))
        return attempt()
