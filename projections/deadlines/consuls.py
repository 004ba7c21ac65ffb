"""Honorary consuls' term ends and association memberships' renewals (issue 17)."""

from domain.honorary_consul import HonoraryConsul
from domain.membership import Membership
from projections.deadlines.tables import DeadlineRules
from projections.runtime.projection import handles
from projections.runtime.rows import Rows

CONSUL = "honorary_consul"
TERM = "consul_term_end"
MEMBERSHIP = "membership"
RENEWAL = "membership_renewal"


def consul_title(represents: str, seat_city: str) -> str:
    """What a consul's deadline is about: the office, never the person (personal data)."""
    return f"honorary consul of {represents} in {seat_city}"


class ConsulDeadlines(DeadlineRules):
    """A serving consul's term end; a membership's next renewal."""

    @handles(HonoraryConsul.Appointed)
    def consul_appointed(self, rows: Rows, e: HonoraryConsul.Appointed, position: int) -> None:
        """Appointed: the term end (if any) falls due."""
        self.remember_case(
            rows,
            CONSUL,
            e.originator_id,
            reference=e.reference,
            title=consul_title(e.represents, e.seat_city),
            status="serving",
        )
        if e.term_ends_on is not None:
            self.open_deadline(rows, e, position, TERM, e.term_ends_on)

    @handles(HonoraryConsul.TermExtended)
    def consul_term_extended(
        self, rows: Rows, e: HonoraryConsul.TermExtended, position: int
    ) -> None:
        """A new term end: the deadline moves."""
        self.update_case(rows, e, position)
        self.open_deadline(rows, e, position, TERM, e.term_ends_on)

    @handles(HonoraryConsul.Ended)
    def consul_ended(self, rows: Rows, e: HonoraryConsul.Ended, position: int) -> None:
        """No longer serving: nothing more is due."""
        self.update_case(rows, e, position, status="ended")
        self.close_all(rows, e, position, "ended", e.ended_on)

    @handles(Membership.Joined)
    def membership_joined(self, rows: Rows, e: Membership.Joined, position: int) -> None:
        """Joined: the renewal (if any) falls due."""
        self.remember_case(
            rows,
            MEMBERSHIP,
            e.originator_id,
            reference=e.reference,
            title=e.association,
            status="active",
        )
        if e.renewal_due_on is not None:
            self.open_deadline(rows, e, position, RENEWAL, e.renewal_due_on)

    @handles(Membership.Renewed)
    def membership_renewed(self, rows: Rows, e: Membership.Renewed, position: int) -> None:
        """Renewed: the next renewal falls due, or none."""
        self.update_case(rows, e, position)
        if e.next_renewal_on is not None:
            self.open_deadline(rows, e, position, RENEWAL, e.next_renewal_on)
        else:
            self.close_deadline(rows, e, position, RENEWAL, "renewed", e.renewed_on)

    @handles(Membership.Ended)
    def membership_ended(self, rows: Rows, e: Membership.Ended, position: int) -> None:
        """Left the association: nothing more is due."""
        self.update_case(rows, e, position, status="ended")
        self.close_all(rows, e, position, "ended", e.ended_on)
