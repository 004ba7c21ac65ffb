"""The transition tables against DOMAIN.md's diagrams, written out by hand here.

The generated tests in test_transitions.py check the code against its own table; these check
the table against the design, so a transition added or lost by mistake fails.
"""

from domain.agreement import TRANSITIONS as AGREEMENT
from domain.agreement import AgreementStatus as A
from domain.partner import TRANSITIONS as PARTNER
from domain.partner import PartnerStatus as P

# DOMAIN.md §2: proposed → approved → signed → renewed ...; suspend/resume; expire;
# terminate (from signed, renewed, suspended); withdraw before signing; supersede; a notice of
# non-renewal while signed or renewed (§2 "unless a notice was given"), the status unchanged.
AGREEMENT_DIAGRAM = {
    "approve": ({A.PROPOSED}, A.APPROVED),
    "sign": ({A.APPROVED}, A.SIGNED),
    "renew": ({A.SIGNED, A.RENEWED, A.EXPIRED}, A.RENEWED),
    "suspend": ({A.SIGNED, A.RENEWED}, A.SUSPENDED),
    "resume": ({A.SUSPENDED}, None),
    "expire": ({A.SIGNED, A.RENEWED, A.SUSPENDED}, A.EXPIRED),
    "terminate": ({A.SIGNED, A.RENEWED, A.SUSPENDED}, A.TERMINATED),
    "withdraw": ({A.PROPOSED, A.APPROVED}, A.WITHDRAWN),
    "supersede": ({A.SIGNED, A.RENEWED, A.SUSPENDED, A.EXPIRED}, A.SUPERSEDED),
    "give_notice": ({A.SIGNED, A.RENEWED}, None),
}

# DOMAIN.md §1: active → suspended ⇄ active; active|suspended → severed (final).
PARTNER_DIAGRAM = {
    "suspend": ({P.ACTIVE}, P.SUSPENDED),
    "resume": ({P.SUSPENDED}, P.ACTIVE),
    "sever": ({P.ACTIVE, P.SUSPENDED}, P.SEVERED),
}


def test_the_agreement_table_is_the_designed_one():
    assert {c: (set(allowed), target) for c, (allowed, target) in AGREEMENT.items()} == (
        AGREEMENT_DIAGRAM
    )


def test_no_agreement_command_leaves_a_final_state():
    for allowed, _ in AGREEMENT.values():
        assert not allowed & {A.WITHDRAWN, A.TERMINATED, A.SUPERSEDED}


def test_the_partner_table_is_the_designed_one():
    assert {c: (set(allowed), target) for c, (allowed, target) in PARTNER.items()} == (
        PARTNER_DIAGRAM
    )


def test_the_foi_table_is_the_designed_one():
    from domain.foi_request import TRANSITIONS as FOI
    from domain.foi_request import FoiStatus as F

    # DOMAIN.md §3: received → in_progress → extended → answered; side branches transferred
    # (final for us), deferred → answered, withdrawn (final). Payment follows an answer.
    open_ = {F.RECEIVED, F.IN_PROGRESS, F.EXTENDED, F.DEFERRED}
    designed = {
        "assign": (open_, None),
        "extend": ({F.RECEIVED, F.IN_PROGRESS}, F.EXTENDED),
        "transfer": (open_, F.TRANSFERRED),
        "defer": ({F.RECEIVED, F.IN_PROGRESS, F.EXTENDED}, F.DEFERRED),
        "clarify": (open_, None),
        "answer": (open_, F.ANSWERED),
        "record_payment": ({F.ANSWERED}, None),
        "withdraw": (open_, F.WITHDRAWN),
    }
    assert {c: (set(a), t) for c, (a, t) in FOI.items()} == designed


def test_the_shipment_table_is_the_designed_one():
    from domain.aid_shipment import TRANSITIONS as SHIPMENT
    from domain.aid_shipment import ShipmentStatus as S

    # DOMAIN.md §4: announced → in_transit → cleared → received → (partially_) distributed
    # → reported → closed; cancel before receipt; declare before clearance.
    # Deliberate deviation from the diagram (docs/DEADLINES.md "Design deviations"): distribute
    # and write_off are also allowed in `reported`, because closing needs every line settled
    # (DOMAIN.md §7) and the handover of goods still on hand continues after the 90-day report.
    handed = {S.RECEIVED, S.PARTIALLY_DISTRIBUTED, S.REPORTED}
    designed = {
        "declare": ({S.ANNOUNCED, S.IN_TRANSIT}, None),
        "dispatch": ({S.ANNOUNCED}, S.IN_TRANSIT),
        "clear_customs": ({S.IN_TRANSIT}, S.CLEARED),
        "receive": ({S.CLEARED}, S.RECEIVED),
        "distribute": (handed, None),
        "write_off": (handed, None),
        "report": ({S.RECEIVED, S.PARTIALLY_DISTRIBUTED, S.DISTRIBUTED}, S.REPORTED),
        "close": ({S.REPORTED}, S.CLOSED),
        "cancel": ({S.ANNOUNCED, S.IN_TRANSIT}, S.CANCELLED),
        "correct_receipt": ({S.RECEIVED, S.PARTIALLY_DISTRIBUTED, S.DISTRIBUTED}, None),
        "reverse_receipt": ({S.RECEIVED}, S.CLEARED),
    }
    assert {c: (set(a), t) for c, (a, t) in SHIPMENT.items()} == designed
