"""The msgspec mapper: exact round trips, snapshots, upcasting and unreadable records."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest
from eventsourcing.domain import Aggregate, Snapshot, event
from eventsourcing.persistence import JSONTranscoder, MapperDeserialisationError, StoredEvent

from benchmarks.bench_transcoder import sample_events
from domain.agreement import AgreementStatus
from infrastructure.transcoder import MsgspecMapper
from tests.agreements.builders import in_status

MAPPER = MsgspecMapper(transcoder=JSONTranscoder())


def test_every_event_round_trips_exactly():
    for original in sample_events(40):
        stored = MAPPER.to_stored_event(original)
        assert MAPPER.to_domain_event(stored) == original


def test_ukrainian_text_is_stored_as_utf8_not_escaped():
    stored = MAPPER.to_stored_event(sample_events(1)[0])
    assert "Меморандум".encode() in stored.state


def test_a_snapshot_restores_typed_state():
    agreement = in_status(AgreementStatus.RENEWED)
    agreement.collect_events()
    snapshot = Snapshot.take(agreement)
    restored = MAPPER.to_domain_event(MAPPER.to_stored_event(snapshot)).mutate(None)
    assert restored.__dict__ == agreement.__dict__
    assert isinstance(restored.expires_on, date)
    assert restored.status is AgreementStatus.RENEWED


@dataclass(frozen=True)
class Amount:
    value: Decimal


class Account(Aggregate):
    @event("Credited")
    def credit(self, amount: Amount) -> None:
        pass

    class Renamed(Aggregate.Event):
        class_version = 2
        name: str
        reason: str

        @staticmethod
        def upcast_v1_v2(state: dict) -> None:
            state["reason"] = "unknown (recorded before reasons were kept)"

        def apply(self, aggregate: Aggregate) -> None:
            pass


def test_decimals_survive_exactly():
    account = Account()
    account.credit(Amount(Decimal("0.1")))
    credited = account.collect_events()[-1]
    restored = MAPPER.to_domain_event(MAPPER.to_stored_event(credited))
    assert restored.amount.value == Decimal("0.1")


def test_an_old_version_of_an_event_is_upcast_on_reading():
    old = StoredEvent(
        originator_id=uuid4(),
        originator_version=2,
        topic="tests.infrastructure.test_transcoder:Account.Renamed",
        state=b'{"timestamp":"2024-01-01T10:00:00Z","name":"Kharkiv"}',
    )
    renamed = MAPPER.to_domain_event(old)
    assert renamed.reason.startswith("unknown")
    assert renamed.name == "Kharkiv"


def test_an_unreadable_record_names_the_event():
    broken = StoredEvent(
        originator_id=uuid4(),
        originator_version=1,
        topic="tests.infrastructure.test_transcoder:Account.Renamed",
        state=b"{not json",
    )
    with pytest.raises(MapperDeserialisationError, match="Account.Renamed"):
        MAPPER.to_domain_event(broken)


def test_a_sequence_opening_records_its_actor_and_old_openings_read_as_the_system():
    import json

    from domain.sequence import ReferenceSequence
    from tests.agreements.builders import ctx

    opened = ReferenceSequence.open(ctx(actor="olena"), "AGR", 2026).collect_events()[0]
    stored = MAPPER.to_stored_event(opened)
    assert MAPPER.to_domain_event(stored).meta.actor == "olena"
    state = json.loads(stored.state)
    assert state.pop("class_version") == 2
    del state["meta"]  # as stored before version 2
    old = StoredEvent(
        originator_id=stored.originator_id,
        originator_version=stored.originator_version,
        topic=stored.topic,
        state=json.dumps(state).encode(),
    )
    replayed = MAPPER.to_domain_event(old)
    assert replayed.meta.actor == "system"
    assert replayed.mutate(None).prefix == "AGR"


def test_a_partner_registered_before_the_uniqueness_rule_reads_as_not_declared_distinct():
    import json

    from domain.partner import Partner
    from tests.agreements.builders import ctx

    registered = Partner.register(
        ctx(), name="Lublin", country="PL", kind="city", distinct=True, distinct_reason="a region"
    ).collect_events()[0]
    stored = MAPPER.to_stored_event(registered)
    assert MAPPER.to_domain_event(stored).distinct_reason == "a region"
    state = json.loads(stored.state)
    assert state.pop("class_version") == 2
    del state["distinct"], state["distinct_reason"]  # as stored before version 2
    old = StoredEvent(
        originator_id=stored.originator_id,
        originator_version=stored.originator_version,
        topic=stored.topic,
        state=json.dumps(state).encode(),
    )
    replayed = MAPPER.to_domain_event(old)
    assert replayed.distinct is False and replayed.distinct_reason is None
    assert replayed.mutate(None).name == "Lublin"


def test_an_answer_stored_before_lateness_was_recorded_leaves_it_to_the_readers():
    import json
    from datetime import date

    from domain.calendar import STATUTORY
    from tests.foi.builders import ctx, registered

    r = registered(date(2024, 3, 4), date(2024, 6, 3))
    (registration,) = r.collect_events()
    r.answer(ctx(date(2024, 6, 3)), answered_on=date(2024, 3, 12), outcome="granted",
             outgoing_number="1")  # fmt: skip
    answered = r.collect_events()[0]
    stored = MAPPER.to_stored_event(answered)
    assert MAPPER.to_domain_event(stored).working_days_late == 1
    state = json.loads(stored.state)
    assert state.pop("class_version") == 2
    for name in ("due_on", "late", "working_days_late"):
        del state[name]  # as stored before version 2
    old = MAPPER.to_domain_event(
        StoredEvent(
            originator_id=stored.originator_id,
            originator_version=stored.originator_version,
            topic=stored.topic,
            state=json.dumps(state).encode(),
        )
    )
    assert (old.due_on, old.late, old.working_days_late) == (None, None, None)
    replayed = old.mutate(registration.mutate(None))
    assert replayed.late(STATUTORY) is True and replayed.working_days_late(STATUTORY) == 1


def test_a_shipment_report_stored_before_its_due_date_was_recorded_keeps_the_clearance_one():
    import json
    from datetime import date

    from tests.shipments.builders import S, ctx, in_status

    s = in_status(S.DISTRIBUTED)
    s.collect_events()
    s.report(ctx(), reported_on=date(2023, 2, 10), report_ref="r")
    stored = MAPPER.to_stored_event(s.collect_events()[0])
    state = json.loads(stored.state)
    assert state.pop("class_version") == 2
    del state["due_on"]  # as stored before version 2
    old = MAPPER.to_domain_event(
        StoredEvent(
            originator_id=stored.originator_id,
            originator_version=stored.originator_version,
            topic=stored.topic,
            state=json.dumps(state).encode(),
        )
    )
    assert old.due_on is None
