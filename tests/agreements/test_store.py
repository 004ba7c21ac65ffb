"""Agreements and partners through the application, on SQLite and on PostgreSQL."""

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from uuid import uuid4

import pytest

from application.commands.agreements import (
    ApproveAgreement,
    ProposeAgreement,
    RenewAgreement,
    ResumeAgreement,
    SignAgreement,
    SuspendAgreement,
    TermBody,
    WithdrawAgreement,
)
from application.commands.partners import PartnerDecision, RegisterPartner
from application.errors import CaseNotFound, ConcurrentWrite, VersionMismatch
from application.service import Caller
from domain.agreement import Agreement, AgreementStatus
from domain.errors import RuleViolation

OLENA = Caller(actor="olena", correlation_id="req-1", note="as discussed")


def partner(rt, name="Cincinnati", country="US"):
    return rt.partners.register_partner(
        RegisterPartner(name=name, country=country, kind="city"), OLENA
    ).case


def test_cincinnati_memorandum_life_is_stored_and_replayed(runtime, clock):
    p = partner(runtime)
    clock.set(date(2017, 5, 17))
    saved = runtime.agreements.propose_agreement(
        ProposeAgreement(
            kind="memorandum", title="MoU", partner_ids=[p.id], term=TermBody(years=5)
        ),
        OLENA,
    )
    aid = saved.case.id
    assert saved.case.reference == "AGR-2017-0001"
    runtime.agreements.approve_agreement(
        aid, ApproveAgreement(council_decision_ref="1", council_decided_on=date(2017, 5, 10)), OLENA
    )
    signed = runtime.agreements.sign_agreement(
        aid, SignAgreement(signed_on=date(2017, 5, 17)), OLENA
    )
    assert signed.case.expires_on == date(2022, 5, 17)
    clock.set(date(2022, 5, 17))
    runtime.agreements.expire_agreement(aid, Caller("system"))
    clock.set(date(2023, 9, 19))
    renewed = runtime.agreements.renew_agreement(
        aid, RenewAgreement(renewed_on=date(2023, 9, 19)), OLENA
    )
    assert renewed.position > signed.position

    loaded = runtime.agreements.get_agreement(aid)
    assert loaded.expires_on == date(2028, 9, 19)
    assert loaded.status is AgreementStatus.RENEWED
    assert runtime.agreements.get_agreement(aid, version=3).status is AgreementStatus.SIGNED
    events = list(runtime.app.events.get(aid))
    assert [type(e).__name__ for e in events] == [
        "Proposed",
        "Approved",
        "Signed",
        "Expired",
        "Renewed",
    ]
    assert {e.meta.actor for e in events} == {"olena", "system"}
    assert events[0].meta.note == "as discussed"
    assert events[0].meta.correlation_id == "req-1"
    # The partner knows its agreement, so severing can find it.
    assert runtime.partners.get_partner(p.id).agreement_ids == [aid]


def test_severing_a_partner_terminates_its_agreements_in_force_in_one_transaction(runtime, clock):
    clock.set(date(2010, 1, 10))
    belgorod = runtime.partners.register_partner(
        RegisterPartner(name="Belgorod", country="DE", kind="city"), OLENA
    ).case
    ids = []
    for title in ("Twinning", "Culture"):
        a = runtime.agreements.propose_agreement(
            ProposeAgreement(kind="twinning", title=title, partner_ids=[belgorod.id]), OLENA
        ).case
        runtime.agreements.approve_agreement(
            a.id,
            ApproveAgreement(council_decision_ref="1", council_decided_on=date(2010, 1, 10)),
            OLENA,
        )
        runtime.agreements.sign_agreement(a.id, SignAgreement(signed_on=date(2010, 1, 10)), OLENA)
        ids.append(a.id)
    pending = runtime.agreements.propose_agreement(
        ProposeAgreement(kind="memorandum", title="Youth", partner_ids=[belgorod.id]), OLENA
    ).case
    clock.set(date(2022, 6, 1))
    before = runtime.app.position
    runtime.partners.sever_partner(
        belgorod.id,
        PartnerDecision(decided_on=date(2022, 5, 11), decision_ref="s", grounds="aggression"),
        OLENA,
    )
    assert [runtime.agreements.get_agreement(i).status for i in ids] == [
        AgreementStatus.TERMINATED,
        AgreementStatus.TERMINATED,
    ]
    assert runtime.agreements.get_agreement(pending.id).status is AgreementStatus.WITHDRAWN
    assert runtime.agreements.get_agreement(ids[0]).ended_on == date(2022, 5, 11)
    assert runtime.app.position > before


def test_a_new_agreement_with_a_severed_partner_or_an_unknown_one_is_refused(runtime):
    p = partner(runtime)
    runtime.partners.sever_partner(
        p.id, PartnerDecision(decided_on=date(2026, 1, 1), decision_ref="s", grounds="g"), OLENA
    )
    position = runtime.app.position
    with pytest.raises(RuleViolation):
        runtime.agreements.propose_agreement(
            ProposeAgreement(kind="memorandum", title="T", partner_ids=[p.id]), OLENA
        )
    with pytest.raises(RuleViolation):
        runtime.agreements.propose_agreement(
            ProposeAgreement(kind="memorandum", title="T", partner_ids=[uuid4()]), OLENA
        )
    assert runtime.app.position == position


