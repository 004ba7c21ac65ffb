"""Use cases for agreements: one per command, each load → one domain call → save."""

from uuid import UUID

from application.calendar import calendar_of
from application.commands.agreements import (
    ApproveAgreement,
    GiveNotice,
    ProposeAgreement,
    RenewAgreement,
    ResumeAgreement,
    SignAgreement,
    SupersedeAgreement,
    SuspendAgreement,
    TerminateAgreement,
    WithdrawAgreement,
)
from application.errors import CaseNotFound
from application.service import Caller, CaseService, Saved
from domain.agreement import Agreement
from domain.calendar import Calendar
from domain.case_types import prefix_of
from domain.errors import RuleViolation
from domain.partner import Partner

PREFIX = prefix_of("Agreement")


class AgreementService(CaseService):
    """What staff do with agreements."""

    def propose_agreement(self, cmd: ProposeAgreement, caller: Caller) -> Saved:
        """Propose an agreement with registered partners; its reference is gapless per year."""
        partners = [self._partner(pid) for pid in cmd.partner_ids]
        for partner in partners:
            partner.check_can_be_named(self.policy.blocked_countries)

        def attempt() -> Saved:
            ctx = self.ctx(caller, cmd.note)
            sequence = self.sequence(PREFIX, ctx.today.year, ctx)
            agreement = Agreement.propose(
                ctx,
                reference=sequence.issue(ctx),
                kind=cmd.kind,
                title=cmd.title,
                partner_ids=list(cmd.partner_ids),
                areas=list(cmd.areas),
                languages=list(cmd.languages),
                owner=cmd.owner,
                term=cmd.term.to_domain() if cmd.term else None,
                auto_renew=cmd.auto_renew,
                notice_period_days=cmd.notice_period_days,
                reminder_windows_days=tuple(cmd.reminder_windows_days),
                requires_state_approval=cmd.requires_state_approval,
            )
            linked = [self._partner(pid) for pid in cmd.partner_ids]
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

    def calendar(self) -> Calendar:
        """The working-day calendar that moves the notice deadline (with today's overrides)."""
        return calendar_of(self.app)

    def approve_agreement(
        self,
        agreement_id: UUID,
        cmd: ApproveAgreement,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Record the council's (and the state's) approval."""
        agreement = self.get(Agreement, agreement_id, expected_version)
        agreement.approve(
            self.ctx(caller, cmd.note),
            council_decision_ref=cmd.council_decision_ref,
            council_decided_on=cmd.council_decided_on,
            state_approval_ref=cmd.state_approval_ref,
            state_approved_on=cmd.state_approved_on,
        )
        return self.saved(agreement, expected_version)

    def sign_agreement(
        self,
        agreement_id: UUID,
        cmd: SignAgreement,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Record the signature and the term."""
        agreement = self.get(Agreement, agreement_id, expected_version)
        agreement.sign(
            self.ctx(caller, cmd.note),
            signed_on=cmd.signed_on,
            signatories=[s.to_domain() for s in cmd.signatories],
            effective_from=cmd.effective_from,
            term=cmd.term.to_domain() if cmd.term else None,
            expires_on=cmd.expires_on,
        )
        return self.saved(agreement, expected_version)

    def renew_agreement(
        self,
        agreement_id: UUID,
        cmd: RenewAgreement,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Renew for a new term."""
        agreement = self.get(Agreement, agreement_id, expected_version)
        agreement.renew(
            self.ctx(caller, cmd.note),
            renewed_on=cmd.renewed_on,
            term=cmd.term.to_domain() if cmd.term else None,
            expires_on=cmd.expires_on,
        )
        return self.saved(agreement, expected_version)

    def suspend_agreement(
        self,
        agreement_id: UUID,
        cmd: SuspendAgreement,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Put the agreement on hold."""
        agreement = self.get(Agreement, agreement_id, expected_version)
        agreement.suspend(
            self.ctx(caller, cmd.note),
            suspended_on=cmd.suspended_on,
            reason=cmd.reason,
            decision_ref=cmd.decision_ref,
        )
        return self.saved(agreement, expected_version)

    def resume_agreement(
        self,
        agreement_id: UUID,
        cmd: ResumeAgreement,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Lift a suspension."""
        agreement = self.get(Agreement, agreement_id, expected_version)
        agreement.resume(self.ctx(caller, cmd.note), resumed_on=cmd.resumed_on)
        return self.saved(agreement, expected_version)

    def terminate_agreement(
        self,
        agreement_id: UUID,
        cmd: TerminateAgreement,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """End the agreement at once."""
        agreement = self.get(Agreement, agreement_id, expected_version)
        agreement.terminate(
            self.ctx(caller, cmd.note),
            terminated_on=cmd.terminated_on,
            grounds=cmd.grounds,
            decision_ref=cmd.decision_ref,
        )
        return self.saved(agreement, expected_version)

    def withdraw_agreement(
        self,
        agreement_id: UUID,
        cmd: WithdrawAgreement,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Abandon the proposal."""
        agreement = self.get(Agreement, agreement_id, expected_version)
        agreement.withdraw(
            self.ctx(caller, cmd.note), reason=cmd.reason, withdrawn_on=cmd.withdrawn_on
        )
        return self.saved(agreement, expected_version)

    def give_notice(
        self,
        agreement_id: UUID,
        cmd: GiveNotice,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Record a notice of non-renewal, by the agreed deadline: the agreement will expire."""
        agreement = self.get(Agreement, agreement_id, expected_version)
        agreement.give_notice(
            self.ctx(caller, cmd.note),
            self.calendar(),
            given_by=cmd.given_by,
            given_on=cmd.given_on,
            letter_ref=cmd.letter_ref,
        )
        return self.saved(agreement, expected_version)

    def expire_agreement(
        self, agreement_id: UUID, caller: Caller, expected_version: int | None = None
    ) -> Saved:
        """Record that the term ran out (no body: the expiry date decides)."""
        agreement = self.get(Agreement, agreement_id, expected_version)
        agreement.expire(self.ctx(caller))
        return self.saved(agreement, expected_version)

    def supersede_agreement(
        self,
        agreement_id: UUID,
        cmd: SupersedeAgreement,
        caller: Caller,
        expected_version: int | None = None,
    ) -> Saved:
        """Replace the agreement by another registered one."""
        try:
            self.get(Agreement, cmd.by_agreement_id)
        except CaseNotFound:
            raise RuleViolation.on(
                "by_agreement_id", f"no agreement with id {cmd.by_agreement_id}"
            ) from None
        agreement = self.get(Agreement, agreement_id, expected_version)
        agreement.supersede(
            self.ctx(caller, cmd.note),
            superseded_on=cmd.superseded_on,
            by_agreement_id=cmd.by_agreement_id,
        )
        return self.saved(agreement, expected_version)
