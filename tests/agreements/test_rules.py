"""The agreement rules of DOMAIN.md §2, each pinned by a test that fails without it."""

from datetime import date
from uuid import uuid4

import pytest

from domain.agreement import Agreement, AgreementStatus
from domain.errors import FutureDateError, RuleViolation
from domain.values import Term
from tests.agreements.builders import ctx, in_status, proposed

TODAY = date(2026, 11, 23)


def approved(**facts) -> Agreement:
    a = proposed(**facts)
    a.approve(ctx(), council_decision_ref="1", council_decided_on=date(2017, 5, 1))
    return a


def test_cincinnati_memorandum_expires_after_five_years_and_revives_from_its_renewal():
    mou = approved(term=Term(years=5))
    mou.sign(ctx(), signed_on=date(2017, 5, 17))
    assert mou.expires_on == date(2022, 5, 17)
    mou.expire(ctx(date(2022, 5, 17)))
    assert mou.status is AgreementStatus.EXPIRED
    # Renewed after expiry: the new term runs from the renewal, not from the old expiry.
    mou.renew(ctx(), renewed_on=date(2023, 9, 19), term=Term(years=5))
    assert mou.expires_on == date(2028, 9, 19)
    assert mou.ended_on is None
    assert mou.renewals == 1
    assert mou.status is AgreementStatus.RENEWED


def test_renewal_before_expiry_runs_from_the_old_expiry():
    a = approved(term=Term(years=3))
    a.sign(ctx(), signed_on=date(2020, 3, 1))  # expires 2023-03-01
    a.renew(ctx(), renewed_on=date(2023, 1, 15))
    assert a.expires_on == date(2026, 3, 1)


def test_a_signed_agreement_renewed_after_its_expiry_date_runs_from_the_renewal():
    a = approved(term=Term(years=1))
    a.sign(ctx(), signed_on=date(2020, 3, 1))  # expires 2021-03-01, job never ran
    a.renew(ctx(), renewed_on=date(2021, 6, 1))
    assert a.expires_on == date(2022, 6, 1)


def test_a_term_from_29_february_ends_on_28_february():
    a = approved(term=Term(years=1))
    a.sign(ctx(), signed_on=date(2024, 2, 29))
    assert a.expires_on == date(2025, 2, 28)


def test_term_in_months_and_effective_from_later_than_signature():
    a = approved(term=Term(months=18))
    a.sign(ctx(), signed_on=date(2023, 1, 10), effective_from=date(2023, 2, 1))
    assert a.effective_from == date(2023, 2, 1)
    assert a.expires_on == date(2024, 8, 1)


def test_an_explicit_expiry_date_overrides_the_proposed_term():
    a = approved(term=Term(years=5))
    a.sign(ctx(), signed_on=date(2023, 1, 10), expires_on=date(2024, 1, 10))
    assert a.expires_on == date(2024, 1, 10)


def test_no_term_means_an_indefinite_agreement():
    a = approved(term=None)
    a.sign(ctx(), signed_on=date(2023, 1, 10))
    assert a.expires_on is None
    assert a.days_to_expiry(TODAY) is None


def test_expiry_must_fall_after_the_start():
    a = approved(term=None)
    with pytest.raises(RuleViolation) as refused:
        a.sign(ctx(), signed_on=date(2023, 1, 10), expires_on=date(2023, 1, 10))
    assert refused.value.problems[0].field == "expires_on"
    assert a.status is AgreementStatus.APPROVED


def test_term_and_expiry_date_together_are_refused():
    a = approved()
    with pytest.raises(RuleViolation):
        a.sign(ctx(), signed_on=date(2023, 1, 10), term=Term(years=1), expires_on=date(2025, 1, 1))


def test_signing_before_approval_is_refused_by_the_table():
    from domain.errors import TransitionNotAllowed

    with pytest.raises(TransitionNotAllowed):
        proposed().sign(ctx(), signed_on=date(2023, 1, 10))


def test_an_agreement_needing_the_states_approval_cannot_be_signed_without_it():
    a = approved(requires_state_approval=True)
    with pytest.raises(RuleViolation) as refused:
        a.sign(ctx(), signed_on=date(2023, 1, 10))
    assert refused.value.problems[0].field == "state_approval_ref"


def test_with_the_states_approval_it_can_be_signed():
    a = proposed(requires_state_approval=True)
    a.approve(
        ctx(),
        council_decision_ref="1",
        council_decided_on=date(2022, 12, 1),
        state_approval_ref="MFA-7",
        state_approved_on=date(2022, 12, 20),
    )
    a.sign(ctx(), signed_on=date(2023, 1, 10))
    assert a.status is AgreementStatus.SIGNED


