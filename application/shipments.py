"""Use cases for aid shipments: announce, declare, dispatch, clear, receive, hand over, report."""

from uuid import UUID

from application.calendar import calendar_of
from application.commands.shipments import (
    AnnounceShipment,
    CancelShipment,
    ClearCustoms,
    CloseShipment,
    CorrectReceipt,
    DeclareShipment,
    DispatchShipment,
    DistributeShipment,
    ReceiveShipment,
    ReportShipment,
    ReverseReceipt,
    WriteOffShipment,
)
from application.errors import CaseNotFound
from application.service import Caller, CaseService, Saved
from domain.aid_shipment import AidShipment
from domain.calendar import Calendar
from domain.case_types import prefix_of
from domain.errors import RuleViolation
from domain.partner import Partner

PREFIX = prefix_of("AidShipment")


class ShipmentService(CaseService):
    """What staff do with humanitarian aid shipments."""

    def calendar(self) -> Calendar:
        """The working-day calendar with the administrator's overrides."""
        return calendar_of(self.app)

    def announce_shipment(
        self, cmd: AnnounceShipment, caller: Caller, *, illustrative: bool = False
    ) -> Saved:
        """Announce a shipment; its reference (SHP-YYYY-NNNN) is gapless per year.

        `illustrative` marks a made-up record (the demo data set), not a documented one.
        """
        donor = cmd.donor.to_domain()
        if donor.partner_id is not None:
            self._check_partner(donor.partner_id, donor.country)
        lines = [line.to_domain() for line in cmd.lines]

        def attempt() -> Saved:
            ctx = self.ctx(caller, cmd.note)
            sequence = self.sequence(PREFIX, ctx.today.year, ctx)
            shipment = AidShipment.announce(
                ctx,
                reference=sequence.issue(ctx),
                donor=donor,
                recipient=cmd.recipient,
                expected_on=cmd.expected_on,
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
        self,
        shipment_id: UUID,
        cmd: DeclareShipment,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Record the declaration made in the state's online system."""
        shipment = self.get(AidShipment, shipment_id, expected_version)
        shipment.declare(self.ctx(caller, cmd.note), code=cmd.code, declared_on=cmd.declared_on)
        return self.saved(shipment, expected_version)

    def dispatch_shipment(
        self,
        shipment_id: UUID,
        cmd: DispatchShipment,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Record that the donor sent the consignment."""
        shipment = self.get(AidShipment, shipment_id, expected_version)
        shipment.dispatch(
            self.ctx(caller, cmd.note),
            dispatched_on=cmd.dispatched_on,
            transport=cmd.transport.to_domain() if cmd.transport else None,
        )
        return self.saved(shipment, expected_version)

    def clear_shipment(
        self,
        shipment_id: UUID,
        cmd: ClearCustoms,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Record customs clearance: the 90-day reporting clock starts."""
        shipment = self.get(AidShipment, shipment_id, expected_version)
        shipment.clear_customs(
            self.ctx(caller, cmd.note),
            self.calendar(),
            cleared_on=cmd.cleared_on,
            customs_ref=cmd.customs_ref,
        )
        return self.saved(shipment, expected_version)

    def receive_shipment(
        self,
        shipment_id: UUID,
        cmd: ReceiveShipment,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Record what arrived, line by line."""
        shipment = self.get(AidShipment, shipment_id, expected_version)
        shipment.receive(
            self.ctx(caller, cmd.note),
            received_on=cmd.received_on,
            lines=[line.to_domain() for line in cmd.lines],
        )
        return self.saved(shipment, expected_version)

    def distribute_shipment(
        self,
        shipment_id: UUID,
        cmd: DistributeShipment,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Hand aid over to an institution under an act."""
        shipment = self.get(AidShipment, shipment_id, expected_version)
        shipment.distribute(
            self.ctx(caller, cmd.note),
            distributed_on=cmd.distributed_on,
            to=cmd.to,
            act_ref=cmd.act_ref,
            lines=[line.to_domain() for line in cmd.lines],
        )
        return self.saved(shipment, expected_version)

    def write_off_shipment(
        self,
        shipment_id: UUID,
        cmd: WriteOffShipment,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Take aid off the books, with a reason."""
        shipment = self.get(AidShipment, shipment_id, expected_version)
        shipment.write_off(
            self.ctx(caller, cmd.note),
            written_off_on=cmd.written_off_on,
            reason=cmd.reason,
            lines=[line.to_domain() for line in cmd.lines],
        )
        return self.saved(shipment, expected_version)

    def report_shipment(
        self,
        shipment_id: UUID,
        cmd: ReportShipment,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Record the report on the aid's use, judged late by the calendar as it is now."""
        shipment = self.get(AidShipment, shipment_id, expected_version)
        shipment.report(
            self.ctx(caller, cmd.note),
            self.calendar(),
            reported_on=cmd.reported_on,
            report_ref=cmd.report_ref,
        )
        return self.saved(shipment, expected_version)

    def close_shipment(
        self,
        shipment_id: UUID,
        cmd: CloseShipment,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Close the file."""
        shipment = self.get(AidShipment, shipment_id, expected_version)
        shipment.close(self.ctx(caller, cmd.note), closed_on=cmd.closed_on)
        return self.saved(shipment, expected_version)

    def cancel_shipment(
        self,
        shipment_id: UUID,
        cmd: CancelShipment,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """The consignment will not come."""
        shipment = self.get(AidShipment, shipment_id, expected_version)
        shipment.cancel(self.ctx(caller, cmd.note), reason=cmd.reason)
        return self.saved(shipment, expected_version)

    def correct_shipment_receipt(
        self,
        shipment_id: UUID,
        cmd: CorrectReceipt,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Correct the receipt figures of some lines (a compensating event)."""
        shipment = self.get(AidShipment, shipment_id, expected_version)
        shipment.correct_receipt(
            self.ctx(caller, cmd.note),
            reason=cmd.reason,
            lines=[line.to_domain() for line in cmd.lines],
        )
        return self.saved(shipment, expected_version)

    def reverse_shipment_receipt(
        self,
        shipment_id: UUID,
        cmd: ReverseReceipt,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Undo a receipt recorded by mistake (a compensating event)."""
        shipment = self.get(AidShipment, shipment_id, expected_version)
        shipment.reverse_receipt(self.ctx(caller, cmd.note), reason=cmd.reason)
        return self.saved(shipment, expected_version)
