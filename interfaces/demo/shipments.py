"""Demo aid shipments from ../shared/data/kharkiv-facts.md, each replayed through its life.

Three lists, kept apart:
- DOCUMENTED: the consignments the public sources name, on the dates they give (2022-2023, as
  the council's reply of 12.01.2024 reports what was received); where a source gives no date or
  no year, the chosen one is labelled illustrative in the audit note.
- ILLUSTRATIVE_2023: the reply names twelve countries as 2023's sources of cargo and the kinds
  of cargo; for each country with no documented 2023 consignment, a made-up one of those kinds.
- ILLUSTRATIVE_OVERDUE: recent made-up consignments, so that the demo shows open reports and an
  overdue one.
Made-up records are flagged as a fact on their creation event (`illustrative`), which the lists
and the annual report show per row. Quantities not given by the sources, declaration codes,
customs references, handover acts and report dates are illustrative; every command carrying
such facts says so in its audit note ("illustrative: ...").
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import count
from typing import Any, TypeVar
from uuid import UUID

import msgspec
from eventsourcing.utils import get_topic

from application.commands.shipments import (
    AnnounceShipment,
    CancelShipment,
    ClearCustoms,
    CloseShipment,
    CorrectReceipt,
    DeclareShipment,
    DispatchShipment,
    DistributeShipment,
    DonorBody,
    LineBody,
    QuantityLineBody,
    ReceiptLineBody,
    ReceiveShipment,
    ReportShipment,
    TransportBody,
    WriteOffShipment,
)
from application.service import Policy
from application.shipments import ShipmentService
from domain.aid_lines import (
    AidCategory,
    AidLine,
    LineReceipt,
    Unit,
)
from domain.partner import Partner
from domain.values import Money
from infrastructure.bootstrap import Runtime
from interfaces.demo.clock import DemoDesk, illustrative

B = TypeVar("B", bound=msgspec.Struct)
RECORDS = illustrative("declaration, customs and receipt records, handover acts, report dates")
DEPARTMENT = "Department of International Cooperation, Kharkiv City Council"
HOSPITALS = "municipal hospitals of Kharkiv"
HEATING_POINTS = "heating points of the city"
VODOKANAL = "KP Kharkivvodokanal (water utility)"


@dataclass
class Story:
    """One shipment's life: the facts to announce, then the dated steps that happened."""

    donor: str
    country: str
    lines: list[AidLine]
    announced_on: date
    label: str  # what of the announcement is illustrative
    partner: str | None = None
    declared_on: date | None = None
    dispatched_on: date | None = None
    cleared_on: date | None = None
    received_on: date | None = None
    shortfalls: dict[int, tuple[str, str, str]] = field(default_factory=dict)
    handovers: list[tuple[date, str, dict[int, str]]] = field(default_factory=list)
    write_offs: list[tuple[date, str, dict[int, str]]] = field(default_factory=list)
    recount: tuple[date, int, str, str, str] | None = None
    reported_on: date | None = None
    closed_on: date | None = None
    cancelled: tuple[date, str] | None = None
    expected_in_days: int = 10


def line(n: int, category: str, description: str, quantity: str, unit: str, **kw: Any) -> AidLine:
    """A packing-list line with an exact quantity."""
    value = kw.pop("value", None)
    return AidLine(
        line_no=n,
        category=AidCategory(category),
        description=description,
        quantity=Decimal(quantity),
        unit=Unit(unit),
        value=Money(Decimal(value[0]), value[1]) if value else None,
        **kw,
    )


def medicines(
    n: int, description: str, quantity: str, unit: str, lot: str, expiry: date
) -> AidLine:
    """A medicines line: always with its lot and expiry date."""
    return line(n, "medicines", description, quantity, unit, lot=lot, expiry_on=expiry)


