"""HTTP resource /counterparts: missions and organisations of the directory (issue 17)."""

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.di import Provide
from litestar.params import Parameter

from application.commands.contacts import (
    CloseCounterpart,
    RegisterCounterpart,
    ReopenCounterpart,
)
from application.counterparts import CounterpartService
from application.service import Caller, Saved
from domain.case_types import url_of
from domain.counterpart import Counterpart, CounterpartKind, CounterpartStatus
from interfaces.http import lists
from interfaces.http.auth import can_read, can_write
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
from projections.counterparts import CounterpartFilter
from projections.reads import Listing, ReadModels
from projections.reads import directory as reads_of


class CounterpartDetail(msgspec.Struct):
    """A mission or organisation."""

    id: UUID
    reference: str
    status: CounterpartStatus
    version: int
    position: int | None
    name: str
    country: str
    kind: CounterpartKind
    city: str | None
    closed_on: date | None
    illustrative: bool


class CounterpartPage(msgspec.Struct):
    """A page of counterparts, newest first."""

    items: list[CounterpartDetail]
    next_cursor: str | None


def counterpart_detail(c: Any, position: int | None) -> CounterpartDetail:
    """A counterpart (aggregate or read-model row) as the API shows it."""
    get = c.get if isinstance(c, dict) else lambda k: getattr(c, k)
    return CounterpartDetail(
        id=get("id"),
        reference=get("reference"),
        status=CounterpartStatus(get("status")),
        version=get("version"),
        position=position,
        name=get("name"),
        country=get("country"),
        kind=CounterpartKind(get("kind")),
        city=get("city"),
        closed_on=get("closed_on"),
        illustrative=bool(get("illustrative")),
    )


def counterpart_query(
    kind: CounterpartKind | None = None,
    country: Country = None,
    status: CounterpartStatus | None = None,
    q: Search = None,
    limit: Limit = 50,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> Listing[CounterpartFilter]:
    """Parse GET /counterparts query parameters."""
    f = CounterpartFilter(kind=kind, country=country, status=status, q=q)
    return Listing(f, limit, cursor, min_position)


class CounterpartController(Controller):
    """Foreign missions and international organisations."""

    path = url_of("Counterpart")
    tags = ["counterparts"]

    @staticmethod
    def reply(saved: Saved, status: int = 200) -> Response[CounterpartDetail]:
        """The changed counterpart with its ETag (and Location when just registered)."""
        case: Counterpart = saved.case
        location = f"/counterparts/{case.id}" if status == 201 else None
        detail = counterpart_detail(case, saved.position)
        return case_response(detail, case.version, status, location)

    @post("/", guards=[can_write], sync_to_thread=True, status_code=201)
    def register(
        self, data: RegisterCounterpart, request: Request[Any, Any, Any], caller: Caller
    ) -> Response[CounterpartDetail]:
        """Register a mission or organisation; reference CPT-YYYY-NNNN."""
        service: CounterpartService = runtime_of(request).counterparts
        return self.reply(service.register_counterpart(data, caller), 201)

    @get(
        "/",
        guards=[can_read],
        sync_to_thread=True,
        dependencies={"filters": Provide(counterpart_query, sync_to_thread=False)},
        before_request=lists.waits_for("counterparts"),
    )
    def list_counterparts(
        self, filters: Listing[CounterpartFilter], reads: ReadModels
    ) -> CounterpartPage:
        """Counterparts, newest first: by kind, country, status; text search."""
        page = reads_of.counterparts(reads, filters)
        items = [counterpart_detail(r, r["position"]) for r in page.items]
        return CounterpartPage(items, page.next_cursor)

    @get("/{counterpart_id:uuid}", guards=[can_read], sync_to_thread=True)
    def get_one(
        self,
        request: Request[Any, Any, Any],
        counterpart_id: UUID,
        version: Annotated[int | None, Parameter(ge=1)] = None,
        as_of: datetime | None = None,
    ) -> Response[CounterpartDetail]:
        """A counterpart now, at a version, or as it stood at a moment."""
        service: CounterpartService = runtime_of(request).counterparts
        version = version_asked(request, Counterpart, counterpart_id, version, as_of)
        case = service.get_counterpart(counterpart_id, version)
        detail = counterpart_detail(case, service.last_position(counterpart_id))
        return case_response(detail, case.version)

    @post("/{counterpart_id:uuid}/close", guards=[can_write], sync_to_thread=True, status_code=200)
    def close(
        self,
        request: Request[Any, Any, Any],
        counterpart_id: UUID,
        data: CloseCounterpart,
        caller: Caller,
        if_match: IfMatch,
    ) -> Response[CounterpartDetail]:
        """No longer worked with."""
        service: CounterpartService = runtime_of(request).counterparts
        return self.reply(service.close_counterpart(counterpart_id, data, caller, if_match))

    @post("/{counterpart_id:uuid}/reopen", guards=[can_write], sync_to_thread=True, status_code=200)
    def reopen(
        self,
        request: Request[Any, Any, Any],
        counterpart_id: UUID,
        data: ReopenCounterpart,
        caller: Caller,
        if_match: IfMatch,
    ) -> Response[CounterpartDetail]:
        """Worked with again."""
        service: CounterpartService = runtime_of(request).counterparts
        return self.reply(service.reopen_counterpart(counterpart_id, data, caller, if_match))

    @get("/{counterpart_id:uuid}/history", guards=[can_read], sync_to_thread=True)
    def history(
        self,
        request: Request[Any, Any, Any],
        counterpart_id: UUID,
        limit: HistoryLimit = DEFAULT_HISTORY_PAGE,
        cursor: HistoryCursor = None,
    ) -> History:
        """Its events, oldest first."""
        return history_of(request, Counterpart, counterpart_id, limit, cursor)
