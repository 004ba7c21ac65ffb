"""How the API shows a sealed person: in clear to staff, never to auditors, "erased" after erasure.

`person_state` says which: `clear` (staff read it), `hidden` (an auditor: never in clear),
`omitted` (a command's answer: never echoed, so no store of replayed answers keeps it), `erased`.
"""

from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Any
from uuid import UUID

import msgspec
from litestar import Request

from domain.sealed import Person
from infrastructure.tokens import Principal
from interfaces.http.auth import WRITE

STAFF = WRITE
"""The roles that read a person in clear: clerks, managers, administrators."""


class PersonState(StrEnum):
    """How the person is shown in an answer."""

    CLEAR = "clear"
    HIDDEN = "hidden"
    OMITTED = "omitted"
    ERASED = "erased"


class PersonView(msgspec.Struct):
    """A contact person or consul (personal data: staff only)."""

    name: str
    position: str | None
    email: str | None
    phone: str | None
    language: str | None


def is_staff(request: Request[Any, Any, Any]) -> bool:
    """Whether the caller may read persons in clear."""
    user = request.scope.get("user")
    return isinstance(user, Principal) and bool(user.roles & STAFF)


def shown(
    staff: bool,
    erased: bool,
    key_id: UUID,
    sealed: str | None,
    opener: Callable[[UUID, str | None], Person | None],
) -> tuple[PersonView | None, PersonState]:
    """The person as this caller may see them."""
    if erased or sealed is None:
        return None, PersonState.ERASED
    if not staff:
        return None, PersonState.HIDDEN
    person = opener(key_id, sealed)
    if person is None:  # the key is gone: erased, whatever the row still says
        return None, PersonState.ERASED
    return msgspec.convert(person, PersonView, from_attributes=True), PersonState.CLEAR


def shown_page(
    staff: bool,
    rows: Sequence[tuple[bool, UUID, str | None]],
    open_many: Callable[[Sequence[tuple[UUID, str | None]]], list[Person | None]],
) -> list[tuple[PersonView | None, PersonState]]:
    """The persons of a page of rows (erased, key id, sealed), their keys looked up at once."""
    if not staff:
        return [
            (None, PersonState.ERASED if erased or sealed is None else PersonState.HIDDEN)
            for erased, _, sealed in rows
        ]
    people = open_many([(key_id, None if erased else sealed) for erased, key_id, sealed in rows])
    return [
        (None, PersonState.ERASED)
        if person is None
        else (msgspec.convert(person, PersonView, from_attributes=True), PersonState.CLEAR)
        for person in people
    ]


def omitted(erased: bool) -> tuple[None, PersonState]:
    """A command's answer: the person is not echoed."""
    return None, PersonState.ERASED if erased else PersonState.OMITTED
