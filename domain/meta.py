"""Who acted, why, and which request carried the command: facts every event records."""

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Meta:
    """Audit facts stored on every event (DOMAIN.md §6)."""

    actor: str
    note: str | None = None
    correlation_id: str | None = None


@dataclass(frozen=True)
class Ctx:
    """The context of one command: the acting user and the business clock."""

    actor: str
    today: date
    now: datetime
    note: str | None = None
    correlation_id: str | None = None

    @property
    def meta(self) -> Meta:
        """The audit facts to record on the events this command triggers."""
        return Meta(actor=self.actor, note=self.note, correlation_id=self.correlation_id)
