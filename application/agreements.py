"""Use cases for agreements: propose, approve, sign, renew, suspend, resume, end."""

from datetime import date
from typing import Any
from uuid import UUID

from application.calendar import calendar_of
from application.errors import CaseNotFound
from application.service import Caller, CaseService, Saved
from domain.agreement import Agreement, AgreementKind, NoticeGivenBy
from domain.errors import RuleViolation
from domain.partner import Partner
from domain.values import Term

PREFIX = "AGR"


class AgreementService(CaseService):
    """What staff do with agreements."""

    case_class = Agreement

    def propose_agreement(
        self,
        caller: Caller,
        *,
        kind: AgreementKind,
        title: str,
        partner_ids: list[UUID],
        **facts: Any,
    ) -> Saved:
        """Propose an agreement with registered partners; its reference is gapless per year."""
        partners = [self._partner(pid) for pid in partner_ids]
        for partner in partners:
            partner.check_can_be_named(self.policy.blocked_countries)

        def attempt() -> Saved:
            ctx = self.ctx(caller)
            sequence = self.sequence(PREFIX, ctx.today.year, ctx)
            agreement = Agreement.propose(
                ctx,
                reference=sequence.issue(ctx),
                kind=kind,
                title=title,
                partner_ids=list(partner_ids),
                **facts,
            )
            linked = [self._partner(pid) for pid in partner_ids]
            for partner in linked:
                # Checked again on the copies saved: a partner severed meanwhile is refused.
                partner.check_can_be_named(self.policy.blocked_countries)
                partner.link_agreement(ctx, agreement.id)
            return Saved(agreement, self.save(sequence, agreement, *linked))

        return self.retrying(attempt)

    def _partner(self, partner_id: UUID) -> Partner:
        try:
            return self.get(Partner, partner_id)
        except CaseNotFound:
            raise RuleViolation.on("partner_ids", f"no partner with id {partner_id}") from None

    def get_agreement(self, agreement_id: UUID, version: int | None = None) -> Agreement:
        """An agreement now, or at a version."""
        if version is not None:
            return self.get_as_of(Agreement, agreement_id, version)
        return self.get(Agreement, agreement_id)

    def approve_agreement(
        self, agreement_id: UUID, caller: Caller, expected_version: int | None = None, **facts: Any
    ) -> Saved:
        """Record the council's (and the state's) approval."""
        return self.perform("approve", agreement_id, caller, expected_version, facts)

    def sign_agreement(
        self, agreement_id: UUID, caller: Caller, expected_version: int | None = None, **facts: Any
    ) -> Saved:
        """Record the signature and the term."""
        return self.perform("sign", agreement_id, caller, expected_version, facts)

    def renew_agreement(
        self, agreement_id: UUID, caller: Caller, expected_version: int | None = None, **facts: Any
    ) -> Saved:
        """Renew for a new term."""
        return self.perform("renew", agreement_id, caller, expected_version, facts)

    def suspend_agreement(
        self, agreement_id: UUID, caller: Caller, expected_version: int | None = None, **facts: Any
    ) -> Saved:
        """Put the agreement on hold."""
        return self.perform("suspend", agreement_id, caller, expected_version, facts)

    def resume_agreement(
        self, agreement_id: UUID, caller: Caller, expected_version: int | None = None, **facts: Any
    ) -> Saved:
        """Lift a suspension."""
        return self.perform("resume", agreement_id, caller, expected_version, facts)

    def terminate_agreement(
        self, agreement_id: UUID, caller: Caller, expected_version: int | None = None, **facts: Any
    ) -> Saved:
        """End the agreement at once."""
        return self.perform("terminate", agreement_id, caller, expected_version, facts)

    def withdraw_agreement(
        self, agreement_id: UUID, caller: Caller, expected_version: int | None = None, **facts: Any
    ) -> Saved:
        """Abandon the proposal."""
        return self.perform("withdraw", agreement_id, caller, expected_version, facts)

    def give_notice(
        self,
        agreement_id: UUID,
        caller: Caller,
        expected_version: int | None = None,
        *,
        given_by: NoticeGivenBy,
        given_on: date,
        letter_ref: str,
    ) -> Saved:
        """Record a notice of non-renewal, by the agreed deadline: the agreement will expire."""
        calendar = calendar_of(self.app)
        return self.command(
            Agreement,
            agreement_id,
            caller,
            expected_version,
            lambda a, ctx: a.give_notice(
                ctx, calendar, given_by=given_by, given_on=given_on, letter_ref=letter_ref
            ),
        )

    def expire_agreement(
        self, agreement_id: UUID, caller: Caller, expected_version: int | None = None
    ) -> Saved:
        """Record that the term ran out."""
        return self.perform("expire", agreement_id, caller, expected_version, {})

    def supersede_agreement(
        self,
        agreement_id: UUID,
        caller: Caller,
        expected_version: int | None = None,
        *,
        superseded_on: Any,
        by_agreement_id: UUID,
    ) -> Saved:
        """Replace the agreement by another registered one."""
        try:
            self.get(Agreement, by_agreement_id)
        except CaseNotFound:
            raise RuleViolation.on(
                "by_agreement_id", f"no agreement with id {by_agreement_id}"
            ) from None
        return self.perform(
            "supersede",
            agreement_id,
            caller,
            expected_version,
            {"superseded_on": superseded_on, "by_agreement_id": by_agreement_id},
        )


def term_of(value: dict[str, int] | None) -> Term | None:
    """A Term from an API body's {years?, months?}."""
    if value is None:
        return None
    return Term(years=value.get("years", 0) or 0, months=value.get("months", 0) or 0)
