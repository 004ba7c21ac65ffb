"""The directory's case types in the console (issue 17): honorary consuls and memberships.

The same case page as the other types (interfaces/web/cases.py). A consul's person is shown to
staff only, as in the API (interfaces/http/people.shown): an auditor sees "hidden". Erasing
the person is for managers and administrators, and asks for a confirmation first.
"""

from typing import Any

import msgspec

from application.commands.consuls import EndConsul, EndMembership, ExtendConsulTerm, RenewMembership
from application.commands.contacts import ErasePerson
from domain.honorary_consul import TRANSITIONS as CONSUL_TRANSITIONS
from domain.honorary_consul import ConsulStatus, HonoraryConsul
from domain.membership import TRANSITIONS as MEMBERSHIP_TRANSITIONS
from domain.membership import Membership
from infrastructure.bootstrap import Runtime
from infrastructure.tokens import Principal
from interfaces.http.consuls import consul_detail
from interfaces.http.memberships import membership_detail
from interfaces.http.people import STAFF, shown
from interfaces.web.case_kinds import CaseKind, Dates
from interfaces.web.forms import CommandForm, Field
from interfaces.web.session import MANAGERS, WRITERS

CONFIRM = "confirm"  # the erase form's checkbox: erasure is final, so it is confirmed first
ERASE = CommandForm(
    "erase",
    "Erase the personal data",
    MANAGERS,
    ErasePerson,
    "erase_person",
    (
        Field("requested_on", "date", "Requested on"),
        Field("grounds", "text", "Grounds"),
        Field(CONFIRM, "confirm", "I confirm: the personal data are erased for good"),
    ),
)
CONSUL_FORMS = (
    CommandForm(
        "extend",
        "Extend the term",
        WRITERS,
        ExtendConsulTerm,
        "extend_term",
        (
            Field("term_ends_on", "date", "Term ends on"),
            Field("decision_ref", "text", "Decision number"),
        ),
    ),
    CommandForm(
        "end",
        "End the appointment",
        WRITERS,
        EndConsul,
        "end_consul",
        (Field("ended_on", "date", "Ended on"), Field("reason", "text", "Reason")),
    ),
    ERASE,
)
MEMBERSHIP_FORMS = (
    CommandForm(
        "renew",
        "Renew",
        WRITERS,
        RenewMembership,
        "renew_membership",
        (
            Field("renewed_on", "date", "Renewed on"),
            Field("next_renewal_on", "date", "Next renewal", required=False),
        ),
    ),
    CommandForm(
        "end",
        "End the membership",
        WRITERS,
        EndMembership,
        "end_membership",
        (Field("ended_on", "date", "Ended on"), Field("reason", "text", "Reason")),
    ),
)
# Erasure is no transition: any status, while the person is still on record.
ERASABLE = {"erase": (frozenset(str(s) for s in ConsulStatus), None)}


def _consul_detail(case: HonoraryConsul, rt: Runtime, p: Principal) -> msgspec.Struct:
    service = rt.consuls
    erased = case.erased_on is not None
    person = shown(bool(p.roles & STAFF), erased, case.key_id, case.sealed, service.open_person)
    return consul_detail(case, service.last_position(case.id), person)


def _consul_dates(d: Any) -> Dates:
    return [("Term ends on", d.term_ends_on, "the exequatur's term, as extended", {})]


def _membership_detail(case: Membership, rt: Runtime, p: Principal) -> msgspec.Struct:
    return membership_detail(case, rt.memberships.last_position(case.id))


def _membership_dates(d: Any) -> Dates:
    return [("Renewal due", d.renewal_due_on, "as recorded when joined or renewed", {})]


DATE_TEXTS = (
    ("Term ends on", "the exequatur's term, as extended"),
    ("Renewal due", "as recorded when joined or renewed"),
)

# The facts of the directory's pages and how a person is shown (the catalogue translates them).
FACT_WORDS = (
    "reference",
    "represents",
    "seat_country",
    "seat_city",
    "district",
    "of_ukraine",
    "appointed_on",
    "term_ends_on",
    "ended_on",
    "erased_on",
    "illustrative",
    "person",
    "person_state",
    "name",
    "email",
    "phone",
    "language",
    "association",
    "country",
    "joined_on",
    "renewal_due_on",
    "renewed_on",
    "clear",
    "hidden",
    "omitted",
    "erased",
)

DIRECTORY_KINDS = {
    "consuls": CaseKind(
        "consuls",
        HonoraryConsul,
        lambda rt: rt.consuls,
        "get_consul",
        _consul_detail,
        _consul_dates,
        CONSUL_FORMS,
        {**CONSUL_TRANSITIONS, **ERASABLE},
        offer=lambda case, f: f.name != "erase" or case.erased_on is None,
    ),
    "memberships": CaseKind(
        "memberships",
        Membership,
        lambda rt: rt.memberships,
        "get_membership",
        _membership_detail,
        _membership_dates,
        MEMBERSHIP_FORMS,
        MEMBERSHIP_TRANSITIONS,
    ),
}
