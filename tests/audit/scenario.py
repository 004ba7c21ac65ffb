"""A small history written through the application: partners and an agreement's life."""

from datetime import date
from typing import Any

from application.commands.agreements import (
    ApproveAgreement,
    ProposeAgreement,
    RenewAgreement,
    SignAgreement,
)
from application.commands.partners import RegisterPartner
from application.service import Caller
from domain.partner_names import name_key
from infrastructure.bootstrap import Runtime

CLERK = Caller(actor="olena", role="clerk", note="as decided", correlation_id="req-1")


def write_history(rt: Runtime) -> dict[str, object]:
    """Two partners, an agreement proposed, approved, signed and renewed; about 12 events."""
    brno = _partner(rt, "Brno", "CZ")
    lille = _partner(rt, "Lille", "FR")
    proposed = rt.agreements.propose_agreement(
        ProposeAgreement(
            kind="memorandum",
            title="Memorandum on culture",
            partner_ids=[brno.id, lille.id],
            term=None,
        ),
        CLERK,
    ).case
    rt.agreements.approve_agreement(
        proposed.id,
        ApproveAgreement(council_decision_ref="5/2023", council_decided_on=date(2023, 6, 20)),
        CLERK,
    )
    rt.agreements.sign_agreement(
        proposed.id, SignAgreement(signed_on=date(2023, 6, 29), expires_on=date(2024, 6, 29)), CLERK
    )
    rt.agreements.renew_agreement(
        proposed.id,
        RenewAgreement(renewed_on=date(2024, 6, 1), expires_on=date(2025, 6, 29)),
        CLERK,
    )
    return {"partners": [brno.id, lille.id], "agreement": proposed.id}


def _partner(rt: Runtime, name: str, country: str) -> Any:
    """A partner; on a second run, one declared distinct from the first (DOMAIN.md §7)."""
    again = rt.partners.name_holder(country, name_key(name)) is not None
    return rt.partners.register_partner(
        RegisterPartner(
            name=name,
            country=country,
            kind="city",
            distinct=again,
            distinct_reason="another scenario run" if again else None,
        ),
        CLERK,
    ).case
