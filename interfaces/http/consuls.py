"""HTTP resource /consuls: honorary consuls (issue 17); memberships are in memberships.py."""

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.di import Provide
from litestar.params import Parameter

from application.commands.consuls import (
    AppointConsul,
    ChangeConsulPerson,
    EndConsul,
    ExtendConsulTerm,
)
from application.commands.contacts import ErasePerson
from application.consuls import ConsulService
from application.service import Caller, Saved
from domain.case_types import url_of
from domain.honorary_consul import UKRAINE, ConsulStatus, HonoraryConsul
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
from interfaces.http.lists import Country, Cursor, Limit, MinPosition, Search
from interfaces.http.people import PersonState, PersonView, is_staff, omitted, shown, shown_page
from projections.consuls import ConsulFilter
from projections.reads import Listing, ReadModels
from projections.reads import directory as reads_of


class ConsulDetail(msgspec.Struct):
    """An honorary consul: the office in clear, the person to staff only."""

    id: UUID
    reference: str
    status: ConsulStatus
    version: int
    position: int | None
    represents: str
    seat_country: str
    seat_city: str
    district: str
    of_ukraine: bool
    appointed_on: date
    term_ends_on: date | None
    ended_on: date | None
    erased_on: date | None
    illustrative: bool
    person: PersonView | None
    person_state: PersonState


class ConsulPage(msgspec.Struct):
    """A page of honorary consuls, newest first."""

    items: list[ConsulDetail]
    next_cursor: str | None


def row_getter(c: Any) -> Any:
    """A field reader for an aggregate or a read-model row alike."""
    return c.get if isinstance(c, dict) else lambda k: getattr(c, k)


def consul_detail(
    c: Any, position: int | None, person: tuple[PersonView | None, PersonState]
) -> ConsulDetail:
    """A consul (aggregate or read-model row) as the API shows it."""
    get = row_getter(c)
    return ConsulDetail(
        id=get("id"),
        reference=get("reference"),
        status=ConsulStatus(get("status")),
        version=get("version"),
        position=position,
        represents=get("represents"),
        seat_country=get("seat_country"),
        seat_city=get("seat_city"),
        district=get("district"),
        of_ukraine=get("represents") == UKRAINE,
        appointed_on=get("appointed_on"),
        term_ends_on=get("term_ends_on"),
        ended_on=get("ended_on"),
        erased_on=get("erased_on"),
        illustrative=bool(get("illustrative")),
        person=person[0],
        person_state=person[1],
    )


