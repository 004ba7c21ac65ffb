"""The demo shipments of kharkiv-facts.md, loaded through the real commands."""

from datetime import date
from decimal import Decimal

import msgspec
from eventsourcing.persistence import JSONTranscoder, StoredEvent
from eventsourcing.utils import get_topic

from application.history import HistoryService
from domain.aid_shipment import AidShipment, ShipmentStatus
from infrastructure.transcoder import MsgspecMapper
from interfaces.demo import agreements, shipments

TODAY = date(2026, 11, 23)
# The countries the council's reply of 12.01.2024 names as sources of humanitarian cargo.
REPLY_COUNTRIES = {"FR", "PL", "DE", "SK", "CZ", "AT", "JP", "GE", "ME", "FI", "NL", "AL"}


def loaded(rt) -> list[AidShipment]:
    list(agreements.load(rt))
    lines = list(shipments.load(rt))
    assert lines[-1].startswith(f"aid shipments: {len(shipments.STORIES)} recorded")
    topic = get_topic(AidShipment.Announced)
    found = rt.app.recorder.select_notifications(start=None, limit=1000, topics=[topic])
    return [rt.shipments.get_shipment(n.originator_id) for n in found]


def test_the_demo_records_the_documented_and_illustrative_shipments(memory_runtime):
    rt = memory_runtime
    all_ = loaded(rt)
    by_donor = {s.donor.name: s for s in all_}
    assert {s.donor.country for s in all_} == REPLY_COUNTRIES
    for partner in ("Košice", "Poznań", "Nürnberg"):
        assert by_donor[partner].donor.partner_id is not None
    assert by_donor["Siepomaga foundation"].received_on == date(2022, 12, 1)
    assert by_donor["French entrepreneurs"].lines[0].quantity == Decimal(181)
    assert by_donor["Czech Republic"].received_on == date(2022, 3, 16)
    assert [s.reference for s in all_][:2] == ["SHP-2022-0001", "SHP-2022-0002"]


def test_the_sandbags_are_a_partial_delivery(memory_runtime):
    sandbags = next(s for s in loaded(memory_runtime) if s.donor.name == "Warsaw and Kraków")
    stock = sandbags.figures()[0].stock
    assert (stock.received, stock.missing) == (Decimal(50000), Decimal(20000))
    assert "20000 more expected" in (stock.discrepancy_reason or "")


def test_some_reports_are_on_time_some_late_and_some_shipments_still_open(memory_runtime):
    all_ = loaded(memory_runtime)
    assert {s.late for s in all_ if s.reported_on} == {True, False}
    statuses = {s.status for s in all_}
    assert {ShipmentStatus.CLOSED, ShipmentStatus.ANNOUNCED, ShipmentStatus.CANCELLED} <= statuses
    assert ShipmentStatus.PARTIALLY_DISTRIBUTED in statuses
    assert [s.donor.country for s in all_ if s.overdue(TODAY)] == ["FI"]


def test_illustrative_facts_are_labelled_in_the_audit_trail(memory_runtime):
    rt = memory_runtime
    history = HistoryService(rt.app, rt.clock)
    for s in loaded(rt):
        notes = [e.note or "" for e in history.history(AidShipment, s.id)]
        assert all(note.startswith("illustrative: ") for note in notes), notes
        assert ("the whole record is illustrative" in notes[0]) is s.illustrative, notes[0]


def _key(donor: str, announced_on: date) -> tuple[str, date]:
    return donor, announced_on


def test_made_up_shipments_and_only_they_are_flagged_illustrative(memory_runtime):
    made_up = {_key(s.donor, s.announced_on) for s in shipments.ILLUSTRATIVE}
    documented = {_key(s.donor, s.announced_on) for s in shipments.DOCUMENTED}
    all_ = loaded(memory_runtime)
    flagged = {_key(s.donor.name, s.announced_on) for s in all_ if s.illustrative}
    unflagged = {_key(s.donor.name, s.announced_on) for s in all_ if not s.illustrative}
    assert (flagged, unflagged) == (made_up, documented)


def test_the_documented_shipments_were_received_before_the_reply_of_12_01_2024():
    for story in shipments.DOCUMENTED:
        assert story.received_on is not None, story.donor
        assert date(2022, 1, 1) <= story.received_on < date(2024, 1, 12), story.donor


def test_the_made_up_overdue_examples_are_recent_and_kept_apart_from_2023():
    assert all(s.announced_on.year == 2026 for s in shipments.ILLUSTRATIVE_OVERDUE)
    assert all(s.announced_on.year == 2023 for s in shipments.ILLUSTRATIVE_2023)


def test_a_shipment_announced_before_the_flag_existed_reads_as_documented(memory_runtime):
    rt = memory_runtime
    list(shipments.load(rt))
    topic = get_topic(AidShipment.Announced)
    (note, *_) = rt.app.recorder.select_notifications(start=None, limit=1, topics=[topic])
    state = msgspec.json.decode(note.state)
    assert state.pop("class_version") == 2
    del state["illustrative"]
    old = StoredEvent(note.originator_id, note.originator_version, note.topic,
                      msgspec.json.encode(state))  # fmt: skip
    event = MsgspecMapper(transcoder=JSONTranscoder()).to_domain_event(old)
    assert event.illustrative is False
