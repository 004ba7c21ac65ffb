"""Partner rules of DOMAIN.md §1: the blocked list, the states, severing."""

from datetime import date
from uuid import uuid4

import pytest

from domain.errors import RuleViolation, TransitionNotAllowed
from domain.partner import TRANSITIONS, Partner, PartnerStatus
from tests.agreements.builders import ctx

BLOCKED = frozenset({"RU"})


def partner(country: str = "US") -> Partner:
    return Partner.register(ctx(), name="Cincinnati", country=country, kind="city", blocked=BLOCKED)


def test_a_partner_in_a_blocked_country_cannot_be_registered():
    with pytest.raises(RuleViolation) as refused:
        partner("ru")
    assert refused.value.problems[0].field == "country"


def test_the_blocked_list_is_a_setting():
    with pytest.raises(RuleViolation):
        Partner.register(ctx(), name="X", country="BY", kind="city", blocked=frozenset({"BY"}))
    assert Partner.register(ctx(), name="X", country="RU", kind="city", blocked=frozenset({"BY"}))


def test_a_country_outside_the_blocked_list_registers_active():
    assert partner("PL").status is PartnerStatus.ACTIVE


def test_a_partner_in_a_blocked_country_cannot_be_named_in_a_new_agreement():
    p = Partner.register(ctx(), name="Belgorod", country="RU", kind="city", blocked=frozenset())
    with pytest.raises(RuleViolation) as refused:
        p.check_can_be_named(BLOCKED)
    assert refused.value.problems[0].field == "partner_ids"


def test_a_severed_or_suspended_partner_cannot_be_named_in_a_new_agreement():
    p = partner()
    p.suspend(ctx(), decided_on=date(2024, 1, 1), decision_ref="d")
    with pytest.raises(RuleViolation):
        p.check_can_be_named(BLOCKED)


@pytest.mark.parametrize(
    ("command", "status"), [(c, s) for c in TRANSITIONS for s in PartnerStatus]
)
def test_partner_transitions_follow_the_table(command, status):
    p = partner()
    if status is PartnerStatus.SUSPENDED:
        p.suspend(ctx(), decided_on=date(2024, 1, 1), decision_ref="d")
    elif status is PartnerStatus.SEVERED:
        p.sever(ctx(), decided_on=date(2024, 1, 1), decision_ref="d", grounds="g")
    allowed, target = TRANSITIONS[command]
    facts = {"decided_on": date(2024, 2, 1), "decision_ref": "d2", "grounds": "g"}
    if status in allowed:
        getattr(p, command)(ctx(), **facts)
        assert p.status is target
    else:
        with pytest.raises(TransitionNotAllowed):
            getattr(p, command)(ctx(), **facts)


def test_severing_needs_grounds():
    with pytest.raises(RuleViolation):
        partner().sever(ctx(), decided_on=date(2022, 5, 11), decision_ref="d", grounds=" ")


def test_linking_the_same_agreement_twice_records_it_once():
    p = partner()
    aid = uuid4()
    p.link_agreement(ctx(), aid)
    p.link_agreement(ctx(), aid)
    assert p.agreement_ids == [aid]
    assert p.version == 2


def test_a_partner_cannot_resume_while_its_country_is_blocked():
    p = Partner.register(ctx(), name="Minsk", country="BY", kind="city", blocked=frozenset())
    p.suspend(ctx(), decided_on=date(2024, 1, 1), decision_ref="d")
    with pytest.raises(RuleViolation):
        p.resume(ctx(), decided_on=date(2024, 2, 1), decision_ref="d2", blocked=frozenset({"BY"}))
    assert p.status is PartnerStatus.SUSPENDED
