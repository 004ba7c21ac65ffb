"""Use cases for contact persons: register, change, erase (crypto-shredding), read in clear."""

from collections.abc import Sequence
from uuid import UUID, uuid4

from application.casework import Casework
from application.clock import Clock
from application.commands.contacts import ChangeContact, ErasePerson, RegisterContact
from application.errors import CaseNotFound
from application.people import People
from application.service import Caller, CaseService, Policy, Saved
from application.vault import Vault
from domain.case_types import prefix_of
from domain.contact import Contact
from domain.counterpart import Counterpart
from domain.errors import RuleViolation
from domain.partner import Partner
from domain.sealed import Person

PREFIX = prefix_of("Contact")


class ContactService(CaseService):
    """What staff do with contact persons; their data is sealed with a key per person."""

    def __init__(
        self, app: Casework, clock: Clock, policy: Policy | None = None, *, vault: Vault
    ) -> None:
        super().__init__(app, clock, policy)
        self.people = People(vault)

    def register_contact(
        self, cmd: RegisterContact, caller: Caller, *, illustrative: bool = False
    ) -> Saved:
        """Register a contact person of a known counterpart or partner; reference CNT-YYYY-NNNN."""
        if cmd.counterpart_id is not None:
            self._known(Counterpart, cmd.counterpart_id, "counterpart_id")
        if cmd.partner_id is not None:
            self._known(Partner, cmd.partner_id, "partner_id")
        if cmd.counterpart_id is None and cmd.partner_id is None:
            raise RuleViolation.on(
                "counterpart_id", "a contact belongs to a counterpart or a partner"
            )
        key_id = uuid4()
        sealed = self.people.seal(key_id, cmd.person.to_domain())

        def attempt() -> Saved:
            ctx = self.ctx(caller, cmd.note)
            sequence = self.sequence(PREFIX, ctx.today.year, ctx)
            contact = Contact.register(
                ctx,
                reference=sequence.issue(ctx),
                counterpart_id=cmd.counterpart_id,
                partner_id=cmd.partner_id,
                key_id=key_id,
                sealed=sealed,
                illustrative=illustrative,
            )
            return Saved(contact, self.save(sequence, contact))

        return self.retrying(attempt)

    def _known(self, cls: type[Counterpart | Partner], case_id: UUID, field_name: str) -> None:
        try:
            self.get(cls, case_id)
        except CaseNotFound:
            raise RuleViolation.on(field_name, f"no {cls.__name__.lower()} {case_id}") from None

    def get_contact(self, contact_id: UUID, version: int | None = None) -> Contact:
        """A contact now, or at a version."""
        if version is not None:
            return self.get_as_of(Contact, contact_id, version)
        return self.get(Contact, contact_id)

    def person_of(self, contact: Contact) -> Person | None:
        """The person in clear (for staff only); None once erased."""
        return self.people.open(contact.key_id, contact.sealed)

    def open_people(self, sealed: Sequence[tuple[UUID, str | None]]) -> list[Person | None]:
        """The persons of a page of read-model rows, in clear (staff only); None once erased."""
        return self.people.open_many(sealed)

    def open_person(self, key_id: UUID, sealed: str | None) -> Person | None:
        """A person sealed in a read-model row, in clear (for staff only); None once erased."""
        return self.people.open(key_id, sealed)

    def change_contact(
        self, contact_id: UUID, cmd: ChangeContact, caller: Caller, expected: int | None
    ) -> Saved:
        """New details, sealed with the person's own key."""
        contact = self.get(Contact, contact_id, expected)
        contact.check_open()
        sealed = self.people.seal(contact.key_id, cmd.person.to_domain())
        contact.change_details(self.ctx(caller, cmd.note), sealed=sealed)
        return self.saved(contact, expected)

    def erase_contact(
        self, contact_id: UUID, cmd: ErasePerson, caller: Caller, expected: int | None
    ) -> Saved:
        """Erase the person: the key is destroyed first, then `Erased` is recorded.

        Destroying first means that whatever happens to the save (a lost race, the store
        down), the data is unreadable from this moment; the erasure is simply asked again.
        """
        contact = self.get(Contact, contact_id, expected)
        contact.erase(
            self.ctx(caller, cmd.note), requested_on=cmd.requested_on, grounds=cmd.grounds
        )
        self.people.erase(contact.key_id)
        return self.saved(contact, expected)
