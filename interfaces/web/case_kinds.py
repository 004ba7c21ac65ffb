"""The case types of the console: how each is loaded, shown, dated, and which forms it has."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import msgspec

from domain.agreement import TRANSITIONS as AGREEMENT_TRANSITIONS
from domain.agreement import Agreement
from domain.aid_shipment import TRANSITIONS as SHIPMENT_TRANSITIONS
from domain.aid_shipment import AidShipment
from domain.foi_request import TRANSITIONS as FOI_TRANSITIONS
from domain.foi_request import FoiRequest
from domain.partner import TRANSITIONS as PARTNER_TRANSITIONS
from domain.partner import Partner
from infrastructure.bootstrap import Runtime
from infrastructure.tokens import Principal
from interfaces.http.agreements import agreement_detail
from interfaces.http.foi.detail import foi_detail
from interfaces.http.partners import partner_detail
from interfaces.http.shipments.detail import shipment_detail
from interfaces.web.case_forms import AGREEMENT_FORMS, FOI_FORMS, PARTNER_FORMS
from interfaces.web.forms import CommandForm
from interfaces.web.shipment_forms import SHIPMENT_FORMS


@dataclass(frozen=True)
class CaseKind:
    """One case type in the console."""

    key: str
    cls: type[Any]
    service: Callable[[Runtime], Any]
    load: str
    detail: Callable[[Any, Runtime, Principal], msgspec.Struct]
    dates: Callable[[Any], list[tuple[str, date | None, str, dict[str, Any]]]]
    forms: tuple[CommandForm, ...]
    transitions: dict[str, Any]
    offer: Callable[[Any, CommandForm], bool] = lambda case, form: True  # beyond the table


def _foi_detail(case: FoiRequest, rt: Runtime, p: Principal) -> msgspec.Struct:
    return foi_detail(
        case, rt.foi.last_position(case.id), rt.foi.calendar(), rt.clock.today(), p.role
    )


DATE_TEXTS = (
    ("Answer due", "20 working days after receipt (extended, Art. 20(4))"),
    ("Answer due", "5 working days after receipt, the day of receipt not counted (Art. 20(1))"),
    ("Extension notice due", "the 5th working day after receipt (Art. 20(4))"),
    ("Deferred to", "the deferral decision's new date"),
    ("Answered on", "working days after the due date: %(n)d"),
    ("Expires on", "the date signed or renewed to, else the start plus the term"),
    ("Report due", "90 calendar days after customs clearance, on a working day"),
    (
        "Notice deadline",
        "expiry minus the notice period (%(n)s days), on a working day (Civil Code Art. 254)",
    ),
)
"""Each computed date and how it is computed (the catalogue translates them)."""

Dates = list[tuple[str, date | None, str, dict[str, Any]]]


def _foi_dates(d: Any) -> Dates:
    rows: Dates = [
        (
            "Answer due",
            d.due_on,
            "20 working days after receipt (extended, Art. 20(4))"
            if d.extended
            else "5 working days after receipt, the day of receipt not counted (Art. 20(1))",
            {},
        ),
        (
            "Extension notice due",
            d.extension_notice_due_on,
            "the 5th working day after receipt (Art. 20(4))",
            {},
        ),
    ]
    if d.deferral is not None:
        rows.append(("Deferred to", d.deferral.new_due_on, "the deferral decision's new date", {}))
    if d.answered_on is not None:
        how = "working days after the due date: %(n)d"
        rows.append(("Answered on", d.answered_on, how, {"n": d.working_days_late or 0}))
    return rows


def _agreement_detail(case: Agreement, rt: Runtime, p: Principal) -> msgspec.Struct:
    return agreement_detail(case, rt.agreements.last_position(case.id), rt.agreements, rt.clock)


def _agreement_dates(d: Any) -> Dates:
    return [
        (
            "Expires on",
            d.expires_on,
            "the date signed or renewed to, else the start plus the term",
            {},
        ),
        (
            "Notice deadline",
            d.notice_deadline_on,
            "expiry minus the notice period (%(n)s days), on a working day (Civil Code Art. 254)",
            {"n": d.notice_period_days or "—"},
        ),
    ]


def _shipment_detail(case: AidShipment, rt: Runtime, p: Principal) -> msgspec.Struct:
    service = rt.shipments
    return shipment_detail(
        case, service.last_position(case.id), rt.clock.today(), service.calendar()
    )


def _shipment_dates(d: Any) -> Dates:
    return [
        (
            "Report due",
            d.report_due_on,
            "90 calendar days after customs clearance, on a working day",
            {},
        )
    ]


def _partner_detail(case: Partner, rt: Runtime, p: Principal) -> msgspec.Struct:
    return partner_detail(case, rt.partners.last_position(case.id))


KINDS = {
    "foi": CaseKind(
        "foi",
        FoiRequest,
        lambda rt: rt.foi,
        "get_request",
        _foi_detail,
        _foi_dates,
        FOI_FORMS,
        FOI_TRANSITIONS,
    ),
    "agreements": CaseKind(
        "agreements",
        Agreement,
        lambda rt: rt.agreements,
        "get_agreement",
        _agreement_detail,
        _agreement_dates,
        AGREEMENT_FORMS,
        AGREEMENT_TRANSITIONS,
    ),
    "partners": CaseKind(
        "partners",
        Partner,
        lambda rt: rt.partners,
        "get_partner",
        _partner_detail,
        lambda d: [],
        PARTNER_FORMS,
        PARTNER_TRANSITIONS,
    ),
    "shipments": CaseKind(
        "shipments",
        AidShipment,
        lambda rt: rt.shipments,
        "get_shipment",
        _shipment_detail,
        _shipment_dates,
        SHIPMENT_FORMS,
        SHIPMENT_TRANSITIONS,
    ),
}
