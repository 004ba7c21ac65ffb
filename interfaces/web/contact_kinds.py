"""Counterparts and their contact persons in the console (issue 17).

A contact's person is shown to staff only (interfaces/http/people.shown), "hidden" to an
auditor; changing it is for staff, erasing it for managers and administrators, confirmed first
(the same confirmation box as a consul's, interfaces/web/directory_kinds.CONFIRM).
"""

from typing import Any

import msgspec

from application.commands.contacts import ChangeContact, CloseCounterpart, ReopenCounterpart
from domain.contact import TRANSITIONS as CONTACT_TRANSITIONS
from domain.contact import Contact
from domain.counterpart import TRANSITIONS as COUNTERPART_TRANSITIONS
from domain.counterpart import Counterpart
from infrastructure.bootstrap import Runtime
from infrastructure.tokens import Principal
from interfaces.http.contacts import contact_detail
from interfaces.http.counterparts import counterpart_detail
from interfaces.http.people import STAFF, shown
from interfaces.web.case_kinds import CaseKind
from interfaces.web.directory_kinds import ERASE
from interfaces.web.forms import CommandForm, Field
from interfaces.web.session import WRITERS

COUNTERPART_FORMS = (
    CommandForm(
        "close",
        "Close",
        WRITERS,
        CloseCounterpart,
        "close_counterpart",
        (Field("closed_on", "date", "Closed on"), Field("reason", "text", "Reason")),
    ),
    CommandForm(
        "reopen",
        "Reopen",
        WRITERS,
        ReopenCounterpart,
        "reopen_counterpart",
        (Field("reason", "text", "Reason"),),
    ),
)
CONTACT_FORMS = (
    CommandForm(
        "change",
        "Change the person's details",
        WRITERS,
        ChangeContact,
        "change_contact",
        (
            Field("person.name", "text", "Name"),
            Field("person.position", "text", "Position", required=False),
            Field("person.email", "text", "Email", required=False),
            Field("person.phone", "text", "Phone", required=False),
            Field("person.language", "text", "Language", required=False),
        ),
    ),
    CommandForm(ERASE.name, ERASE.label, ERASE.roles, ERASE.command, "erase_contact", ERASE.fields),
)
FACT_WORDS = ("kind", "city", "closed_on", "counterpart_id", "partner_id", "position", "active")


def _counterpart_detail(case: Counterpart, rt: Runtime, p: Principal) -> msgspec.Struct:
    return counterpart_detail(case, rt.counterparts.last_position(case.id))


def _contact_detail(case: Contact, rt: Runtime, p: Principal) -> msgspec.Struct:
    service = rt.contacts
    erased = case.erased_on is not None
    person = shown(bool(p.roles & STAFF), erased, case.key_id, case.sealed, service.open_person)
    return contact_detail(case, service.last_position(case.id), person)


def _no_dates(d: Any) -> list[Any]:
    return []


CONTACT_KINDS = {
    "counterparts": CaseKind(
        "counterparts",
        Counterpart,
        lambda rt: rt.counterparts,
        "get_counterpart",
        _counterpart_detail,
        _no_dates,
        COUNTERPART_FORMS,
        COUNTERPART_TRANSITIONS,
    ),
    "contacts": CaseKind(
        "contacts",
        Contact,
        lambda rt: rt.contacts,
        "get_contact",
        _contact_detail,
        _no_dates,
        CONTACT_FORMS,
        CONTACT_TRANSITIONS,
    ),
}
