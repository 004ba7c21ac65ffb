"""Commands on the counterparts directory: missions, organisations and their contact persons."""

from datetime import date
from typing import Annotated
from uuid import UUID

import msgspec

from application.commands.fields import Command, CountryCode, Name, Text, check_country
from domain.counterpart import CounterpartKind
from domain.sealed import Person

Email = Annotated[str, msgspec.Meta(min_length=3, max_length=254)]
Phone = Annotated[str, msgspec.Meta(min_length=3, max_length=40)]
Language = Annotated[str, msgspec.Meta(min_length=2, max_length=3)]


class PersonFields(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A person's data (all of it personal: sealed before it is stored, never logged)."""

    name: Name
    position: Name | None = None
    email: Email | None = None
    phone: Phone | None = None
    language: Language | None = None

    def to_domain(self) -> Person:
        """The person the domain checks (422 naming `person.<field>`) and the vault seals."""
        return Person(
            name=self.name,
            position=self.position,
            email=self.email,
            phone=self.phone,
            language=self.language.lower() if self.language else None,
        )


class RegisterCounterpart(Command, kw_only=True):
    """Register a foreign mission or an international organisation."""

    name: Name
    country: CountryCode
    kind: CounterpartKind
    city: Name | None = None

    def __post_init__(self) -> None:
        self.country = check_country(self.country)


class CloseCounterpart(Command, kw_only=True):
    """The mission closed, or the department no longer works with it."""

    closed_on: date
    reason: Text


class ReopenCounterpart(Command, kw_only=True):
    """Work with a closed counterpart again."""

    reason: Text


class RegisterContact(Command, kw_only=True):
    """A contact person of a counterpart (`counterpart_id`) or of a partner (`partner_id`)."""

    counterpart_id: UUID | None = None
    partner_id: UUID | None = None
    person: PersonFields


class ChangeContact(Command, kw_only=True):
    """New details of a contact person (the whole person, sealed anew)."""

    person: PersonFields


class ErasePerson(Command, kw_only=True):
    """Erase a person's data on their request (Law 2297-VI, Art. 8): final."""

    requested_on: date
    grounds: Text
