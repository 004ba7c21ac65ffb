"""Every (command, status) pair of the FOI request's transition table: allowed, or refused (409)."""

from datetime import date
from decimal import Decimal

import pytest

from domain.calendar import STATUTORY
from domain.errors import TransitionNotAllowed
from domain.foi_request import FINAL, TRANSITIONS, FoiStatus
from tests.foi.builders import ctx, in_status

# Facts that satisfy every rule for a request built by builders.in_status (received Monday
# 02.11.2026; its 20th working day is Monday 30.11.2026), as of 23.11.2026.
VALID_FACTS = {
    "assign": {"officer": "olha"},
    "extend": {
        "notice_sent_on": date(2026, 11, 6),
        "reason": "large_search",
        "justification": "archives",
    },
    "transfer": {
        "to_holder": "Kharkiv Regional Military Administration",
        "transferred_on": date(2026, 11, 6),
        "requester_notified_on": date(2026, 11, 6),
    },
    "defer": {"decided_on": date(2026, 11, 6), "reason": "fire", "new_due_on": date(2026, 12, 15)},
    "clarify": {"on": date(2026, 11, 5), "note": "Which documents exactly?"},
    "answer": {"answered_on": date(2026, 11, 20), "outcome": "granted", "outgoing_number": "2"},
    "record_payment": {"paid_on": date(2026, 11, 20), "amount": Decimal("32.00")},
    "withdraw": {"withdrawn_on": date(2026, 11, 20)},
}
NEEDS_CALENDAR = {"extend", "defer"}
PAIRS = [(command, status) for command in TRANSITIONS for status in FoiStatus]


def run(request, command):
    args = (STATUTORY,) if command in NEEDS_CALENDAR else ()
    getattr(request, command)(ctx(), *args, **VALID_FACTS[command])


def test_the_table_names_every_command_and_the_facts_cover_it():
    assert set(VALID_FACTS) == set(TRANSITIONS)


@pytest.mark.parametrize(("command", "status"), PAIRS, ids=[f"{c}-{s}" for c, s in PAIRS])
def test_command_in_status_is_allowed_exactly_when_the_table_says(command, status):
    request = in_status(status)
    allowed, target = TRANSITIONS[command]
    if status in allowed:
        version = request.version
        run(request, command)
        expected = target
        if target is None:  # stays, except that assigning starts the work
            both = command == "assign" and status is FoiStatus.RECEIVED
            expected = FoiStatus.IN_PROGRESS if both else status
        assert request.status is expected
        assert request.version == version + 1
    else:
        version = request.version
        with pytest.raises(TransitionNotAllowed):
            run(request, command)
        assert request.version == version


@pytest.mark.parametrize("final", sorted(FINAL))
def test_no_command_changes_the_status_of_a_final_request(final):
    for command in TRANSITIONS:
        request = in_status(final)
        allowed, target = TRANSITIONS[command]
        if final in allowed:
            assert target is None
            continue
        with pytest.raises(TransitionNotAllowed):
            run(request, command)
