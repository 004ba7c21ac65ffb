"""HTTP commands on /shipments: announce, and every step of an aid shipment's life."""

from uuid import UUID

from litestar import Controller, Response, post

from application.clock import Clock
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
from application.service import Caller
from application.shipments import ShipmentService
from domain.case_types import url_of
from interfaces.http.auth import can_write
from interfaces.http.deps import IfMatch
from interfaces.http.shipments.detail import ShipmentDetail, shipment_reply


class ShipmentCommandController(Controller):
    """Humanitarian aid shipments, from announcement to the 90-day report."""

    path = url_of("shipment")
    tags = ["shipments"]

    @post("/", guards=[can_write], sync_to_thread=True, status_code=201)
    def announce(
        self, data: AnnounceShipment, shipments: ShipmentService, caller: Caller, clock: Clock
    ) -> Response[ShipmentDetail]:
        """Announce a shipment; it gets the next SHP-YYYY-NNNN reference."""
        return shipment_reply(shipments.announce_shipment(data, caller), shipments, clock, 201)

    @post(
        "/{shipment_id:uuid}/declare",
        guards=[can_write],
        sync_to_thread=True,
        status_code=200,
    )
    def declare(
        self,
        shipment_id: UUID,
        data: DeclareShipment,
        shipments: ShipmentService,
        caller: Caller,
        if_match: IfMatch,
        clock: Clock,
    ) -> Response[ShipmentDetail]:
        """Record the declaration made in the state's online system."""
        saved = shipments.declare_shipment(shipment_id, data, caller, if_match)
        return shipment_reply(saved, shipments, clock)

    @post(
        "/{shipment_id:uuid}/dispatch",
        guards=[can_write],
        sync_to_thread=True,
        status_code=200,
    )
    def dispatch(
        self,
        shipment_id: UUID,
        data: DispatchShipment,
        shipments: ShipmentService,
        caller: Caller,
        if_match: IfMatch,
        clock: Clock,
    ) -> Response[ShipmentDetail]:
        """Record that the donor sent the consignment."""
        saved = shipments.dispatch_shipment(shipment_id, data, caller, if_match)
        return shipment_reply(saved, shipments, clock)

    @post(
        "/{shipment_id:uuid}/clear-customs",
        guards=[can_write],
        sync_to_thread=True,
        status_code=200,
    )
    def clear_customs(
        self,
        shipment_id: UUID,
        data: ClearCustoms,
        shipments: ShipmentService,
        caller: Caller,
        if_match: IfMatch,
        clock: Clock,
    ) -> Response[ShipmentDetail]:
        """Record customs clearance (needs the declaration); the report is due in 90 days."""
        saved = shipments.clear_shipment(shipment_id, data, caller, if_match)
        return shipment_reply(saved, shipments, clock)

    @post(
        "/{shipment_id:uuid}/receive",
        guards=[can_write],
        sync_to_thread=True,
        status_code=200,
    )
    def receive(
        self,
        shipment_id: UUID,
        data: ReceiveShipment,
        shipments: ShipmentService,
        caller: Caller,
        if_match: IfMatch,
        clock: Clock,
    ) -> Response[ShipmentDetail]:
        """Record what arrived, every line once: received + damaged + missing = quantity."""
        saved = shipments.receive_shipment(shipment_id, data, caller, if_match)
        return shipment_reply(saved, shipments, clock)

    @post(
        "/{shipment_id:uuid}/distribute",
        guards=[can_write],
        sync_to_thread=True,
        status_code=200,
    )
    def distribute(
        self,
        shipment_id: UUID,
        data: DistributeShipment,
        shipments: ShipmentService,
        caller: Caller,
        if_match: IfMatch,
        clock: Clock,
    ) -> Response[ShipmentDetail]:
        """Hand aid over to an institution; never more than is on hand."""
        saved = shipments.distribute_shipment(shipment_id, data, caller, if_match)
        return shipment_reply(saved, shipments, clock)

    @post(
        "/{shipment_id:uuid}/write-off",
        guards=[can_write],
        sync_to_thread=True,
        status_code=200,
    )
    def write_off(
        self,
        shipment_id: UUID,
        data: WriteOffShipment,
        shipments: ShipmentService,
        caller: Caller,
        if_match: IfMatch,
        clock: Clock,
    ) -> Response[ShipmentDetail]:
        """Take aid off the books, with a reason; never more than is on hand."""
        saved = shipments.write_off_shipment(shipment_id, data, caller, if_match)
        return shipment_reply(saved, shipments, clock)

    @post(
        "/{shipment_id:uuid}/report",
        guards=[can_write],
        sync_to_thread=True,
        status_code=200,
    )
    def report(
        self,
        shipment_id: UUID,
        data: ReportShipment,
        shipments: ShipmentService,
        caller: Caller,
        if_match: IfMatch,
        clock: Clock,
    ) -> Response[ShipmentDetail]:
        """Record the report on the aid's use (late if after report_due_on)."""
        saved = shipments.report_shipment(shipment_id, data, caller, if_match)
        return shipment_reply(saved, shipments, clock)

    @post(
        "/{shipment_id:uuid}/close",
        guards=[can_write],
        sync_to_thread=True,
        status_code=200,
    )
    def close(
        self,
        shipment_id: UUID,
        data: CloseShipment,
        shipments: ShipmentService,
        caller: Caller,
        if_match: IfMatch,
        clock: Clock,
    ) -> Response[ShipmentDetail]:
        """Close the file."""
        saved = shipments.close_shipment(shipment_id, data, caller, if_match)
        return shipment_reply(saved, shipments, clock)

    @post(
        "/{shipment_id:uuid}/cancel",
        guards=[can_write],
        sync_to_thread=True,
        status_code=200,
    )
    def cancel(
        self,
        shipment_id: UUID,
        data: CancelShipment,
        shipments: ShipmentService,
        caller: Caller,
        if_match: IfMatch,
        clock: Clock,
    ) -> Response[ShipmentDetail]:
        """The consignment will not come (only before customs clearance)."""
        saved = shipments.cancel_shipment(shipment_id, data, caller, if_match)
        return shipment_reply(saved, shipments, clock)

    @post(
        "/{shipment_id:uuid}/correct-receipt",
        guards=[can_write],
        sync_to_thread=True,
        status_code=200,
    )
    def correct_receipt(
        self,
        shipment_id: UUID,
        data: CorrectReceipt,
        shipments: ShipmentService,
        caller: Caller,
        if_match: IfMatch,
        clock: Clock,
    ) -> Response[ShipmentDetail]:
        """Correct the receipt of some lines; never below what has already left stock."""
        saved = shipments.correct_shipment_receipt(shipment_id, data, caller, if_match)
        return shipment_reply(saved, shipments, clock)

    @post(
        "/{shipment_id:uuid}/reverse-receipt",
        guards=[can_write],
        sync_to_thread=True,
        status_code=200,
    )
    def reverse_receipt(
        self,
        shipment_id: UUID,
        data: ReverseReceipt,
        shipments: ShipmentService,
        caller: Caller,
        if_match: IfMatch,
        clock: Clock,
    ) -> Response[ShipmentDetail]:
        """Undo a receipt recorded by mistake, while nothing has left stock."""
        saved = shipments.reverse_shipment_receipt(shipment_id, data, caller, if_match)
        return shipment_reply(saved, shipments, clock)
