"""The lists of engagements and projects in the console (issue 17): the API's filters, search,
keyset pages (the read model behind GET /engagements and GET /projects)."""

from datetime import date
from typing import Any
from urllib.parse import urlencode

from litestar import Request, get
from litestar.response import Template

from domain.engagement import CounterpartType, EngagementKind, EngagementStatus
from domain.project import ProjectStatus
from interfaces.http.context import runtime_of
from interfaces.web.pages import PAGE, _status, _text, _word
from interfaces.web.render import render
from projections.projects import ProjectFilter
from projections.reads import BadReadQuery, Listing
from projections.reads.engagement_queries import EngagementFilter

KINDS = tuple(str(k) for k in EngagementKind)
COUNTERPART_TYPES = tuple(str(t) for t in CounterpartType)


def _day(key: str, value: str | None) -> date | None:
    """An optional ISO day; anything else is a 400 naming the field."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise BadReadQuery(key, f"{key}: a date, YYYY-MM-DD") from None


def _country(value: str | None) -> str | None:
    if not value:
        return None
    if len(value) != 2 or not value.isalpha():
        raise BadReadQuery("country", "country: two letters (ISO 3166-1)")
    return value.upper()


def _page(request: Request[Any, Any, Any], kind: str, page: Any, statuses: list[str]) -> Template:
    params = {k: v for k, v in request.query_params.items() if k != "cursor" and v}
    return render(
        request,
        f"list_{kind}.html",
        kind=kind,
        page=page,
        q=params.get("q", ""),
        status=params.get("status", ""),
        statuses=statuses,
        params=params,
        kinds=KINDS,
        counterpart_types=COUNTERPART_TYPES,
        base=f"/console/{kind}?{urlencode(params)}",
    )


@get("/engagements", sync_to_thread=True)
def engagements(
    request: Request[Any, Any, Any],
    q: str | None = None,
    status: str | None = None,
    kind: str | None = None,
    counterpart_type: str | None = None,
    country: str | None = None,
    day_from: str | None = None,
    day_to: str | None = None,
    cursor: str | None = None,
) -> Template:
    """Meetings, visits and events, latest first."""
    f = EngagementFilter(
        kind=_word("kind", kind, KINDS),
        status=_status(status, EngagementStatus),
        counterpart_type=_word("counterpart_type", counterpart_type, COUNTERPART_TYPES),
        country=_country(country),
        day_from=_day("day_from", day_from),
        day_to=_day("day_to", day_to),
        q=_text("q", q),
    )
    reads = runtime_of(request).reads
    page = reads.engagements(Listing(f, PAGE, _text("cursor", cursor, 1000)))
    return _page(request, "engagements", page, [str(s) for s in EngagementStatus])


@get("/projects", sync_to_thread=True)
def projects(
    request: Request[Any, Any, Any],
    q: str | None = None,
    status: str | None = None,
    funder_type: str | None = None,
    active_on: str | None = None,
    cursor: str | None = None,
) -> Template:
    """Projects with partner cities and donors, latest start first."""
    f = ProjectFilter(
        status=_status(status, ProjectStatus),
        funder_type=_word("funder_type", funder_type, COUNTERPART_TYPES),
        active_on=_day("active_on", active_on),
        q=_text("q", q),
    )
    page = runtime_of(request).reads.projects(Listing(f, PAGE, _text("cursor", cursor, 1000)))
    return _page(request, "projects", page, [str(s) for s in ProjectStatus])
