"""Gapless per-year reference numbers (AGR-2023-0004): one small aggregate per prefix and year."""

from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.meta import Ctx, Meta

SYSTEM_META = {"actor": "system", "note": None, "correlation_id": None}
"""Who opened a sequence stored before openings recorded their actor."""


class ReferenceSequence(Aggregate):
    """The register of reference numbers issued under one prefix in one year."""

    prefix: str
    year: int
    last: int

    @staticmethod
    def create_id(prefix: str, year: int) -> UUID:
        """One sequence per prefix and year, found again by its natural key."""
        return sequence_id(prefix, year)

    class Opened(Aggregate.Created):
        """A sequence was opened by the first case of its prefix and year."""

        class_version = 2
        meta: Meta
        prefix: str
        year: int

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Openings stored before version 2 carry no actor: the system opened them."""
            state.setdefault("meta", dict(SYSTEM_META))

    @classmethod
    def open(cls, ctx: Ctx, prefix: str, year: int) -> "ReferenceSequence":
        """Open the sequence of a prefix and year, on behalf of the case that needs it."""
        return cls(meta=ctx.meta, prefix=prefix, year=year)

    @event("Opened")
    def __init__(self, meta: Meta, prefix: str, year: int) -> None:
        self.prefix = prefix
        self.year = year
        self.last = 0

    def issue(self, ctx: Ctx) -> str:
        """Take the next number; saved with the case it names, so no gap and no duplicate."""
        self._issued(ctx.meta, self.last + 1)
        return format_reference(self.prefix, self.year, self.last)

    @event("Issued")
    def _issued(self, meta: Meta, number: int) -> None:
        self.last = number


def sequence_id(prefix: str, year: int) -> UUID:
    """The deterministic id of the sequence for a prefix and a year."""
    return uuid5(NAMESPACE_URL, f"pobratym:sequence:{prefix}:{year}")


def format_reference(prefix: str, year: int, number: int) -> str:
    """AGR-2023-0004."""
    return f"{prefix}-{year}-{number:04d}"
