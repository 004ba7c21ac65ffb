"""Gapless per-year reference numbers (AGR-2023-0004): one small aggregate per prefix and year."""

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.meta import Ctx, Meta


class ReferenceSequence(Aggregate):
    """The register of reference numbers issued under one prefix in one year."""

    prefix: str
    year: int
    last: int

    @staticmethod
    def create_id(prefix: str, year: int) -> UUID:
        """One sequence per prefix and year, found again by its natural key."""
        return sequence_id(prefix, year)

    @event("Opened")
    def __init__(self, prefix: str, year: int) -> None:
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
