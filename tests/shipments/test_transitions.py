"""Every (command, status) pair of the shipment's transition table: allowed, or refused (409)."""

from datetime import date

import pytest

from domain.aid_lines import LineQuantity, LineReceipt
from domain.aid_shipment import TRANSITIONS, ShipmentStatus
from domain.errors import TransitionNotAllowed
from tests.shipments.builders import (
    D,
    ctx,
    full_receipt,
    in_status,
    received_wholly_damaged,
    reported_with_goods_on_hand,
)

# Facts that each command accepts in every status the table allows it in.
FACTS = {
    "declare": lambda s: {"code": "HA-0002", "declared_on": date(2022, 11, 24)},
    "dispatch": lambda s: {"dispatched_on": date(2022, 11, 25)},
    "clear_customs": lambda s: {"cleared_on": date(2022, 11, 29), "customs_ref": "UA807000/2"},
    "receive": lambda s: {"received_on": date(2022, 12, 1), "lines": full_receipt(s)},
    "distribute": lambda s: {
        "distributed_on": date(2022, 12, 6),
        "to": "heating points",
        "act_ref": "act 9",
        "lines": [LineQuantity(2, D("0.5"))],
    },
    "write_off": lambda s: {
        "written_off_on": date(2022, 12, 6),
        "reason": "damaged in storage",
        "lines": [LineQuantity(2, D("0.5"))],
    },
    "report": lambda s: {"reported_on": date(2023, 2, 10), "report_ref": "report 2"},
    "close": lambda s: {"closed_on": date(2023, 2, 28)},
    "cancel": lambda s: {"reason": "the donor withdrew the offer"},
    "correct_receipt": lambda s: {
        "reason": "recount",
        "lines": [LineReceipt(2, D("2.5"))],
    },
    "reverse_receipt": lambda s: {"reason": "recorded against the wrong shipment"},
}
# Where the table's target is None, the status follows from the facts.
FOLLOWS_FROM_FACTS = {
    "declare": None,  # unchanged
    # After the report the status stays `reported`.
    "distribute": {
        ShipmentStatus.PARTIALLY_DISTRIBUTED,
        ShipmentStatus.DISTRIBUTED,
        ShipmentStatus.REPORTED,
    },
    "write_off": {
        ShipmentStatus.PARTIALLY_DISTRIBUTED,
        ShipmentStatus.DISTRIBUTED,
        ShipmentStatus.REPORTED,
    },
    "correct_receipt": {
        ShipmentStatus.RECEIVED,
        ShipmentStatus.PARTIALLY_DISTRIBUTED,
        ShipmentStatus.DISTRIBUTED,
    },
}


def test_every_command_has_facts_and_every_conditional_target_is_described():
    assert set(FACTS) == set(TRANSITIONS)
    assert {c for c, (_, target) in TRANSITIONS.items() if target is None} == set(
        FOLLOWS_FROM_FACTS
    )


@pytest.mark.parametrize(
    ("command", "status"), [(c, s) for c in TRANSITIONS for s in ShipmentStatus]
)
def test_shipment_transitions_follow_the_table(command, status):
    s = in_status(status, declared=command != "declare")
    if command == "report" and status is ShipmentStatus.RECEIVED:
        # Reporting from `received` is for a consignment with nothing on hand.
        s = received_wholly_damaged()
    if command in ("distribute", "write_off") and status is ShipmentStatus.REPORTED:
        # A handover after the report is for goods still on hand.
        s = reported_with_goods_on_hand()
    assert s.status is status
    allowed, target = TRANSITIONS[command]
    facts = FACTS[command](s)
    version = s.version
    if status in allowed:
        getattr(s, command)(ctx(), **facts)
        assert s.version == version + 1
        if target is not None:
            assert s.status is target
        elif FOLLOWS_FROM_FACTS[command] is None:
            assert s.status is status
        else:
            assert s.status in FOLLOWS_FROM_FACTS[command]
    else:
        with pytest.raises(TransitionNotAllowed):
            getattr(s, command)(ctx(), **facts)
        assert s.version == version
        assert s.status is status


def test_final_states_allow_nothing():
    for status in (ShipmentStatus.CLOSED, ShipmentStatus.CANCELLED):
        assert all(status not in allowed for allowed, _ in TRANSITIONS.values())