def test_signature_before_the_council_decision_is_refused():
    a = approved()  # decided 2017-05-01
    with pytest.raises(RuleViolation):
        a.sign(ctx(), signed_on=date(2017, 4, 30))


@pytest.mark.parametrize(
    ("command", "facts"),
    [
        ("approve", {"council_decision_ref": "1", "council_decided_on": date(2026, 11, 24)}),
        ("sign", {"signed_on": date(2026, 11, 24)}),
        ("renew", {"renewed_on": date(2026, 11, 24)}),
        ("terminate", {"terminated_on": date(2026, 11, 24), "grounds": "g", "decision_ref": "d"}),
        ("suspend", {"suspended_on": date(2026, 11, 24), "reason": "r"}),
        ("withdraw", {"reason": "r", "withdrawn_on": date(2026, 11, 24)}),
        ("supersede", {"superseded_on": date(2026, 11, 24), "by_agreement_id": uuid4()}),
    ],
)
def test_facts_dated_after_today_are_refused(command, facts):
    status = {
        "approve": AgreementStatus.PROPOSED,
        "sign": AgreementStatus.APPROVED,
        "withdraw": AgreementStatus.PROPOSED,
    }.get(command, AgreementStatus.SIGNED)
    a = in_status(status)
    version = a.version
    with pytest.raises(FutureDateError):
        getattr(a, command)(ctx(TODAY), **facts)
    assert a.version == version


def test_expire_before_the_expiry_date_is_refused():
    a = approved(term=Term(years=5))
    a.sign(ctx(), signed_on=date(2023, 1, 10))
    with pytest.raises(RuleViolation):
        a.expire(ctx(date(2028, 1, 9)))
    a.expire(ctx(date(2028, 1, 10)))
    assert a.status is AgreementStatus.EXPIRED


def test_an_indefinite_agreement_cannot_be_renewed():
    a = approved(term=None)
    a.sign(ctx(), signed_on=date(2023, 1, 10))
    with pytest.raises(RuleViolation):
        a.renew(ctx(), renewed_on=date(2024, 1, 10))


def test_an_agreement_cannot_supersede_itself():
    a = in_status(AgreementStatus.SIGNED)
    with pytest.raises(RuleViolation):
        a.supersede(ctx(), superseded_on=date(2024, 1, 1), by_agreement_id=a.id)


def test_a_proposal_needs_a_partner_and_no_partner_twice():
    with pytest.raises(RuleViolation):
        Agreement.propose(ctx(), reference="R", kind="memorandum", title="T", partner_ids=[])
    pid = uuid4()
    with pytest.raises(RuleViolation):
        Agreement.propose(
            ctx(), reference="R", kind="memorandum", title="T", partner_ids=[pid, pid]
        )


def test_auto_renewal_needs_a_term():
    with pytest.raises(RuleViolation):
        proposed(term=None, auto_renew=True)


def test_reminder_windows_must_be_distinct_and_positive():
    with pytest.raises(RuleViolation):
        proposed(reminder_windows_days=(90, 90))
    with pytest.raises(RuleViolation):
        proposed(reminder_windows_days=(0,))
    assert proposed(reminder_windows_days=(30, 90)).reminder_windows_days == [90, 30]


def test_days_to_expiry_and_notice_deadline():
    a = approved(term=Term(years=5), notice_period_days=60)
    a.sign(ctx(), signed_on=date(2023, 9, 19))  # expires 2028-09-19
    assert a.days_to_expiry(date(2028, 9, 9)) == 10
    assert a.notice_deadline() == date(2028, 7, 21)


def test_replaying_the_events_gives_the_same_agreement():
    a = in_status(AgreementStatus.SIGNED)
    a.suspend(ctx(), suspended_on=date(2021, 1, 1), reason="war")
    a.resume(ctx(), resumed_on=date(2021, 2, 1))
    events = a.collect_events()
    replayed = None
    for e in events:
        replayed = e.mutate(replayed)
    assert replayed.__dict__ == a.__dict__


def test_an_agreement_decided_before_kharkiv_s_earliest_twinnings_is_refused():
    # domain.bounds: no twinning or agreement of the council predates 1950.
    a = proposed()
    with pytest.raises(RuleViolation) as e:
        a.approve(ctx(), council_decision_ref="1", council_decided_on=date(1949, 12, 31))
    assert [p.field for p in e.value.problems] == ["council_decided_on"]
    a.approve(ctx(), council_decision_ref="1", council_decided_on=date(1950, 1, 1))
    assert a.status is AgreementStatus.APPROVED
