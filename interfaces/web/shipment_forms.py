"""The forms of an aid shipment: declaration to closing, line by line where it counts."""

from application.commands import shipments as aid
from interfaces.web.forms import CommandForm, Field
from interfaces.web.session import WRITERS

SHIPMENT_FORMS = (
    CommandForm(
        "declare",
        "Record the declaration",
        WRITERS,
        aid.DeclareShipment,
        "declare_shipment",
        (Field("code", "text", "Declaration code"), Field("declared_on", "date", "Declared on")),
    ),
    CommandForm(
        "dispatch",
        "Record the dispatch",
        WRITERS,
        aid.DispatchShipment,
        "dispatch_shipment",
        (Field("dispatched_on", "date", "Dispatched on"),),
    ),
    CommandForm(
        "clear_customs",
        "Record customs clearance",
        WRITERS,
        aid.ClearCustoms,
        "clear_shipment",
        (
            Field("cleared_on", "date", "Cleared on"),
            Field("customs_ref", "text", "Customs reference"),
        ),
    ),
    CommandForm(
        "receive",
        "Record the receipt",
        WRITERS,
        aid.ReceiveShipment,
        "receive_shipment",
        (
            Field("received_on", "date", "Received on"),
            Field("lines", "receipt", "What was found, line by line"),
        ),
    ),
    CommandForm(
        "distribute",
        "Record a handover",
        WRITERS,
        aid.DistributeShipment,
        "distribute_shipment",
        (
            Field("distributed_on", "date", "Handed over on"),
            Field("to", "text", "Institution"),
            Field("act_ref", "text", "Act number"),
            Field("lines", "quantities", "Quantities handed over"),
        ),
    ),
    CommandForm(
        "write_off",
        "Record a write-off",
        WRITERS,
        aid.WriteOffShipment,
        "write_off_shipment",
        (
            Field("written_off_on", "date", "Written off on"),
            Field("reason", "text", "Reason"),
            Field("lines", "quantities", "Quantities written off"),
        ),
    ),
    CommandForm(
        "report",
        "Record the 90-day report",
        WRITERS,
        aid.ReportShipment,
        "report_shipment",
        (Field("reported_on", "date", "Reported on"), Field("report_ref", "text", "Report number")),
    ),
    CommandForm(
        "close",
        "Close",
        WRITERS,
        aid.CloseShipment,
        "close_shipment",
        (Field("closed_on", "date", "Closed on"),),
    ),
    CommandForm(
        "cancel",
        "Cancel",
        WRITERS,
        aid.CancelShipment,
        "cancel_shipment",
        (Field("reason", "text", "Reason"),),
    ),
)
