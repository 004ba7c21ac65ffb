"""Cases made through the services, for the reminder job's tests."""

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from application.commands.agreements import (
    ApproveAgreement,
    ProposeAgreement,
    SignAgreement,
    TermBody,
)
from application.commands.foi import AssignFoiRequest, RegisterFoiRequest, RequesterBody
from application.commands.partners import RegisterPartner
from application.commands.shipments import (
    AnnounceShipment,
    ClearCustoms,
    DeclareShipment,
    DispatchShipment,
    DonorBody,
    LineBody,
    ReceiptLineBody,
    ReceiveShipment,
)
from application.service import Caller
from domain.partner_names import name_key
from domain.values import Term
from infrastructure.bootstrap import Runtime

KYIV = ZoneInfo("Europe/Kyiv")
ZERO = Decimal(0)
OLENA = Caller("olena", "manager")


def partner(rt: Runtime, name: str = "Cincinnati") -> object:
    """A partner city; declared distinct when one of that name exists (DOMAIN.md §7)."""
    again = rt.partners.name_holder("US", name_key(name)) is not None
    return rt.partners.register_partner(
        RegisterPartner(
            name=name,
            country="US",
            kind="city",
            distinct=again,
            distinct_reason="another scenario partner" if again else None,
        ),
        OLENA,
    ).case.id


def agreement(
    rt: Runtime,
    *,
    signed_on: date,
    term: Term | None = Term(years=5),
    expires_on: date | None = None,
    **facts: object,
) -> object:
    """A signed agreement (proposed, approved and signed on `signed_on`)."""
    facts.setdefault("owner", "olena")
    proposal = ProposeAgreement(
        kind="memorandum",
        title="Memorandum",
        partner_ids=[partner(rt)],
        term=TermBody.of(term),
        **facts,
    )
    saved = rt.agreements.propose_agreement(proposal, OLENA)
    aid = saved.case.id
    rt.agreements.approve_agreement(
        aid, ApproveAgreement(council_decision_ref="1/2017", council_decided_on=signed_on), OLENA
    )
    rt.agreements.sign_agreement(
        aid, SignAgreement(signed_on=signed_on, expires_on=expires_on), OLENA
    )
    return aid


def foi(rt: Runtime, received_on: date, *, urgent_at: datetime | None = None) -> object:
    """A request received on a day (urgent with the moment of receipt), assigned to taras."""
    facts: dict[str, object] = {}
    if urgent_at is not None:
        facts = {"urgent": True, "urgency_reason": "an emergency", "received_at": urgent_at}
    saved = rt.foi.register_foi_request(
        RegisterFoiRequest(
            requester=RequesterBody(name="Gwara Media", kind="media", email="ed@gwara.ua"),
            channel="email",
            received_on=received_on,
            subject="Aid in 2026",
            text="Which aid came this year?",
            **facts,
        ),
        OLENA,
    )
    rt.foi.assign_foi_request(saved.case.id, AssignFoiRequest(officer="taras"), OLENA)
    return saved.case.id


def shipment(rt: Runtime, *, expected_on: date, cleared_on: date | None = None) -> object:
    """A shipment expected on a day; cleared by customs on `cleared_on` if given."""
    saved = rt.shipments.announce_shipment(
        AnnounceShipment(
            donor=DonorBody(name="Siepomaga", country="PL"),
            recipient="Department of International Cooperation",
            expected_on=expected_on,
            lines=[
                LineBody(
                    line_no=1,
                    category="energy",
                    description="generators",
                    quantity=Decimal("5"),
                    unit="pcs",
                )
            ],
        ),
        OLENA,
    )
    sid = saved.case.id
    if cleared_on is not None:
        rt.shipments.declare_shipment(
            sid, DeclareShipment(code="HA-1", declared_on=cleared_on), OLENA
        )
        rt.shipments.dispatch_shipment(sid, DispatchShipment(dispatched_on=cleared_on), OLENA)
        rt.shipments.clear_shipment(
            sid, ClearCustoms(cleared_on=cleared_on, customs_ref="UA/1"), OLENA
        )
    return sid


def receive(rt: Runtime, sid: object, on: date) -> None:
    """Receive every line in full."""
    rt.shipments.receive_shipment(
        sid,
        ReceiveShipment(
            received_on=on,
            lines=[ReceiptLineBody(line_no=1, received=Decimal("5"), damaged=ZERO, missing=ZERO)],
        ),
        OLENA,
    )


def kyiv(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment in Kyiv."""
    return datetime.combine(day, time(hour, minute), KYIV)