DOCUMENTED: list[Story] = [
    Story(
        "Czech Republic",
        "CZ",
        [
            medicines(1, "medicines", "120", "box", "CZ-2203-A", date(2024, 3, 31)),
            line(2, "medical_equipment", "ventilators", "10", "pcs"),
            line(3, "medical_equipment", "personal protective equipment", "60", "box"),
        ],
        date(2022, 3, 9),
        "quantities, lots and dates before receipt illustrative; received 2022-03-16 documented",
        declared_on=date(2022, 3, 10),
        dispatched_on=date(2022, 3, 12),
        cleared_on=date(2022, 3, 15),
        received_on=date(2022, 3, 16),
        handovers=[(date(2022, 3, 18), HOSPITALS, {1: "120", 2: "10", 3: "60"})],
        reported_on=date(2022, 5, 20),
        closed_on=date(2022, 5, 31),
    ),
    Story(
        "Košice",
        "SK",
        [
            line(1, "food", "food products (2 rail wagon loads)", "2", "set"),
            medicines(
                2, "medicines (1 rail wagon load)", "1", "set", "KE-2022-04", date(2024, 4, 30)
            ),
        ],
        date(2022, 4, 4),
        "dates and lot illustrative; 3 rail wagons of food and medicines in 2022 documented",
        partner="Košice",
        declared_on=date(2022, 4, 5),
        dispatched_on=date(2022, 4, 6),
        cleared_on=date(2022, 4, 8),
        received_on=date(2022, 4, 9),
        handovers=[
            (date(2022, 4, 12), "humanitarian hubs of the city districts", {1: "2"}),
            (date(2022, 4, 12), HOSPITALS, {2: "1"}),
        ],
        reported_on=date(2022, 6, 20),
        closed_on=date(2022, 6, 30),
    ),
    Story(
        "Trnava",
        "SK",
        [
            line(1, "food", "food products", "14", "t"),
            line(2, "hygiene", "hygiene products", "2", "t"),
        ],
        date(2022, 5, 2),
        "dates and the food/hygiene split illustrative; 16 t, mostly food, in 2022 documented",
        declared_on=date(2022, 5, 3),
        dispatched_on=date(2022, 5, 4),
        cleared_on=date(2022, 5, 6),
        received_on=date(2022, 5, 7),
        handovers=[
            (date(2022, 5, 10), "humanitarian hubs of the city districts", {1: "14", 2: "2"})
        ],
        reported_on=date(2022, 8, 15),  # due 2022-08-04: late
        closed_on=date(2022, 8, 31),
    ),
    Story(
        "Warsaw and Kraków",
        "PL",
        [line(1, "building_materials", "sandbags", "70000", "pcs")],
        date(2022, 6, 1),
        "year and dates illustrative; 50,000 sandbags delivered, 20,000 more expected documented",
        declared_on=date(2022, 6, 2),
        dispatched_on=date(2022, 6, 3),
        cleared_on=date(2022, 6, 6),
        received_on=date(2022, 6, 7),
        shortfalls={1: ("50000", "0", "20000 more expected from the donors: a partial delivery")},
        handovers=[
            (
                date(2022, 6, 10),
                "district administrations (protection of critical sites)",
                {1: "30000"},
            ),
            (date(2022, 6, 20), "KP Kharkivteploenerho (heating utility)", {1: "20000"}),
        ],
        reported_on=date(2022, 8, 30),
    ),
    Story(
        "Poznań",
        "PL",
        [line(1, "hygiene", "diapers for newborns", "400", "box")],
        date(2022, 7, 4),
        "year, quantity and dates illustrative; diapers for the city perinatal centre documented",
        partner="Poznań",
        declared_on=date(2022, 7, 5),
        dispatched_on=date(2022, 7, 6),
        cleared_on=date(2022, 7, 8),
        received_on=date(2022, 7, 9),
        handovers=[(date(2022, 7, 11), "Kharkiv city perinatal centre", {1: "400"})],
        reported_on=date(2022, 9, 1),
        closed_on=date(2022, 9, 15),
    ),
    Story(
        "Nürnberg",
        "DE",
        [
            medicines(1, "medicines", "200", "box", "NUE-22-09", date(2022, 11, 30)),
            line(2, "food", "food products", "10", "t"),
            line(3, "hygiene", "hygiene items", "300", "box"),
        ],
        date(2022, 9, 5),
        "year, quantities, lot and dates illustrative; medicines, food and hygiene items "
        "documented",
        partner="Nürnberg",
        declared_on=date(2022, 9, 6),
        dispatched_on=date(2022, 9, 7),
        cleared_on=date(2022, 9, 9),
        received_on=date(2022, 9, 10),
        handovers=[
            (date(2022, 9, 13), HOSPITALS, {1: "195"}),
            (date(2022, 9, 13), "social food distribution points", {2: "10", 3: "300"}),
        ],
        write_offs=[(date(2022, 12, 1), "expired before it could be handed over", {1: "5"})],
        reported_on=date(2022, 12, 5),
        closed_on=date(2022, 12, 20),
    ),
    Story(
        "Georgia",
        "GE",
        [line(1, "energy", "generators", "50", "pcs")],
        date(2022, 12, 5),
        "year, quantity and dates illustrative; generators from Georgia documented",
        declared_on=date(2022, 12, 6),
        dispatched_on=date(2022, 12, 7),
        cleared_on=date(2022, 12, 12),
        received_on=date(2022, 12, 14),
        handovers=[(date(2022, 12, 16), HEATING_POINTS, {1: "50"})],
        reported_on=date(2023, 2, 20),
    ),
    Story(
        "Siepomaga foundation",
        "PL",
        [
            line(1, "energy", "generators for heating points", "75", "pcs"),
            line(2, "food", "canned meat", "3", "t"),
        ],
        date(2022, 11, 21),
        "canned meat quantity and dates before receipt illustrative; 75 generators and "
        "canned meat received 2022-12-01 documented",
        declared_on=date(2022, 11, 22),
        dispatched_on=date(2022, 11, 25),
        cleared_on=date(2022, 11, 29),
        received_on=date(2022, 12, 1),
        handovers=[
            (date(2022, 12, 2), HEATING_POINTS, {1: "75"}),
            (date(2022, 12, 5), "social food distribution points", {2: "3"}),
        ],
        reported_on=date(2023, 2, 10),
        closed_on=date(2023, 2, 28),
    ),
    Story(
        "French entrepreneurs",
        "FR",
        [line(1, "energy", "generators", "181", "pcs")],
        date(2023, 1, 9),
        "dates before receipt illustrative; 181 generators received 2023-01-20 documented",
        declared_on=date(2023, 1, 10),
        dispatched_on=date(2023, 1, 12),
        cleared_on=date(2023, 1, 18),
        received_on=date(2023, 1, 20),
        handovers=[
            (date(2023, 1, 23), HEATING_POINTS, {1: "120"}),
            (date(2023, 2, 1), "municipal enterprises (water, heating, transport)", {1: "61"}),
        ],
        reported_on=date(2023, 4, 25),  # due 2023-04-18: late
        closed_on=date(2023, 5, 5),
    ),
    Story(
        "IsraAID Germany",
        "DE",
        [
            line(1, "vehicles", "fire trucks", "2", "pcs"),
            line(2, "medical_equipment", "medical equipment", "40", "box"),
            medicines(3, "medicines", "100", "box", "IA-2302-M", date(2025, 2, 28)),
            line(4, "clothing", "warm clothes", "1500", "pcs"),
            line(5, "shelter", "blankets", "2000", "pcs"),
            line(6, "water_sanitation", "chlorine tablets for the water utility", "200000", "pcs"),
        ],
        date(2023, 2, 6),
        "year, quantities (except trucks and tablets), lot and dates illustrative",
        declared_on=date(2023, 2, 7),
        dispatched_on=date(2023, 2, 8),
        cleared_on=date(2023, 2, 13),
        received_on=date(2023, 2, 15),
        shortfalls={5: ("1980", "20", "wet in transit")},
        handovers=[
            (date(2023, 2, 17), "municipal fire and rescue service", {1: "2"}),
            (date(2023, 2, 17), VODOKANAL, {6: "200000"}),
            (date(2023, 2, 20), HOSPITALS, {2: "40", 3: "100"}),
            (date(2023, 2, 22), "shelters for internally displaced people", {4: "1500", 5: "1980"}),
        ],
        reported_on=date(2023, 5, 10),
        closed_on=date(2023, 5, 31),
    ),
]


