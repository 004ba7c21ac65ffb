"""HTTP resource /contacts: contact persons, their data sealed per person (issue 17)."""

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.di import Provide
from litestar.params import Parameter

from application.commands.contacts import (
    ChangeContact,
    ErasePerson,
    RegisterContact,
)
from application.contacts import ContactService
from application.service import Caller, Saved
from domain.case_types import url_of
from domain.contact import Contact, ContactStatus
from interfaces.http import lists
from interfaces.http.auth import can_manage, can_read, can_write
from interfaces.http.context import case_response, runtime_of
from interfaces.http.deps import IfMatch
from interfaces.http.history import (
    DEFAULT_HISTORY_PAGE,
    History,
    HistoryCursor,
    HistoryLimit,
    history_of,
    version_asked,
)
from interfaces.http.lists import Cursor, Limit, MinPosition, Search
from interfaces.http.people import PersonState, PersonView, is_staff, omitted, shown, shown_page
from projections.counterparts import ContactFilter
from projections.reads import Listing, ReadModels
from projections.reads import directory as reads_of


class ContactDetail(msgspec.Struct):
    """A contact person: `person` only for staff (`person_state` says why it is absent)."""

    id: UUID
    reference: str
    status: ContactStatus
    version: int
    position: int | None
    counterpart_id: UUID | None
    partner_id: UUID | None
    erased_on: date | None
    illustrative: bool
    person: PersonView | None
    person_state: PersonState


class ContactPage(msgspec.Struct):
    """A page of contact persons, newest first."""

    items: list[ContactDetail]
    next_cursor: str | None


def contact_detail(
    c: Any, position: int | None, person: tuple[PersonView | None, PersonState]
) -> ContactDetail:
    """A contact (aggregate or read-model row) as the API shows it."""
    get = c.get if isinstance(c, dict) else lambda k: getattr(c, k)
    return ContactDetail(
        id=get("id"),
        reference=get("reference"),
        status=ContactStatus(get("status")),
        version=get("version"),
        position=position,
        counterpart_id=get("counterpart_id"),
        partner_id=get("partner_id"),
        erased_on=get("erased_on"),
        illustrative=bool(get("illustrative")),
        person=person[0],
        person_state=person[1],
    )


def contact_query(
    counterpart_id: UUID | None = None,
    partner_id: UUID | None = None,
    status: ContactStatus | None = None,
    q: Search = None,
    limit: Limit = 50,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> Listing[ContactFilter]:
    """Parse GET /contacts query parameters (`q`: reference and counterpart, never the person)."""
    f = ContactFilter(counterpart_id=counterpart_id, partner_id=partner_id, status=status, q=q)
    return Listing(f, limit, cursor, min_position)


class ContactController(Controller):
    """Contact persons: personal data in clear to staff only; erasable (crypto-shredding)."""

    path = url_of("Contact")
    tags = ["contacts"]

    @staticmethod
    def reply(saved: Saved, status: int = 200) -> Response[ContactDetail]:
        """The changed contact with its ETag; the person is never echoed (`omitted`)."""
        case: Contact = saved.case
        location = f"/contacts/{case.id}" if status == 201 else None
        erased = case.status is ContactStatus.ERASED
        detail = contact_detail(case, saved.position, omitted(erased))
        return case_response(detail, case.version, status, location)

    @post("/", guards=[can_write], sync_to_thread=True, status_code=201)
    def register(
        self, data: RegisterContact, request: Request[Any, Any, Any], caller: Caller
    ) -> Response[ContactDetail]:
        """Register a contact person of a counterpart or partner; reference CNT-YYYY-NNNN."""
        service: ContactService = runtime_of(request).contacts
        return self.reply(service.register_contact(data, caller), 201)

    @get(
        "/",
        guards=[can_read],
        sync_to_thread=True,
        dependencies={"filters": Provide(contact_query, sync_to_thread=False)},
        before_request=lists.waits_for("counterparts"),
    )
    def list_contacts(
        self, request: Request[Any, Any, Any], filters: Listing[ContactFilter], reads: ReadModels
    ) -> ContactPage:
        """Contact persons, newest first; persons in clear for staff only."""
        service: ContactService = runtime_of(request).contacts
        page = reads_of.contacts(reads, filters)
        sealed = [(r["status"] == "erased", r["key_id"], r["sealed"]) for r in page.items]
        people = shown_page(is_staff(request), sealed, service.open_people)
        items = [
            contact_detail(r, r["position"], person)
            for r, person in zip(page.items, people, strict=True)
        ]
        return ContactPage(items, page.next_cursor)

    @get("/{contact_id:uuid}", guards=[can_read], sync_to_thread=True)
    def get_one(
        self,
        request: Request[Any, Any, Any],
        contact_id: UUID,
        version: Annotated[int | None, Parameter(ge=1)] = None,
        as_of: datetime | None = None,
    ) -> Response[ContactDetail]:
        """A contact now, at a version, or at a moment; once erased, erased at every version."""
        service: ContactService = runtime_of(request).contacts
        asked = version_asked(request, Contact, contact_id, version, as_of)
        now = service.get_contact(contact_id)
        case = service.get_contact(contact_id, asked) if asked is not None else now
        erased = now.status is ContactStatus.ERASED
        person = shown(is_staff(request), erased, case.key_id, case.sealed, service.open_person)
        detail = contact_detail(case, service.last_position(contact_id), person)
        return case_response(detail, case.version)

    @post("/{contact_id:uuid}/change", guards=[can_write], sync_to_thread=True, status_code=200)
    def change(
        self,
        request: Request[Any, Any, Any],
        contact_id: UUID,
        data: ChangeContact,
        caller: Caller,
        if_match: IfMatch,
    ) -> Response[ContactDetail]:
        """New details of the person (sealed anew)."""
        service: ContactService = runtime_of(request).contacts
        return self.reply(service.change_contact(contact_id, data, caller, if_match))

    @post("/{contact_id:uuid}/erase", guards=[can_manage], sync_to_thread=True, status_code=200)
    def erase(
        self,
        request: Request[Any, Any, Any],
        contact_id: UUID,
        data: ErasePerson,
        caller: Caller,
        if_match: IfMatch,
    ) -> Response[ContactDetail]:
        """Erase the person's data on their request: the key is destroyed; final."""
        service: ContactService = runtime_of(request).contacts
        return self.reply(service.erase_contact(contact_id, data, caller, if_match))

    @get("/{contact_id:uuid}/history", guards=[can_read], sync_to_thread=True)
    def history(
        self,
        request: Request[Any, Any, Any],
        contact_id: UUID,
        limit: HistoryLimit = DEFAULT_HISTORY_PAGE,
        cursor: HistoryCursor = None,
    ) -> History:
        """Its events, oldest first; the person shows as [sealed], or [erased]."""
        return history_of(request, Contact, contact_id, limit, cursor)
