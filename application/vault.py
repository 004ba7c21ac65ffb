"""The port to the per-person data keys (crypto-shredding, domain.sealed): an adapter in
infrastructure (infrastructure.keyvault) keeps them outside the event store."""

from collections.abc import Mapping, Sequence
from typing import Any, Protocol
from uuid import UUID


class Vault(Protocol):
    """Where the per-person data keys live: seal, open, destroy."""

    def seal(self, key_id: UUID, data: Mapping[str, Any]) -> str:
        """Create the person's key if need be and seal the data with it (refused once erased)."""
        ...

    def open(self, key_id: UUID, sealed: str) -> dict[str, Any] | None:
        """The data sealed with the person's key; None once the key is destroyed."""
        ...

    def open_many(self, sealed: Sequence[tuple[UUID, str]]) -> list[dict[str, Any] | None]:
        """Many seals at once (a page of a list): one look-up of their keys."""
        ...

    def destroy(self, key_id: UUID) -> bool:
        """Destroy the person's key for good; True if it existed until now."""
        ...


class PersonErased(Exception):
    """The person's key is destroyed: nothing can be sealed for them any more."""