WHOLE = "no city-level shipment documented; the whole record is illustrative"


def made_up_2023(
    donor: str, country: str, lines: list[AidLine], announced_on: date, to: str
) -> Story:
    """A made-up 2023 consignment from a country the reply names: received, handed over in full,
    reported and closed on illustrative dates."""
    return Story(
        donor,
        country,
        lines,
        announced_on,
        f"{WHOLE} (the reply names {country} among the sources of 2023's cargo)",
        declared_on=announced_on + timedelta(days=1),
        dispatched_on=announced_on + timedelta(days=2),
        cleared_on=announced_on + timedelta(days=7),
        received_on=announced_on + timedelta(days=8),
        handovers=[
            (announced_on + timedelta(days=10), to, {ln.line_no: str(ln.quantity) for ln in lines})
        ],
        reported_on=announced_on + timedelta(days=60),
        closed_on=announced_on + timedelta(days=70),
    )


ILLUSTRATIVE_2023: list[Story] = [
    made_up_2023(
        "Polish donors",
        "PL",
        [
            line(1, "building_materials", "roofing sheets for damaged housing", "4000", "pcs"),
            line(2, "building_materials", "OSB boards for closing windows", "30", "pallet"),
        ],
        date(2023, 3, 20),
        "district administrations (repair of damaged housing)",
    ),
    made_up_2023(
        "Slovak donors",
        "SK",
        [line(1, "hygiene", "personal hygiene kits", "3000", "set")],
        date(2023, 4, 17),
        "humanitarian hubs of the city districts",
    ),
    made_up_2023(
        "Czech donors",
        "CZ",
        [line(1, "building_materials", "pipes and fittings for the heating network", "12", "t")],
        date(2023, 5, 15),
        "KP Kharkivteploenerho (heating utility)",
    ),
    made_up_2023(
        "Georgian donors",
        "GE",
        [line(1, "food", "food products", "8", "t")],
        date(2023, 7, 3),
        "social food distribution points",
    ),
    made_up_2023(
        "Montenegrin donors",
        "ME",
        [line(1, "clothing", "warm clothes", "900", "pcs")],
        date(2023, 10, 2),
        "shelters for internally displaced people",
    ),
    made_up_2023(
        "Finnish donors",
        "FI",
        [line(1, "vehicles", "road maintenance machinery for municipal enterprises", "3", "pcs")],
        date(2023, 10, 16),
        "municipal enterprises (roads and utilities)",
    ),
    made_up_2023(
        "Dutch donors",
        "NL",
        [line(1, "vehicles", "special-purpose vehicles (ambulances)", "4", "pcs")],
        date(2023, 11, 6),
        "emergency medical service of the city",
    ),
    Story(
        "Austrian donors",
        "AT",
        [line(1, "shelter", "tents", "100", "pcs", value=("45000", "EUR"))],
        date(2023, 3, 6),
        "no city-level shipment from Austria documented; the whole record is illustrative",
        declared_on=date(2023, 3, 7),
        dispatched_on=date(2023, 3, 8),
        cleared_on=date(2023, 3, 13),
        received_on=date(2023, 3, 14),
        handovers=[(date(2023, 3, 16), "district administrations", {1: "100"})],
        reported_on=date(2023, 5, 30),
        closed_on=date(2023, 6, 9),
    ),
    Story(
        "Japanese donors",
        "JP",
        [line(1, "energy", "portable power stations", "300", "pcs", value=("9000000", "JPY"))],
        date(2023, 4, 3),
        "no city-level shipment from Japan documented; the whole record is illustrative",
        declared_on=date(2023, 4, 4),
        dispatched_on=date(2023, 4, 5),
        cleared_on=date(2023, 4, 10),
        received_on=date(2023, 4, 12),
        recount=(date(2023, 4, 14), 1, "298", "2", "recount: 2 units damaged in the crate"),
        handovers=[(date(2023, 4, 18), "schools and kindergartens of the city", {1: "298"})],
        reported_on=date(2023, 7, 20),  # due 2023-07-09: late
        closed_on=date(2023, 7, 31),
    ),
    Story(
        "Albanian donors",
        "AL",
        [line(1, "food", "food products", "5", "t")],
        date(2023, 6, 5),
        "no city-level shipment from Albania documented; the whole record is illustrative",
        declared_on=date(2023, 6, 6),
        dispatched_on=date(2023, 6, 7),
        cleared_on=date(2023, 6, 12),
        received_on=date(2023, 6, 13),
        handovers=[(date(2023, 6, 15), "social food distribution points", {1: "5"})],
        reported_on=date(2023, 8, 1),
        closed_on=date(2023, 8, 15),
    ),
    Story(
        "Albanian donors",
        "AL",
        [line(1, "clothing", "winter clothes", "600", "pcs")],
        date(2023, 8, 1),
        "no city-level shipment from Albania documented; the whole record is illustrative",
        cancelled=(date(2023, 8, 10), "the donors joined this cargo to another consignment"),
    ),
]

