"""Builders for aid shipments in each status, straight from the domain (no store)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from domain.aid_lines import AidLine, Donor, LineQuantity, LineReceipt
from domain.aid_shipment import AidShipment, ShipmentStatus
from domain.meta import Ctx
from domain.values import Money

KYIV = ZoneInfo("Europe/Kyiv")
S = ShipmentStatus
D = Decimal


def ctx(today: date = date(2026, 11, 23), actor: str = "olena") -> Ctx:
    return Ctx(actor=actor, today=today, now=datetime.combine(today, datetime.min.time(), KYIV))


def lines() -> list[AidLine]:
    """Siepomaga's generators and canned meat, and a line of medicines."""
    return [
        AidLine(1, "energy", "generators for heating points", D("75"), "pcs"),
        AidLine(2, "food", "canned meat", D("2.5"), "t", value=Money(D("1200.50"), "EUR")),
        AidLine(
            3, "medicines", "antibiotics", D("100"), "box", lot="L-1", expiry_on=date(2025, 1, 31)
        ),
    ]


def announced(**facts) -> AidShipment:
    values = {
        "reference": "SHP-2022-0001",
        "donor": Donor("Siepomaga", "PL"),
        "recipient": "Department of International Cooperation",
        "expected_on": date(2022, 11, 30),
        "lines": lines(),
    }
    values.update(facts)
    return AidShipment.announce(ctx(date(2022, 11, 21)), **values)


def full_receipt(s: AidShipment) -> list[LineReceipt]:
    return [LineReceipt(line.line_no, line.quantity) for line in s.lines]


def in_status(status: ShipmentStatus, declared: bool = True) -> AidShipment:
    """A shipment brought to a status by the legal path of commands."""
    s = announced()
    c = ctx()
    if status is S.ANNOUNCED:
        return s
    if status is S.CANCELLED:
        s.cancel(c, reason="the donor withdrew the offer")
        return s
    s.dispatch(c, dispatched_on=date(2022, 11, 25))
    if declared or status is not S.IN_TRANSIT:
        s.declare(c, code="HA-0001", declared_on=date(2022, 11, 22))
    if status is S.IN_TRANSIT:
        return s
    s.clear_customs(c, cleared_on=date(2022, 11, 29), customs_ref="UA807000/1")
    if status is S.CLEARED:
        return s
    s.receive(c, received_on=date(2022, 12, 1), lines=full_receipt(s))
    if status is S.RECEIVED:
        return s
    s.distribute(
        c,
        distributed_on=date(2022, 12, 2),
        to="heating points",
        act_ref="act 1",
        lines=[LineQuantity(1, D("70"))],
    )
    if status is S.PARTIALLY_DISTRIBUTED:
        return s
    s.distribute(
        c,
        distributed_on=date(2022, 12, 5),
        to="hospitals",
        act_ref="act 2",
        lines=[LineQuantity(1, D("5")), LineQuantity(2, D("2.5")), LineQuantity(3, D("100"))],
    )
    if status is S.DISTRIBUTED:
        return s
    s.report(c, reported_on=date(2023, 2, 10), report_ref="report 1")
    if status is S.REPORTED:
        return s
    s.close(c, closed_on=date(2023, 2, 20))
    if status is S.CLOSED:
        return s
    raise AssertionError(status)


def received_wholly_damaged() -> AidShipment:
    """A consignment that arrived with nothing in good condition (nothing to hand over)."""
    s = in_status(S.CLEARED)
    s.receive(
        ctx(),
        received_on=date(2022, 12, 1),
        lines=[
            LineReceipt(line.line_no, D(0), damaged=line.quantity, discrepancy_reason="shelled")
            for line in s.lines
        ],
    )
    return s


def reported_with_goods_on_hand() -> AidShipment:
    """Reported on time while 5 generators, the canned meat and the medicines are still on hand."""
    s = in_status(S.PARTIALLY_DISTRIBUTED)
    s.report(ctx(), reported_on=date(2023, 2, 10), report_ref="report 1")
    return s
