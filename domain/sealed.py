"""A person's data sealed for crypto-shredding (Law 2297-VI on personal data protection, Art. 8).

A contact person's or an honorary consul's name, position, e-mail, phone and language never
enter an event in clear: the application seals them with a data key of that one person (AES-GCM,
kept outside the event store) and the event records only the sealed text and the key's id.
Erasing the person destroys the key: the events, and so their hashes and the audit chain, stay
exactly as they were, yet what they sealed can never be read again.

Readers never show the sealed text: histories and the audit trail show SEALED, and ERASED once
the person has been erased.
"""

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from domain.errors import FieldProblem, RuleViolation

SEALED_FIELD = "sealed"
"""The name of the event field holding a person's sealed data."""
SEALED = "[sealed]"
ERASED = "[erased]"

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_PHONE = re.compile(r"^\+?[0-9 ()\-]{7,24}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True)
class Person:
    """What the department keeps about a person: all of it personal data."""

    name: str
    position: str | None = None
    email: str | None = None
    phone: str | None = None
    language: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        """The fields as a plain dict (what is sealed)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Person":
        """The person back from an opened seal."""
        return cls(
            name=str(data.get("name") or ""),
            position=data.get("position"),
            email=data.get("email"),
            phone=data.get("phone"),
            language=data.get("language"),
        )


def check_person(person: Person, prefix: str = "person.") -> Person:
    """Refuse a person without a name, or with an e-mail, phone or language of the wrong form.

    The problems name the field, never the value: the value is personal data.
    """
    problems: list[FieldProblem] = []
    if not person.name.strip():
        problems.append(FieldProblem(f"{prefix}name", "a person needs a name"))
    if person.email is not None and not _EMAIL.match(person.email):
        problems.append(FieldProblem(f"{prefix}email", "not an e-mail address"))
    if person.phone is not None and (
        not _PHONE.match(person.phone) or sum(c.isdigit() for c in person.phone) < 7
    ):
        problems.append(FieldProblem(f"{prefix}phone", "not a phone number"))
    if person.language is not None and not _LANGUAGE.match(person.language):
        problems.append(
            FieldProblem(f"{prefix}language", "a language is an ISO 639 code (uk, en, de)")
        )
    if problems:
        raise RuleViolation(problems[0].message, *problems)
    return Person(
        name=person.name.strip(),
        position=(person.position or "").strip() or None,
        email=person.email,
        phone=person.phone,
        language=person.language,
    )


ERASURE_EVENTS: frozenset[str] = frozenset({"Contact.Erased", "HonoraryConsul.PersonErased"})
"""The events that erase a person: readers show the person's sealed fields as ERASED after them."""


def hide_sealed(value: Any, erased: bool) -> Any:
    """Facts with every sealed field shown as SEALED (or ERASED once the person is erased)."""
    if isinstance(value, Mapping):
        return {
            k: (ERASED if erased else SEALED)
            if k == SEALED_FIELD and v is not None
            else hide_sealed(v, erased)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [hide_sealed(v, erased) for v in value]
    return value
