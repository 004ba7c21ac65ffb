"""Counterpart: a foreign mission or international organisation the department works with."""

from datetime import date
from enum import StrEnum
from typing import ClassVar, Final

from eventsourcing.domain import event

from domain.case import Case, not_in_future
from domain.errors import RuleViolation
from domain.illustrative import flagged_on_creation
from domain.meta import Ctx, Meta
from domain.partner import check_not_blocked


class CounterpartKind(StrEnum):
    """What kind of body the counterpart is (issue 17's counterpart types)."""

    DIPLOMATIC_MISSION = "diplomatic_mission"
    CONSULAR_OFFICE = "consular_office"
    INTERNATIONAL_ORGANISATION = "international_organisation"
    DONOR = "donor"
    OTHER = "other"


class CounterpartStatus(StrEnum):
    """Whether the department still works with it."""

    ACTIVE = "active"
    CLOSED = "closed"


S = CounterpartStatus
TRANSITIONS: Final = {
    "close": (frozenset({S.ACTIVE}), S.CLOSED),
    "reopen": (frozenset({S.CLOSED}), S.ACTIVE),
}


class Counterpart(Case):
    """A mission or organisation: name, country (the state it represents or is based in), kind."""

    TRANSITIONS: ClassVar = TRANSITIONS
    FINAL: ClassVar = frozenset()

    reference: str
    name: str
    country: str
    kind: CounterpartKind
    city: str | None
    illustrative: bool
    status: CounterpartStatus
    closed_on: date | None

    @classmethod
    def register(
        cls,
        ctx: Ctx,
        *,
        reference: str,
        name: str,
        country: str,
        kind: CounterpartKind,
        city: str | None = None,
        blocked: frozenset[str] = frozenset(),
        illustrative: bool = False,
    ) -> "Counterpart":
        """Register a counterpart; never one of a blocked country (Law 3668-IX)."""
        if not name.strip():
            raise RuleViolation.on("name", "a counterpart needs a name")
        check_not_blocked(country, blocked)
        return cls(
            meta=ctx.meta,
            reference=reference,
            name=name.strip(),
            country=country.upper(),
            kind=CounterpartKind(kind),
            city=(city or "").strip() or None,
            illustrative=illustrative,
        )

    class Registered(Case.Created):
        """A counterpart was registered."""

        meta: Meta
        reference: str
        name: str
        country: str
        kind: CounterpartKind
        city: str | None
        illustrative: bool

    flagged_on_creation(Registered)

    @event("Registered")
    def __init__(
        self,
        meta: Meta,
        reference: str,
        name: str,
        country: str,
        kind: CounterpartKind,
        city: str | None,
        illustrative: bool = False,
    ) -> None:
        self.reference = reference
        self.name = name
        self.country = country
        self.kind = kind
        self.city = city
        self.illustrative = illustrative
        self.status = CounterpartStatus.ACTIVE
        self.closed_on = None

    def close(self, ctx: Ctx, *, closed_on: date, reason: str) -> None:
        """The mission closed or the department no longer works with it."""
        self._require("close")
        not_in_future("closed_on", closed_on, ctx.today)
        if not reason.strip():
            raise RuleViolation.on("reason", "say why the counterpart is closed")
        self._closed(ctx.meta, closed_on, reason.strip())

    @event("Closed")
    def _closed(self, meta: Meta, closed_on: date, reason: str) -> None:
        self.status = CounterpartStatus.CLOSED
        self.closed_on = closed_on

    def reopen(self, ctx: Ctx, *, reason: str, blocked: frozenset[str] = frozenset()) -> None:
        """Work with it again (never with one of a blocked country)."""
        self._require("reopen")
        check_not_blocked(self.country, blocked)
        self._reopened(ctx.meta, reason)

    @event("Reopened")
    def _reopened(self, meta: Meta, reason: str) -> None:
        self.status = CounterpartStatus.ACTIVE
        self.closed_on = None
