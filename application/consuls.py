"""Use cases for honorary consuls: appoint, extend the term, end, change or erase the person."""

from collections.abc import Sequence
from typing import Any
from uuid import UUID, uuid4

from application.casework import Casework
from application.clock import Clock
from application.commands.consuls import (
    AppointConsul,
    ChangeConsulPerson,
    EndConsul,
    ExtendConsulTerm,
)
from application.commands.contacts import ErasePerson
from application.people import People
from application.service import Caller, CaseService, Policy, Saved
from application.vault import Vault
from domain.case_types import prefix_of
from domain.honorary_consul import HonoraryConsul
from domain.sealed import Person

PREFIX = prefix_of("HonoraryConsul")


class ConsulService(CaseService):
    """What staff do with the register of honorary consuls."""

    def __init__(
        self, app: Casework, clock: Clock, policy: Policy | None = None, *, vault: Vault
    ) -> None:
        super().__init__(app, clock, policy)
        self.people = People(vault)

    def appoint_consul(
        self, cmd: AppointConsul, caller: Caller, *, illustrative: bool = False
    ) -> Saved:
        """Record an appointment; reference HCN-YYYY-NNNN, gapless per year."""
        key_id = uuid4()
        # The office's rules first (422 naming the field), so no key is made for a refusal.
        probe = self.ctx(caller, cmd.note)
        HonoraryConsul.appoint(probe, **self._office(cmd, key_id, "", "HCN-check"))
        sealed = self.people.seal(key_id, cmd.person.to_domain())

        def attempt() -> Saved:
            ctx = self.ctx(caller, cmd.note)
            sequence = self.sequence(PREFIX, ctx.today.year, ctx)
            consul = HonoraryConsul.appoint(
                ctx,
                illustrative=illustrative,
                **self._office(cmd, key_id, sealed, sequence.issue(ctx)),
            )
            return Saved(consul, self.save(sequence, consul))

        return self.retrying(attempt)

    def _office(
        self, cmd: AppointConsul, key_id: UUID, sealed: str, reference: str
    ) -> dict[str, Any]:
        return {
            "reference": reference,
            "represents": cmd.represents,
            "seat_country": cmd.seat_country,
            "seat_city": cmd.seat_city,
            "district": cmd.district,
            "appointed_on": cmd.appointed_on,
            "term_ends_on": cmd.term_ends_on,
            "key_id": key_id,
            "sealed": sealed,
            "blocked": self.policy.blocked_countries,
        }

    def get_consul(self, consul_id: UUID, version: int | None = None) -> HonoraryConsul:
        """A consul now, or at a version."""
        if version is not None:
            return self.get_as_of(HonoraryConsul, consul_id, version)
        return self.get(HonoraryConsul, consul_id)

    def person_of(self, consul: HonoraryConsul) -> Person | None:
        """The consul in clear (for staff only); None once erased."""
        return self.people.open(consul.key_id, consul.sealed)

    def open_people(self, sealed: Sequence[tuple[UUID, str | None]]) -> list[Person | None]:
        """The persons of a page of read-model rows, in clear (staff only); None once erased."""
        return self.people.open_many(sealed)

    def open_person(self, key_id: UUID, sealed: str | None) -> Person | None:
        """A consul sealed in a read-model row, in clear (staff only); None once erased."""
        return self.people.open(key_id, sealed)

    def extend_term(
        self, consul_id: UUID, cmd: ExtendConsulTerm, caller: Caller, expected: int | None
    ) -> Saved:
        """A renewed appointment: a later term end."""
        consul = self.get(HonoraryConsul, consul_id, expected)
        consul.extend_term(
            self.ctx(caller, cmd.note), term_ends_on=cmd.term_ends_on, decision_ref=cmd.decision_ref
        )
        return self.saved(consul, expected)

    def end_consul(
        self, consul_id: UUID, cmd: EndConsul, caller: Caller, expected: int | None
    ) -> Saved:
        """The consul no longer serves."""
        consul = self.get(HonoraryConsul, consul_id, expected)
        consul.end(self.ctx(caller, cmd.note), ended_on=cmd.ended_on, reason=cmd.reason)
        return self.saved(consul, expected)

    def change_person(
        self, consul_id: UUID, cmd: ChangeConsulPerson, caller: Caller, expected: int | None
    ) -> Saved:
        """Corrected details of the consul, sealed with their own key."""
        consul = self.get(HonoraryConsul, consul_id, expected)
        sealed = self.people.seal(consul.key_id, cmd.person.to_domain())
        consul.change_person(self.ctx(caller, cmd.note), sealed=sealed)
        return self.saved(consul, expected)

    def erase_person(
        self, consul_id: UUID, cmd: ErasePerson, caller: Caller, expected: int | None
    ) -> Saved:
        """Erase the consul's personal data (key destroyed first, then `PersonErased`)."""
        consul = self.get(HonoraryConsul, consul_id, expected)
        consul.erase_person(
            self.ctx(caller, cmd.note), requested_on=cmd.requested_on, grounds=cmd.grounds
        )
        self.people.erase(consul.key_id)
        return self.saved(consul, expected)
