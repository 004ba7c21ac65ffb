"""Reads of the counterparts directory, honorary consuls and memberships (issue 17).

Rows come back as the read models hold them: a person only sealed (key id and sealed text).
The API opens the seal for staff and never for auditors (interfaces/http/people.py).
"""

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Connection

from projections.consuls import ConsulFilter, MembershipFilter, list_consuls, list_memberships
from projections.counterparts import (
    ContactFilter,
    CounterpartFilter,
    list_contacts,
    list_counterparts,
)
from projections.paging import Page
from projections.reads.door import ReadDoor
from projections.reads.models import Listing

F = TypeVar("F")


def _page(
    door: ReadDoor,
    name: str,
    q: Listing[F],
    lister: Callable[[Connection, Any, int, str | None], Page],
) -> Page:
    door.check(q.min_position, name)
    with door.reading() as conn:
        return lister(conn, q.filter, q.limit, q.cursor)


def counterparts(door: ReadDoor, q: Listing[CounterpartFilter]) -> Page:
    """A page of counterparts, newest first."""
    return _page(door, "counterparts", q, list_counterparts)


def contacts(door: ReadDoor, q: Listing[ContactFilter]) -> Page:
    """A page of contact persons (sealed), newest first."""
    return _page(door, "counterparts", q, list_contacts)


def consuls(door: ReadDoor, q: Listing[ConsulFilter]) -> Page:
    """A page of honorary consuls (persons sealed), newest first."""
    return _page(door, "consuls", q, list_consuls)


def memberships(door: ReadDoor, q: Listing[MembershipFilter]) -> Page:
    """A page of memberships, newest first."""
    return _page(door, "consuls", q, list_memberships)
