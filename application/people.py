"""Sealing and opening a person's data through the vault (crypto-shredding, domain.sealed)."""

from collections.abc import Sequence
from uuid import UUID

from application.vault import PersonErased, Vault
from domain.errors import RuleViolation
from domain.sealed import Person, check_person


class People:
    """A person's data in and out of its seal; nothing here logs or echoes a value."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    def seal(self, key_id: UUID, person: Person, field_name: str = "person") -> str:
        """Check the person (422 naming `person.<field>`) and seal them with their key."""
        checked = check_person(person, f"{field_name}.")
        try:
            return self.vault.seal(key_id, checked.as_dict())
        except PersonErased:
            raise RuleViolation.on(field_name, "the person's data was erased") from None

    def open(self, key_id: UUID, sealed: str | None) -> Person | None:
        """The person sealed in an event or a row; None once erased (or nothing sealed)."""
        if sealed is None:
            return None
        data = self.vault.open(key_id, sealed)
        return None if data is None else Person.from_dict(data)

    def open_many(self, sealed: Sequence[tuple[UUID, str | None]]) -> list[Person | None]:
        """The persons of a page of rows, in one look-up of their keys; None where erased."""
        wanted = [(k, s) for k, s in sealed if s is not None]
        opened = iter(self.vault.open_many(wanted))
        out: list[Person | None] = []
        for _, s in sealed:
            data = next(opened) if s is not None else None
            out.append(None if data is None else Person.from_dict(data))
        return out

    def erase(self, key_id: UUID) -> bool:
        """Destroy the person's key: whatever was sealed for them is unreadable from now on."""
        return self.vault.destroy(key_id)
