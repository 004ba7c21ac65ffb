"""Commands of an agreement's life: the HTTP bodies of /agreements, read by the use cases."""

from datetime import date
from typing import Annotated
from uuid import UUID

import msgspec

from application.commands.fields import Command, Name, Ref, Text
from domain.agreement import AgreementKind, NoticeGivenBy
from domain.values import Signatory, Term

Days = Annotated[int, msgspec.Meta(ge=0, le=3650)]
WindowDays = Annotated[int, msgspec.Meta(ge=1, le=3650)]


class TermBody(msgspec.Struct, forbid_unknown_fields=True):
    """An agreed term: {years} or {months}."""

    years: Annotated[int, msgspec.Meta(ge=1, le=99)] | None = None
    months: Annotated[int, msgspec.Meta(ge=1, le=1200)] | None = None

    def __post_init__(self) -> None:
        if self.years is None and self.months is None:
            raise ValueError("term: give years or months")

    def to_domain(self) -> Term:
        """The domain's term (calendar arithmetic)."""
        return Term(years=self.years or 0, months=self.months or 0)

    @classmethod
    def of(cls, term: Term | None) -> "TermBody | None":
        """A term as the API shows it (a zero part is left out)."""
        if term is None:
            return None
        return cls(years=term.years or None, months=term.months or None)


class SignatoryBody(msgspec.Struct, forbid_unknown_fields=True):
    """One signatory."""

    party: Name
    name: Name
    position: Annotated[str, msgspec.Meta(max_length=200)] = ""

    def to_domain(self) -> Signatory:
        """The domain's signatory."""
        return Signatory(party=self.party, name=self.name, position=self.position)


class ProposeAgreement(Command, kw_only=True):
    """Propose an agreement with registered partners."""

    kind: AgreementKind
    title: Text
    partner_ids: Annotated[list[UUID], msgspec.Meta(min_length=1, max_length=50)]
    areas: Annotated[list[Name], msgspec.Meta(max_length=30)] = []
    languages: Annotated[
        list[Annotated[str, msgspec.Meta(pattern="^[a-z]{2,3}$")]], msgspec.Meta(max_length=10)
    ] = []
    owner: Name | None = None
    term: TermBody | None = None
    auto_renew: bool = False
    notice_period_days: Days | None = None
    reminder_windows_days: Annotated[
        list[WindowDays], msgspec.Meta(min_length=1, max_length=10)
    ] = msgspec.field(default_factory=lambda: [90, 60, 30])
    requires_state_approval: bool = False


class ApproveAgreement(Command, kw_only=True):
    """The council's decision, and the state's approval where needed."""

    council_decision_ref: Ref
    council_decided_on: date
    state_approval_ref: Ref | None = None
    state_approved_on: date | None = None


class SignAgreement(Command, kw_only=True):
    """The signature; the term defaults to the proposal's."""

    signed_on: date
    signatories: Annotated[list[SignatoryBody], msgspec.Meta(max_length=20)] = []
    effective_from: date | None = None
    term: TermBody | None = None
    expires_on: date | None = None


class RenewAgreement(Command, kw_only=True):
    """A renewal for a new term."""

    renewed_on: date
    term: TermBody | None = None
    expires_on: date | None = None


class SuspendAgreement(Command, kw_only=True):
    """A suspension."""

    suspended_on: date
    reason: Text
    decision_ref: Ref | None = None


class ResumeAgreement(Command, kw_only=True):
    """The end of a suspension."""

    resumed_on: date


class TerminateAgreement(Command, kw_only=True):
    """A one-sided, immediate termination."""

    terminated_on: date
    grounds: Text
    decision_ref: Ref


class WithdrawAgreement(Command, kw_only=True):
    """Abandoning a proposal."""

    reason: Text
    withdrawn_on: date | None = None


class SupersedeAgreement(Command, kw_only=True):
    """Replacement by another agreement."""

    superseded_on: date
    by_agreement_id: UUID


class GiveNotice(Command, kw_only=True):
    """A notice of non-renewal: who gave it, when, and the letter."""

    given_by: NoticeGivenBy
    given_on: date
    letter_ref: Ref
