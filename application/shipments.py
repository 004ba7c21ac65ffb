"""Use cases for aid shipments: announce, declare, dispatch, clear, receive, hand over, report."""

from datetime import date
from typing import Any
from uuid import UUID

from application.calendar import calendar_of
from application.errors import CaseNotFound
from application.service import Caller, CaseService, Saved
from domain.aid_lines import AidLine, Donor
from domain.aid_shipment import AidShipment
from domain.errors import RuleViolation
from domain.partner import Partner

PREFIX = "SHP"


class ShipmentService(CaseService):
    """What staff do with humanitarian aid shipments."""

    case_class = AidShipment

    def announce_shipment(
        self,
        caller: Caller,
        *,
        donor: Donor,
        recipient: str,
        expected_on: date,
        lines: list[AidLine],
        illustrative: bool = False,
    ) -> Saved:
        """Announce a shipment; its reference (SHP-YYYY-NNNN) is gapless per year.

        `illustrative` marks a made-up record (the demo data set), not a documented one.
        """
        if donor.partner_id is not None:
            self._check_partner(donor.partner_id, donor.country)

        def attempt() -> Saved:
            ctx = self.ctx(caller)
            sequence = self.sequence(PREFIX, ctx.today.year, ctx)
            shipment = AidShipment.announce(
                ctx,
                reference=sequence.issue(ctx),
                donor=donor,
                recipient=recipient,
                expected_on=expected_on,
                lines=lines,
                illustrative=illustrative,
            )
            return Saved(shipment, self.save(sequence, shipment))

        return self.retrying(attempt)

    def _check_partner(self, partner_id: UUID, country: str) -> None:
        """A donor named as a partner must be a registered partner, in the donor's country."""
        try:
            partner = self.get(Partner, partner_id)
        except CaseNotFound:
            raise RuleViolation.on("donor.partner_id", f"no partner with id {partner_id}") from None
        if partner.country != country.upper():
            raise RuleViolation.on(
                "donor.country", f"partner {partner.name} is in {partner.country}, not {country}"
            )

    def get_shipment(self, shipment_id: UUID, version: int | None = None) -> AidShipment:
        """A shipment now, or at a version."""
        if version is not None:
            return self.get_as_of(AidShipment, shipment_id, version)
        return self.get(AidShipment, shipment_id)

    def declare_shipment(
        self, shipment_id: UUID, caller: Caller, expected_version: int | None = None, **facts: Any
    ) -> Saved:
        """Record the declaration made in the state's online system."""
        return self.perform("declare", shipment_id, caller, expected_version, facts)

    def dispatch_shipment(
        self, shipment_id: UUID, caller: Caller, expected_version: int | None = None, **facts: Any
    ) -> Saved:
        """Record that the donor sent the consignment."""
        return self.perform("dispatch", shipment_id, caller, expected_version, facts)

    def clear_shipment(
        self, shipment_id: UUID, caller: Caller, expected_version: int | None = None, **facts: Any
    ) -> Saved:
        """Record customs clearance: the 90-day reporting clock starts."""
        calendar = calendar_of(self.app)
        return self.perform("clear_customs", shipment_id, caller, expected_version, facts, calendar)

    def receive_shipment(
        self, shipment_id: UUID, caller: Caller, expected_version: int | None = None, **facts: Any
    ) -> Saved:
        """Record what arrived, line by line."""
        return self.perform("receive", shipment_id, caller, expected_version, facts)

    def distribute_shipment(
        self, shipment_id: UUID, caller: Caller, expected_version: int | None = None, **facts: Any
    ) -> Saved:
        """Hand aid over to an institution under an act."""
        return self.perform("distribute", shipment_id, caller, expected_version, facts)

    def write_off_shipment(
        self, shipment_id: UUID, caller: Caller, expected_version: int | None = None, **facts: Any
    ) -> Saved:
        """Take aid off the books, with a reason."""
        return self.perform("write_off", shipment_id, caller, expected_version, facts)

    def report_shipment(
        self, shipment_id: UUID, caller: Caller, expected_version: int | None = None, **facts: Any
    ) -> Saved:
        """Record the report on the aid's use, judged late by the calendar as it stands now."""
        calendar = calendar_of(self.app)
        return self.perform("report", shipment_id, caller, expected_version, facts, calendar)

    def close_shipment(
        self, shipment_id: UUID, caller: Caller, expected_version: int | None = None, **facts: Any
    ) -> Saved:
        """Close the file."""
        return self.perform("close", shipment_id, caller, expected_version, facts)

    def cancel_shipment(
        self, shipment_id: UUID, caller: Caller, expected_version: int | None = None, **facts: Any
    ) -> Saved:
        """The consignment will not come."""
        return self.perform("cancel", shipment_id, caller, expected_version, facts)

    def correct_shipment_receipt(
        self, shipment_id: UUID, caller: Caller, expected_version: int | None = None, **facts: Any
    ) -> Saved:
        """Correct the receipt figures of some lines (a compensating event)."""
        return self.perform("correct_receipt", shipment_id, caller, expected_version, facts)

    def reverse_shipment_receipt(
        self, shipment_id: UUID, caller: Caller, expected_version: int | None = None, **facts: Any
    ) -> Saved:
        """Undo a receipt recorded by mistake (a compensating event)."""
        return self.perform("reverse_receipt", shipment_id, caller, expected_version, facts)
