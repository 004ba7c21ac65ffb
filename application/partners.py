"""Use cases for partners: register, suspend, resume, sever (ending agreements in force)."""

from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from application.commands.partners import PartnerDecision, RegisterPartner
from application.errors import ConcurrentWrite, DuplicatePartner
from application.service import Caller, CaseService, Saved, store_errors
from domain.agreement import IN_FORCE, Agreement, AgreementStatus
from domain.partner import Partner, PartnerNameClaim
from domain.partner_names import claim_id


class PartnerService(CaseService):
    """What staff do with the register of partners."""

    def register_partner(self, cmd: RegisterPartner, caller: Caller) -> Saved:
        """Register a new partner: never one in a blocked country, nor a duplicate (409)."""
        ctx = self.ctx(caller, cmd.note)
        distinct = cmd.distinct
        partner = Partner.register(
            ctx,
            name=cmd.name,
            country=cmd.country,
            kind=cmd.kind,
            relationship=cmd.relationship,
            name_uk=cmd.name_uk,
            since=cmd.since,
            blocked=self.policy.blocked_countries,
            distinct=distinct,
            distinct_reason=cmd.distinct_reason,
        )
        # DOMAIN.md §7: each name key is claimed in the same atomic save as the partner; the
        # claim's id follows from country and key, so a concurrent duplicate fails to insert it.
        # A partner declared distinct claims only the keys nobody holds yet.
        free = []
        for key in partner.name_keys():
            holder = self.name_holder(partner.country, key)
            if holder is None:
                free.append(key)
            elif not distinct:
                raise DuplicatePartner(holder, partner.country)
        claims = [PartnerNameClaim.claim(ctx, partner, key) for key in free]
        try:
            # The partner last: the position answered is that of its own event.
            return Saved(partner, self.save(*claims, partner))
        except ConcurrentWrite:
            for key in free:
                holder = self.name_holder(partner.country, key)
                if holder is not None and not distinct:
                    raise DuplicatePartner(holder, partner.country) from None
            raise  # a distinct partner lost a race for a free key: 409, the client retries

    def name_holder(self, country: str, key: str) -> UUID | None:
        """The partner holding a name key in a country, if any (registered since the rule)."""
        with store_errors():
            try:
                claim: object = self.app.repository.get(claim_id(country, key))
            except AggregateNotFoundError:
                return None
        return claim.partner_id if isinstance(claim, PartnerNameClaim) else None

    def get_partner(self, partner_id: UUID, version: int | None = None) -> Partner:
        """A partner now, or at a version."""
        if version is not None:
            return self.get_as_of(Partner, partner_id, version)
        return self.get(Partner, partner_id)

    def suspend_partner(
        self,
        partner_id: UUID,
        cmd: PartnerDecision,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Put cooperation with a partner on hold."""
        partner = self.get(Partner, partner_id, expected_version)
        partner.suspend(
            self.ctx(caller, cmd.note),
            decided_on=cmd.decided_on,
            decision_ref=cmd.decision_ref,
            grounds=cmd.grounds,
        )
        return self.saved(partner, expected_version)

    def resume_partner(
        self,
        partner_id: UUID,
        cmd: PartnerDecision,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Resume cooperation with a suspended partner (never in a blocked country)."""
        partner = self.get(Partner, partner_id, expected_version)
        partner.resume(
            self.ctx(caller, cmd.note),
            decided_on=cmd.decided_on,
            decision_ref=cmd.decision_ref,
            grounds=cmd.grounds,
            blocked=self.policy.blocked_countries,
        )
        return self.saved(partner, expected_version)

    def sever_partner(
        self,
        partner_id: UUID,
        cmd: PartnerDecision,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Sever a partner; the same decision terminates its agreements in force, atomically."""
        partner = self.get(Partner, partner_id, expected_version)
        ctx = self.ctx(caller, cmd.note)
        grounds = cmd.grounds or ""  # none given: the domain refuses it (422 on `grounds`)
        decided_on = cmd.decided_on
        partner.sever(ctx, decided_on=decided_on, decision_ref=cmd.decision_ref, grounds=grounds)
        changed: list[Agreement] = []
        for agreement_id in partner.agreement_ids:
            agreement = self.get(Agreement, agreement_id)
            if agreement.status in IN_FORCE:
                agreement.terminate(
                    ctx, terminated_on=decided_on, grounds=grounds, decision_ref=cmd.decision_ref
                )
            elif agreement.status in (AgreementStatus.PROPOSED, AgreementStatus.APPROVED):
                agreement.withdraw(
                    ctx, reason=f"partner severed: {grounds}", withdrawn_on=decided_on
                )
            else:
                continue
            changed.append(agreement)
        return self.saved(partner, expected_version, *changed)
