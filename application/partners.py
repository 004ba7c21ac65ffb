"""Use cases for partners: register, suspend, resume, sever (ending agreements in force)."""

from datetime import date
from uuid import UUID

from application.service import Caller, CaseService, Saved
from domain.agreement import IN_FORCE, Agreement, AgreementStatus
from domain.partner import Partner, PartnerKind, Relationship


class PartnerService(CaseService):
    """What staff do with the register of partners."""

    def register_partner(
        self,
        caller: Caller,
        *,
        name: str,
        country: str,
        kind: PartnerKind,
        relationship: Relationship = Relationship.NONE,
        name_uk: str | None = None,
        since: int | None = None,
    ) -> Saved:
        """Register a new partner (never one in a blocked country)."""
        partner = Partner.register(
            self.ctx(caller),
            name=name,
            country=country,
            kind=kind,
            relationship=relationship,
            name_uk=name_uk,
            since=since,
            blocked=self.policy.blocked_countries,
        )
        return Saved(partner, self.save(partner))

    def get_partner(self, partner_id: UUID, version: int | None = None) -> Partner:
        """A partner now, or at a version."""
        if version is not None:
            return self.get_as_of(Partner, partner_id, version)
        return self.get(Partner, partner_id)

    def suspend_partner(
        self, partner_id: UUID, caller: Caller, expected_version: int | None = None, **facts: object
    ) -> Saved:
        """Put cooperation with a partner on hold."""
        return self.command(
            Partner, partner_id, caller, expected_version, lambda p, ctx: p.suspend(ctx, **facts)
        )

    def resume_partner(
        self, partner_id: UUID, caller: Caller, expected_version: int | None = None, **facts: object
    ) -> Saved:
        """Resume cooperation with a suspended partner."""
        blocked = self.policy.blocked_countries
        return self.command(
            Partner,
            partner_id,
            caller,
            expected_version,
            lambda p, ctx: p.resume(ctx, blocked=blocked, **facts),
        )

    def sever_partner(
        self,
        partner_id: UUID,
        caller: Caller,
        expected_version: int | None = None,
        *,
        decided_on: date,
        decision_ref: str,
        grounds: str,
    ) -> Saved:
        """Sever a partner; the same decision terminates its agreements in force, atomically."""
        partner = self.get(Partner, partner_id, expected_version)
        ctx = self.ctx(caller)
        partner.sever(ctx, decided_on=decided_on, decision_ref=decision_ref, grounds=grounds)
        changed: list[Agreement] = []
        for agreement_id in partner.agreement_ids:
            agreement = self.get(Agreement, agreement_id)
            if agreement.status in IN_FORCE:
                agreement.terminate(
                    ctx, terminated_on=decided_on, grounds=grounds, decision_ref=decision_ref
                )
            elif agreement.status in (AgreementStatus.PROPOSED, AgreementStatus.APPROVED):
                agreement.withdraw(
                    ctx, reason=f"partner severed: {grounds}", withdrawn_on=decided_on
                )
            else:
                continue
            changed.append(agreement)
        return Saved(partner, self.save(partner, *changed))