def consul_query(
    represents: Country = None,
    seat_country: Country = None,
    of_ukraine: bool | None = None,
    status: ConsulStatus | None = None,
    term_ends_before: date | None = None,
    q: Search = None,
    limit: Limit = 50,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> Listing[ConsulFilter]:
    """Parse GET /consuls query parameters (`q`: the office, never the person)."""
    f = ConsulFilter(
        represents=represents,
        seat_country=seat_country,
        of_ukraine=of_ukraine,
        status=status,
        term_ends_before=term_ends_before,
        q=q,
    )
    return Listing(f, limit, cursor, min_position)


class ConsulController(Controller):
    """Honorary consuls of Ukraine abroad and of other states in Kharkiv."""

    path = url_of("HonoraryConsul")
    tags = ["consuls"]

    @staticmethod
    def reply(saved: Saved, status: int = 200) -> Response[ConsulDetail]:
        """The changed consul with its ETag; the person is never echoed (`omitted`)."""
        case: HonoraryConsul = saved.case
        location = f"/consuls/{case.id}" if status == 201 else None
        detail = consul_detail(case, saved.position, omitted(case.erased_on is not None))
        return case_response(detail, case.version, status, location)

    @staticmethod
    def service(request: Request[Any, Any, Any]) -> ConsulService:
        """The consuls' use cases."""
        consuls: ConsulService = runtime_of(request).consuls
        return consuls

    @post("/", guards=[can_write], sync_to_thread=True, status_code=201)
    def appoint(
        self, data: AppointConsul, request: Request[Any, Any, Any], caller: Caller
    ) -> Response[ConsulDetail]:
        """Record an appointment; reference HCN-YYYY-NNNN."""
        return self.reply(self.service(request).appoint_consul(data, caller), 201)

    @get(
        "/",
        guards=[can_read],
        sync_to_thread=True,
        dependencies={"filters": Provide(consul_query, sync_to_thread=False)},
        before_request=lists.waits_for("consuls"),
    )
    def list_consuls(
        self, request: Request[Any, Any, Any], filters: Listing[ConsulFilter], reads: ReadModels
    ) -> ConsulPage:
        """Honorary consuls, newest first; persons in clear for staff only."""
        page = reads_of.consuls(reads, filters)
        sealed = [(r["erased_on"] is not None, r["key_id"], r["sealed"]) for r in page.items]
        people = shown_page(is_staff(request), sealed, self.service(request).open_people)
        items = [
            consul_detail(r, r["position"], person)
            for r, person in zip(page.items, people, strict=True)
        ]
        return ConsulPage(items, page.next_cursor)

    @get("/{consul_id:uuid}", guards=[can_read], sync_to_thread=True)
    def get_one(
        self,
        request: Request[Any, Any, Any],
        consul_id: UUID,
        version: Annotated[int | None, Parameter(ge=1)] = None,
        as_of: datetime | None = None,
    ) -> Response[ConsulDetail]:
        """A consul now, at a version, or at a moment; once erased, erased at every version."""
        service = self.service(request)
        asked = version_asked(request, HonoraryConsul, consul_id, version, as_of)
        now = service.get_consul(consul_id)
        case = service.get_consul(consul_id, asked) if asked is not None else now
        erased = now.erased_on is not None
        person = shown(is_staff(request), erased, case.key_id, case.sealed, service.open_person)
        detail = consul_detail(case, service.last_position(consul_id), person)
        return case_response(detail, case.version)

    @post("/{consul_id:uuid}/extend", guards=[can_write], sync_to_thread=True, status_code=200)
    def extend(
        self,
        request: Request[Any, Any, Any],
        consul_id: UUID,
        data: ExtendConsulTerm,
        caller: Caller,
        if_match: IfMatch,
    ) -> Response[ConsulDetail]:
        """A renewed appointment: a later term end."""
        return self.reply(self.service(request).extend_term(consul_id, data, caller, if_match))

    @post("/{consul_id:uuid}/end", guards=[can_write], sync_to_thread=True, status_code=200)
    def end(
        self,
        request: Request[Any, Any, Any],
        consul_id: UUID,
        data: EndConsul,
        caller: Caller,
        if_match: IfMatch,
    ) -> Response[ConsulDetail]:
        """The consul no longer serves."""
        return self.reply(self.service(request).end_consul(consul_id, data, caller, if_match))

    @post("/{consul_id:uuid}/person", guards=[can_write], sync_to_thread=True, status_code=200)
    def change_person(
        self,
        request: Request[Any, Any, Any],
        consul_id: UUID,
        data: ChangeConsulPerson,
        caller: Caller,
        if_match: IfMatch,
    ) -> Response[ConsulDetail]:
        """Corrected details of the consul (sealed anew)."""
        service = self.service(request)
        return self.reply(service.change_person(consul_id, data, caller, if_match))

    @post("/{consul_id:uuid}/erase", guards=[can_manage], sync_to_thread=True, status_code=200)
    def erase(
        self,
        request: Request[Any, Any, Any],
        consul_id: UUID,
        data: ErasePerson,
        caller: Caller,
        if_match: IfMatch,
    ) -> Response[ConsulDetail]:
        """Erase the consul's personal data; the office stays on record."""
        return self.reply(self.service(request).erase_person(consul_id, data, caller, if_match))

    @get("/{consul_id:uuid}/history", guards=[can_read], sync_to_thread=True)
    def history(
        self,
        request: Request[Any, Any, Any],
        consul_id: UUID,
        limit: HistoryLimit = DEFAULT_HISTORY_PAGE,
        cursor: HistoryCursor = None,
    ) -> History:
        """Its events, oldest first; the person shows as [sealed], or [erased]."""
        return history_of(request, HonoraryConsul, consul_id, limit, cursor)