ILLUSTRATIVE_OVERDUE: list[Story] = [
    Story(
        "Finnish donors",
        "FI",
        [line(1, "water_sanitation", "water purification units", "20", "pcs")],
        date(2026, 7, 20),
        "no city-level shipment from Finland documented; the whole record is illustrative",
        declared_on=date(2026, 7, 22),
        dispatched_on=date(2026, 7, 25),
        cleared_on=date(2026, 8, 1),  # due 2026-10-30, not reported: overdue
        received_on=date(2026, 8, 3),
        handovers=[(date(2026, 8, 10), VODOKANAL, {1: "12"})],
    ),
    Story(
        "Dutch donors",
        "NL",
        [line(1, "medical_equipment", "hospital beds", "30", "pcs")],
        date(2026, 9, 21),
        "no city-level shipment from the Netherlands documented; the whole record is illustrative",
        declared_on=date(2026, 9, 22),
        dispatched_on=date(2026, 9, 28),
        cleared_on=date(2026, 10, 5),  # due 2027-01-03
        received_on=date(2026, 10, 7),
        handovers=[(date(2026, 10, 12), HOSPITALS, {1: "18"})],
    ),
    Story(
        "Montenegrin donors",
        "ME",
        [line(1, "clothing", "winter clothes", "800", "pcs")],
        date(2026, 11, 2),
        "no city-level shipment from Montenegro documented; the whole record is illustrative",
        declared_on=date(2026, 11, 10),
        expected_in_days=33,
    ),
]