def test_an_old_expected_version_is_refused_with_version_mismatch(runtime):
    p = partner(runtime)
    a = runtime.agreements.propose_agreement(
        ProposeAgreement(kind="memorandum", title="T", partner_ids=[p.id]), OLENA
    ).case
    with pytest.raises(VersionMismatch):
        runtime.agreements.withdraw_agreement(
            a.id, WithdrawAgreement(reason="x"), OLENA, expected_version=2
        )
    runtime.agreements.withdraw_agreement(
        a.id, WithdrawAgreement(reason="x"), OLENA, expected_version=1
    )


def test_a_lost_race_is_a_concurrent_write(runtime):
    p = partner(runtime)
    a = runtime.agreements.propose_agreement(
        ProposeAgreement(kind="memorandum", title="T", partner_ids=[p.id]), OLENA
    ).case
    first = runtime.agreements.get_agreement(a.id)
    second = runtime.agreements.get_agreement(a.id)
    first.withdraw(runtime.agreements.ctx(OLENA), reason="one")
    second.approve(
        runtime.agreements.ctx(OLENA), council_decision_ref="1", council_decided_on=date(2026, 1, 1)
    )
    runtime.agreements.save(first)
    with pytest.raises(ConcurrentWrite):
        runtime.agreements.save(second)
    assert runtime.agreements.get_agreement(a.id).status is AgreementStatus.WITHDRAWN


def test_a_partner_id_is_not_an_agreement(runtime):
    p = partner(runtime)
    with pytest.raises(CaseNotFound):
        runtime.agreements.get_agreement(p.id)


def test_references_stay_gapless_and_unique_under_concurrent_proposals(runtime):
    p = partner(runtime)

    def propose(i: int) -> str:
        return runtime.agreements.propose_agreement(
            ProposeAgreement(kind="memorandum", title=f"T{i}", partner_ids=[p.id]),
            Caller(f"clerk-{i}"),
        ).case.reference

    with ThreadPoolExecutor(max_workers=8) as pool:
        references = list(pool.map(propose, range(40)))
    assert sorted(references) == [f"AGR-2026-{n:04d}" for n in range(1, 41)]
    assert len(runtime.partners.get_partner(p.id).agreement_ids) == 40


def test_long_lived_agreements_are_snapshotted_and_load_the_same(runtime):
    p = partner(runtime)
    a = runtime.agreements.propose_agreement(
        ProposeAgreement(kind="memorandum", title="T", partner_ids=[p.id], term=TermBody(years=1)),
        OLENA,
    ).case
    runtime.agreements.approve_agreement(
        a.id, ApproveAgreement(council_decision_ref="1", council_decided_on=date(2020, 1, 1)), OLENA
    )
    runtime.agreements.sign_agreement(a.id, SignAgreement(signed_on=date(2020, 1, 1)), OLENA)
    for i in range(25):
        runtime.agreements.suspend_agreement(
            a.id, SuspendAgreement(suspended_on=date(2020, 2, 1), reason=f"r{i}"), OLENA
        )
        runtime.agreements.resume_agreement(
            a.id, ResumeAgreement(resumed_on=date(2020, 2, 2)), OLENA
        )
    assert runtime.agreements.get_agreement(a.id).version == 53
    snapshots = list(runtime.app.snapshots.get(a.id))
    assert [s.originator_version for s in snapshots] == [50]
    from_snapshot = runtime.app.repository.get(a.id)
    replayed = None
    for event in runtime.app.events.get(a.id):
        replayed = event.mutate(replayed)
    assert isinstance(from_snapshot, Agreement)
    assert from_snapshot.__dict__ == replayed.__dict__


def test_severing_stores_nothing_when_one_of_its_agreements_lost_a_race(runtime, clock):
    clock.set(date(2010, 1, 10))
    p = partner(runtime, "Daugavpils", "LV")
    a = runtime.agreements.propose_agreement(
        ProposeAgreement(kind="twinning", title="T", partner_ids=[p.id]), OLENA
    ).case
    runtime.agreements.approve_agreement(
        a.id,
        ApproveAgreement(council_decision_ref="1", council_decided_on=date(2010, 1, 10)),
        OLENA,
    )
    runtime.agreements.sign_agreement(a.id, SignAgreement(signed_on=date(2010, 1, 10)), OLENA)
    clock.set(date(2022, 6, 1))
    original_get = runtime.partners.get

    def get_then_race(cls, case_id, expected_version=None):
        case = original_get(cls, case_id, expected_version)
        if isinstance(case, Agreement):
            # Another clerk suspends the agreement between our read and our save.
            runtime.agreements.suspend_agreement(
                case_id,
                SuspendAgreement(suspended_on=date(2022, 5, 1), reason="review"),
                Caller("taras"),
            )
        return case

    runtime.partners.get = get_then_race
    position = runtime.app.position
    with pytest.raises(ConcurrentWrite):
        runtime.partners.sever_partner(
            p.id,
            PartnerDecision(decided_on=date(2022, 5, 11), decision_ref="s", grounds="g"),
            OLENA,
        )
    # Only the rival's suspension was stored: neither the severing nor the termination.
    assert runtime.app.position == position + 1
    runtime.partners.get = original_get
    assert runtime.partners.get_partner(p.id).status.value == "active"
    assert runtime.agreements.get_agreement(a.id).status is AgreementStatus.SUSPENDED
