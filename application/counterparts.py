"""Use cases for counterparts: foreign missions and international organisations."""

from uuid import UUID

from application.commands.contacts import CloseCounterpart, RegisterCounterpart, ReopenCounterpart
from application.service import Caller, CaseService, Saved
from domain.case_types import prefix_of
from domain.counterpart import Counterpart

PREFIX = prefix_of("Counterpart")


class CounterpartService(CaseService):
    """What staff do with the directory's organisations."""

    def register_counterpart(
        self, cmd: RegisterCounterpart, caller: Caller, *, illustrative: bool = False
    ) -> Saved:
        """Register a counterpart; its reference (CPT-YYYY-NNNN) is gapless per year."""

        def attempt() -> Saved:
            ctx = self.ctx(caller, cmd.note)
            sequence = self.sequence(PREFIX, ctx.today.year, ctx)
            counterpart = Counterpart.register(
                ctx,
                reference=sequence.issue(ctx),
                name=cmd.name,
                country=cmd.country,
                kind=cmd.kind,
                city=cmd.city,
                blocked=self.policy.blocked_countries,
                illustrative=illustrative,
            )
            return Saved(counterpart, self.save(sequence, counterpart))

        return self.retrying(attempt)

    def get_counterpart(self, counterpart_id: UUID, version: int | None = None) -> Counterpart:
        """A counterpart now, or at a version."""
        if version is not None:
            return self.get_as_of(Counterpart, counterpart_id, version)
        return self.get(Counterpart, counterpart_id)

    def close_counterpart(
        self, counterpart_id: UUID, cmd: CloseCounterpart, caller: Caller, expected: int | None
    ) -> Saved:
        """The mission closed or the department no longer works with it."""
        counterpart = self.get(Counterpart, counterpart_id, expected)
        counterpart.close(self.ctx(caller, cmd.note), closed_on=cmd.closed_on, reason=cmd.reason)
        return self.saved(counterpart, expected)

    def reopen_counterpart(
        self, counterpart_id: UUID, cmd: ReopenCounterpart, caller: Caller, expected: int | None
    ) -> Saved:
        """Work with it again (never with one of a blocked country)."""
        counterpart = self.get(Counterpart, counterpart_id, expected)
        counterpart.reopen(
            self.ctx(caller, cmd.note), reason=cmd.reason, blocked=self.policy.blocked_countries
        )
        return self.saved(counterpart, expected)
