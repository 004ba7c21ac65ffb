"""Partner: a counterpart of the council abroad (DOMAIN.md §1)."""

from datetime import date
from enum import StrEnum
from typing import Any, ClassVar, Final
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.bounds import PARTNERS
from domain.case import Case, not_in_future
from domain.documents import Documents
from domain.errors import RuleViolation
from domain.meta import Ctx, Meta
from domain.partner_names import claim_id, name_key


class PartnerKind(StrEnum):
    """What kind of body the partner is."""

    CITY = "city"
    REGION = "region"
    ORGANISATION = "organisation"
    STATE_BODY = "state_body"


class Relationship(StrEnum):
    """The standing relationship between the council and the partner."""

    TWIN_CITY = "twin_city"
    PARTNER_CITY = "partner_city"
    FRIENDSHIP = "friendship"
    NONE = "none"


class PartnerStatus(StrEnum):
    """Where the partnership stands."""

    ACTIVE = "active"
    SUSPENDED = "suspended"
    SEVERED = "severed"


S = PartnerStatus
TRANSITIONS: Final = {
    "suspend": (frozenset({S.ACTIVE}), S.SUSPENDED),
    "resume": (frozenset({S.SUSPENDED}), S.ACTIVE),
    "sever": (frozenset({S.ACTIVE, S.SUSPENDED}), S.SEVERED),
}


def check_not_blocked(country: str, blocked: frozenset[str], field_name: str = "country") -> None:
    """Law 3668-IX bans cooperation with the aggressor state: no active partner there."""
    if country.upper() in blocked:
        raise RuleViolation.on(
            field_name,
            f"cooperation with partners in {country.upper()} is banned (blocked country)",
        )


def check_since(since: int | None, today: date) -> None:
    """The year a tie began: not in the future, not before Kharkiv's earliest twinnings."""
    if since is None:
        return
    if since > today.year:
        raise RuleViolation.on("since", f"since {since} is in the future")
    # domain.bounds: no twin or partner tie of the council is older than 1950.
    if since < PARTNERS.earliest.year:
        raise RuleViolation.on(
            "since", f"since {since} is before {PARTNERS.earliest.year}: {PARTNERS.why}"
        )


