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
from datetime import date, timedelta
from decimal import Decimal
from itertools import count
from typing import TypeVar
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
from domain.aid_lines import LineReceipt
from domain.partner import Partner
from infrastructure.bootstrap import Runtime
from interfaces.demo.clock import DemoDesk, illustrative
from interfaces.demo.shipment_story import DEPARTMENT, Story
from interfaces.demo.shipments_documented import DOCUMENTED
from interfaces.demo.shipments_illustrative import ILLUSTRATIVE_2023, ILLUSTRATIVE_OVERDUE

B = TypeVar("B", bound=msgspec.Struct)
RECORDS = illustrative("declaration, customs and receipt records, handover acts, report dates")

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
