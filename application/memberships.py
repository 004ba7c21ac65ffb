"""Use cases for the city's association memberships: join, renew, end."""

from uuid import UUID

from application.commands.consuls import EndMembership, JoinAssociation, RenewMembership
from application.service import Caller, CaseService, Saved
from domain.case_types import prefix_of
from domain.membership import Membership

PREFIX = prefix_of("Membership")


class MembershipService(CaseService):
    """What staff do with memberships of associations."""

    def join_association(
        self, cmd: JoinAssociation, caller: Caller, *, illustrative: bool = False
    ) -> Saved:
        """Record a membership; reference MEM-YYYY-NNNN, gapless per year."""

        def attempt() -> Saved:
            ctx = self.ctx(caller, cmd.note)
            sequence = self.sequence(PREFIX, ctx.today.year, ctx)
            membership = Membership.join(
                ctx,
                reference=sequence.issue(ctx),
                association=cmd.association,
                country=cmd.country,
                joined_on=cmd.joined_on,
                renewal_due_on=cmd.renewal_due_on,
                illustrative=illustrative,
            )
            return Saved(membership, self.save(sequence, membership))

        return self.retrying(attempt)

    def get_membership(self, membership_id: UUID, version: int | None = None) -> Membership:
        """A membership now, or at a version."""
        if version is not None:
            return self.get_as_of(Membership, membership_id, version)
        return self.get(Membership, membership_id)

    def renew_membership(
        self, membership_id: UUID, cmd: RenewMembership, caller: Caller, expected: int | None
    ) -> Saved:
        """Renewed; the next renewal falls due later."""
        membership = self.get(Membership, membership_id, expected)
        membership.renew(
            self.ctx(caller, cmd.note),
            renewed_on=cmd.renewed_on,
            next_renewal_on=cmd.next_renewal_on,
        )
        return self.saved(membership, expected)

    def end_membership(
        self, membership_id: UUID, cmd: EndMembership, caller: Caller, expected: int | None
    ) -> Saved:
        """The city left the association."""
        membership = self.get(Membership, membership_id, expected)
        membership.end(self.ctx(caller, cmd.note), ended_on=cmd.ended_on, reason=cmd.reason)
        return self.saved(membership, expected)