class Partner(Case, Documents):
    """A city, region, organisation or state body abroad that the council works with."""

    EARLIEST = PARTNERS  # no date older than this (domain.bounds)

    TRANSITIONS: ClassVar = TRANSITIONS
    FINAL: ClassVar = frozenset({S.SEVERED})

    name: str
    name_uk: str | None
    country: str
    kind: PartnerKind
    relationship: Relationship
    since: int | None
    status: PartnerStatus
    agreement_ids: list[UUID]
    decided_on: date | None
    decision_ref: str | None
    grounds: str | None

    @classmethod
    def register(
        cls,
        ctx: Ctx,
        *,
        name: str,
        country: str,
        kind: PartnerKind,
        relationship: Relationship = Relationship.NONE,
        name_uk: str | None = None,
        since: int | None = None,
        blocked: frozenset[str] = frozenset(),
        distinct: bool = False,
        distinct_reason: str | None = None,
    ) -> "Partner":
        """Register a partner; one in a blocked country cannot be registered as active."""
        check_not_blocked(country, blocked)
        check_since(since, ctx.today)
        # DOMAIN.md §7: a partner of the same name in the same country is a distinct partner
        # only when declared so, with the reason on record.
        reason = (distinct_reason or "").strip() or None
        if distinct and reason is None:
            raise RuleViolation.on(
                "distinct_reason", "say why this is a distinct partner of the same name"
            )
        if reason is not None and not distinct:
            raise RuleViolation.on(
                "distinct_reason", "a reason is only given for a partner declared distinct"
            )
        return cls(
            meta=ctx.meta,
            name=name,
            name_uk=name_uk,
            country=country.upper(),
            kind=PartnerKind(kind),
            relationship=Relationship(relationship),
            since=since,
            distinct=distinct,
            distinct_reason=reason,
        )

    class Registered(Case.Created):
        """A partner was registered; `distinct` declares it apart from one of the same name."""

        class_version = 2
        meta: Meta
        name: str
        name_uk: str | None
        country: str
        kind: PartnerKind
        relationship: Relationship
        since: int | None
        distinct: bool
        distinct_reason: str | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Registrations before the uniqueness rule declared nothing distinct."""
            state.setdefault("distinct", False)
            state.setdefault("distinct_reason", None)

    @event("Registered")
    def __init__(
        self,
        meta: Meta,
        name: str,
        name_uk: str | None,
        country: str,
        kind: PartnerKind,
        relationship: Relationship,
        since: int | None,
        distinct: bool = False,
        distinct_reason: str | None = None,
    ) -> None:
        self.name = name
        self.name_uk = name_uk
        self.country = country
        self.kind = kind
        self.relationship = relationship
        self.since = since
        self.status = PartnerStatus.ACTIVE
        self.agreement_ids = []
        self.decided_on = None
        self.decision_ref = None
        self.grounds = None

    def name_keys(self) -> list[str]:
        """The keys of its names (as written, and in Ukrainian) that uniqueness is checked on."""
        keys = [name_key(n) for n in (self.name, self.name_uk) if n]
        return list(dict.fromkeys(k for k in keys if k))

    def check_can_be_named(self, blocked: frozenset[str]) -> None:
        """A new agreement may only name an active partner outside the blocked countries."""
        check_not_blocked(self.country, blocked, "partner_ids")
        if self.status is not PartnerStatus.ACTIVE:
            raise RuleViolation.on(
                "partner_ids", f"partner {self.name} is {self.status}: no new agreements"
            )

    def link_agreement(self, ctx: Ctx, agreement_id: UUID) -> None:
        """Remember an agreement naming this partner, so severing can find it."""
        if agreement_id not in self.agreement_ids:
            self._agreement_linked(ctx.meta, agreement_id)

    @event("AgreementLinked")
    def _agreement_linked(self, meta: Meta, agreement_id: UUID) -> None:
        self.agreement_ids = [*self.agreement_ids, agreement_id]

    def suspend(
        self, ctx: Ctx, *, decided_on: date, decision_ref: str, grounds: str | None = None
    ) -> None:
        """Put cooperation on hold by a decision."""
        self._require("suspend")
        not_in_future("decided_on", decided_on, ctx.today)
        self._suspended(ctx.meta, decided_on, decision_ref, grounds)

    @event("Suspended")
    def _suspended(
        self, meta: Meta, decided_on: date, decision_ref: str, grounds: str | None
    ) -> None:
        self.status = PartnerStatus.SUSPENDED
        self.decided_on, self.decision_ref, self.grounds = decided_on, decision_ref, grounds

    def resume(
        self,
        ctx: Ctx,
        *,
        decided_on: date,
        decision_ref: str,
        grounds: str | None = None,
        blocked: frozenset[str] = frozenset(),
    ) -> None:
        """Resume cooperation; never with a partner in a blocked country."""
        self._require("resume")
        not_in_future("decided_on", decided_on, ctx.today)
        check_not_blocked(self.country, blocked)
        self._resumed(ctx.meta, decided_on, decision_ref, grounds)

    @event("Resumed")
    def _resumed(
        self, meta: Meta, decided_on: date, decision_ref: str, grounds: str | None
    ) -> None:
        self.status = PartnerStatus.ACTIVE
        self.decided_on, self.decision_ref, self.grounds = decided_on, decision_ref, grounds

    def sever(self, ctx: Ctx, *, decided_on: date, decision_ref: str, grounds: str) -> None:
        """End the partnership for good (final), as on 11 May 2022 with the Russian cities."""
        self._require("sever")
        not_in_future("decided_on", decided_on, ctx.today)
        if not grounds.strip():
            raise RuleViolation.on("grounds", "severing a partner needs grounds")
        self._severed(ctx.meta, decided_on, decision_ref, grounds)

    @event("Severed")
    def _severed(self, meta: Meta, decided_on: date, decision_ref: str, grounds: str) -> None:
        self.status = PartnerStatus.SEVERED
        self.decided_on, self.decision_ref, self.grounds = decided_on, decision_ref, grounds


class PartnerNameClaim(Aggregate):
    """One name key in one country, held by the partner that registered it first (DOMAIN.md §7).

    Its id follows from the country and the key, so two registrations of the same name race to
    create the same aggregate and the event store lets only one of them win.
    """

    partner_id: UUID
    country: str
    key: str

    @staticmethod
    def create_id(country: str, key: str) -> UUID:
        """One claim per country and name key, found again by them."""
        return claim_id(country, key)

    @classmethod
    def claim(cls, ctx: Ctx, partner: Partner, key: str) -> "PartnerNameClaim":
        """Claim a name key for a partner being registered; saved with it, atomically."""
        return cls(meta=ctx.meta, partner_id=partner.id, country=partner.country, key=key)

    @event("Claimed")
    def __init__(self, meta: Meta, partner_id: UUID, country: str, key: str) -> None:
        self.partner_id = partner_id
        self.country = country
        self.key = key
