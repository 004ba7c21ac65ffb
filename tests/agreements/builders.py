"""Builders for agreements in each status, straight from the domain (no store)."""

from datetime import date, datetime
from uuid import uuid4
from zoneinfo import ZoneInfo

from domain.agreement import Agreement, AgreementStatus
from domain.meta import Ctx
from domain.values import Term

KYIV = ZoneInfo("Europe/Kyiv")


def ctx(today: date = date(2026, 11, 23), actor: str = "olena") -> Ctx:
    return Ctx(actor=actor, today=today, now=datetime.combine(today, datetime.min.time(), KYIV))


def proposed(term: Term | None = Term(years=5), **facts) -> Agreement:
    return Agreement.propose(
        ctx(),
        reference="AGR-2026-0001",
        kind="memorandum",
        title="Memorandum",
        partner_ids=[uuid4()],
        term=term,
        **facts,
    )


def in_status(status: AgreementStatus, **facts) -> Agreement:
    """An agreement brought to a status by the legal path of commands."""
    a = proposed(**facts)
    c = ctx()
    if status is AgreementStatus.PROPOSED:
        return a
    if status is AgreementStatus.WITHDRAWN:
        a.withdraw(c, reason="no longer needed")
        return a
    a.approve(c, council_decision_ref="1/2020", council_decided_on=date(2020, 1, 10))
    if status is AgreementStatus.APPROVED:
        return a
    a.sign(c, signed_on=date(2020, 2, 1))
    if status is AgreementStatus.SIGNED:
        return a
    if status is AgreementStatus.RENEWED:
        a.renew(c, renewed_on=date(2024, 12, 1))
        return a
    if status is AgreementStatus.SUSPENDED:
        a.suspend(c, suspended_on=date(2021, 1, 1), reason="war")
        return a
    if status is AgreementStatus.EXPIRED:
        a.expire(c)  # signed 2020-02-01 for 5 years: expired 2025-02-01
        return a
    if status is AgreementStatus.TERMINATED:
        a.terminate(c, terminated_on=date(2022, 5, 11), grounds="aggression", decision_ref="d")
        return a
    if status is AgreementStatus.SUPERSEDED:
        a.supersede(c, superseded_on=date(2023, 1, 1), by_agreement_id=uuid4())
        return a
    raise AssertionError(status)
