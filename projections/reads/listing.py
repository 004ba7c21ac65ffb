"""A list read's parameters: filter, page size, cursor, the position to await."""

from dataclasses import dataclass
from typing import Generic, TypeVar

F = TypeVar("F")


@dataclass(frozen=True)
class Listing(Generic[F]):
    """A list read: what to filter on, one page's size, where to go on, the position to await."""

    filter: F
    limit: int
    cursor: str | None = None
    min_position: int | None = None
