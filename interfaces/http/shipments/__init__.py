"""HTTP resource /shipments: commands, one shipment's detail and history, lists and stock."""

from domain.case_types import url_of
from interfaces.http.shipments.commands import ShipmentCommandController
from interfaces.http.shipments.detail import ShipmentDetailController
from interfaces.http.shipments.lists import ShipmentListController


class ShipmentController(
    ShipmentCommandController, ShipmentDetailController, ShipmentListController
):
    """Humanitarian aid shipments, from announcement to the 90-day report."""

    path = url_of("shipment")
    tags = ["shipments"]


__all__ = ["ShipmentController"]