ILLUSTRATIVE: list[Story] = ILLUSTRATIVE_2023 + ILLUSTRATIVE_OVERDUE
STORIES: list[Story] = DOCUMENTED + ILLUSTRATIVE


def load(runtime: Runtime) -> Iterator[str]:
    """Announce each shipment on its date and replay its documented (or illustrative) life."""
    desk = DemoDesk.open(runtime, date(2022, 1, 10), frozenset({"RU"}))
    shipments = ShipmentService(runtime.app, desk.clock, Policy(frozenset({"RU"})))
    partners = _partner_ids(runtime)
    acts = count(1)
    by_status: dict[str, int] = {}
    made_up = {id(story) for story in ILLUSTRATIVE}
    for story in sorted(STORIES, key=lambda story: story.announced_on):
        partner_id = partners.get(story.partner or "")
        status = _replay(desk, shipments, story, partner_id, acts, id(story) in made_up)
        by_status[status] = by_status.get(status, 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in sorted(by_status.items()))
    yield f"aid shipments: {len(STORIES)} recorded ({summary})"


def _replay(
    desk: DemoDesk,
    svc: ShipmentService,
    story: Story,
    partner_id: UUID | None,
    acts: count,
    made_up: bool,
) -> str:
    desk.on(story.announced_on)
    year = story.announced_on.year
    saved = svc.announce_shipment(
        AnnounceShipment(
            donor=DonorBody(name=story.donor, country=story.country, partner_id=partner_id),
            recipient=DEPARTMENT,
            expected_on=story.announced_on + timedelta(days=story.expected_in_days),
            lines=[_body(LineBody, line) for line in story.lines],
        ),
        illustrative(story.label),
        illustrative=made_up,
    )
    sid = saved.case.id
    ref = saved.case.reference.split("-")[-1]

    def at(day: date) -> ShipmentService:
        desk.on(day)
        return svc

    if story.declared_on:
        at(story.declared_on).declare_shipment(
            sid, DeclareShipment(code=f"HA-{year}-{ref}", declared_on=story.declared_on), RECORDS
        )
    if story.cancelled:
        on, reason = story.cancelled
        return str(
            at(on)
            .cancel_shipment(sid, CancelShipment(reason=reason), illustrative(reason))
            .case.status
        )
    if story.dispatched_on:
        transport = TransportBody(carrier="donor's carrier", waybill=f"WB-{year}-{ref}")
        at(story.dispatched_on).dispatch_shipment(
            sid, DispatchShipment(dispatched_on=story.dispatched_on, transport=transport), RECORDS
        )
    if story.cleared_on:
        at(story.cleared_on).clear_shipment(
            sid,
            ClearCustoms(cleared_on=story.cleared_on, customs_ref=f"UA807000/{year}/{ref}"),
            RECORDS,
        )
    if story.received_on:
        at(story.received_on).receive_shipment(
            sid, ReceiveShipment(received_on=story.received_on, lines=_receipts(story)), RECORDS
        )
    if story.recount:
        on, line_no, good, damaged, reason = story.recount
        fix = ReceiptLineBody(
            line_no=line_no,
            received=Decimal(good),
            damaged=Decimal(damaged),
            missing=Decimal(0),
            discrepancy_reason=reason,
        )
        at(on).correct_shipment_receipt(
            sid, CorrectReceipt(reason=reason, lines=[fix]), illustrative(reason)
        )
    moves = [(on, to, q, None) for on, to, q in story.handovers]
    moves += [(on, None, q, reason) for on, reason, q in story.write_offs]
    for on, to, quantities, reason in sorted(moves, key=lambda m: m[0]):
        lines = [QuantityLineBody(line_no=n, quantity=Decimal(q)) for n, q in quantities.items()]
        if to is not None:
            act = f"act {next(acts)}/{on.year}"
            at(on).distribute_shipment(
                sid, DistributeShipment(distributed_on=on, to=to, act_ref=act, lines=lines), RECORDS
            )
        else:
            at(on).write_off_shipment(
                sid, WriteOffShipment(written_off_on=on, reason=reason or "", lines=lines), RECORDS
            )
    if story.reported_on:
        at(story.reported_on).report_shipment(
            sid,
            ReportShipment(reported_on=story.reported_on, report_ref=f"report {year}-{ref}"),
            RECORDS,
        )
    if story.closed_on:
        at(story.closed_on).close_shipment(sid, CloseShipment(closed_on=story.closed_on), RECORDS)
    return str(svc.get_shipment(sid).status)


def _body(cls: type[B], value: object) -> B:
    """A domain value as a command's nested Struct, checked as an HTTP body is."""
    return msgspec.convert(value, cls, from_attributes=True)


def _receipts(story: Story) -> list[ReceiptLineBody]:
    out = []
    for ln in story.lines:
        if ln.line_no in story.shortfalls:
            good, damaged, reason = story.shortfalls[ln.line_no]
            missing = ln.quantity - Decimal(good) - Decimal(damaged)
            out.append(LineReceipt(ln.line_no, Decimal(good), Decimal(damaged), missing, reason))
        else:
            out.append(LineReceipt(ln.line_no, ln.quantity))
    return [_body(ReceiptLineBody, r) for r in out]


def _partner_ids(runtime: Runtime) -> dict[str, UUID]:
    """Partners registered by the agreements part, by name (donors that are partners)."""
    topic = get_topic(Partner.Registered)
    found: dict[str, UUID] = {}
    for n in runtime.app.recorder.select_notifications(start=None, limit=10_000, topics=[topic]):
        event = runtime.app.mapper.to_domain_event(n)
        found[event.name] = event.originator_id
    return found
