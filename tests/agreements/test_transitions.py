"""Every (command, status) pair of the agreement's transition table: allowed, or refused (409)."""

from datetime import date
from uuid import uuid4

import pytest

from domain.agreement import TRANSITIONS, AgreementStatus
from domain.errors import TransitionNotAllowed
from tests.agreements.builders import ctx, in_status

# Facts that satisfy every rule for an agreement built by builders.in_status, as of 2026-11-23.
VALID_FACTS = {
    "approve": {"council_decision_ref": "2/2026", "council_decided_on": date(2026, 1, 5)},
    "sign": {"signed_on": date(2026, 2, 1)},
    "renew": {"renewed_on": date(2026, 3, 1)},
    "suspend": {"suspended_on": date(2026, 3, 1), "reason": "review"},
    "resume": {"resumed_on": date(2026, 3, 2)},
    "expire": {},
    "terminate": {"terminated_on": date(2026, 3, 1), "grounds": "breach", "decision_ref": "d"},
    "withdraw": {"reason": "dropped"},
    "supersede": {"superseded_on": date(2026, 3, 1), "by_agreement_id": uuid4()},
    "give_notice": {"given_by": "partner", "given_on": date(2024, 12, 15), "letter_ref": "L-1"},
}
PAIRS = [(command, status) for command in TRANSITIONS for status in AgreementStatus]


def test_the_table_names_every_command_and_the_facts_cover_it():
    assert set(VALID_FACTS) == set(TRANSITIONS)


@pytest.mark.parametrize(("command", "status"), PAIRS, ids=[f"{c}-{s}" for c, s in PAIRS])
def test_command_in_status_is_allowed_exactly_when_the_table_says(command, status):
    # A notice of non-renewal only means something for an agreement that renews by itself.
    agreement = in_status(status, auto_renew=command == "give_notice")
    before = agreement.status
    allowed, target = TRANSITIONS[command]
    today = date(2026, 11, 23)
    if command == "expire" and status is AgreementStatus.RENEWED:
        today = date(2035, 1, 1)  # a renewed term runs to 2030-02-01: expire only after it
    act = getattr(agreement, command)
    if status in allowed:
        act(ctx(today), **VALID_FACTS[command])
        expected = target or (AgreementStatus.SIGNED if command == "resume" else before)
        assert agreement.status == expected
    else:
        version = agreement.version
        with pytest.raises(TransitionNotAllowed):
            act(ctx(today), **VALID_FACTS[command])
        assert agreement.version == version


def test_resume_returns_a_renewed_agreement_to_renewed():
    agreement = in_status(AgreementStatus.RENEWED)
    agreement.suspend(ctx(), suspended_on=date(2026, 1, 1), reason="review")
    agreement.resume(ctx(), resumed_on=date(2026, 2, 1))
    assert agreement.status is AgreementStatus.RENEWED


@pytest.mark.parametrize(
    "final", [AgreementStatus.WITHDRAWN, AgreementStatus.TERMINATED, AgreementStatus.SUPERSEDED]
)
def test_no_command_leaves_a_final_state(final):
    agreement = in_status(final)
    for command in TRANSITIONS:
        with pytest.raises(TransitionNotAllowed):
            getattr(agreement, command)(ctx(), **VALID_FACTS[command])
