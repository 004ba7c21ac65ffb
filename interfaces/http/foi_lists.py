"""Query parameters of GET /foi-requests; the read and its shapes are in projections.reads.foi.

The list shows the requester's name and kind only: the read model holds no contact details,
so nobody (auditors included) can read an e-mail address, phone or postal address from it.
"""

from datetime import date
from typing import Annotated, Any

from litestar import Request
from litestar.di import Provide
from litestar.exceptions import ValidationException
from litestar.params import Parameter

from domain.foi_request import Channel, FoiStatus, Outcome, RequesterKind
from interfaces.http.context import runtime_of
from interfaces.http.fields import SEES_CONTACTS
from interfaces.http.lists import Cursor, Limit, MinPosition, Search
from projections.reads import Listing
from projections.reads.foi import FoiRequestPage, FoiStats
from projections.reads.foi_queries import FoiFilter

__all__ = ["FoiRequestPage", "FoiStats"]

READ_MODEL = "foi_requests"
FoiQuery = Listing[FoiFilter]


def foi_query(
    request: Request[Any, Any, Any],
    status: FoiStatus | None = None,
    outcome: Outcome | None = None,
    channel: Channel | None = None,
    requester_kind: RequesterKind | None = None,
    officer: Annotated[str | None, Parameter(max_length=200)] = None,
    owner: Annotated[
        str | None, Parameter(max_length=200, description="the same as officer")
    ] = None,
    received_from: date | None = None,
    received_to: date | None = None,
    overdue: bool | None = None,
    as_of: Annotated[date | None, Parameter(description="day `overdue` is judged on")] = None,
    urgent: bool | None = None,
    q: Search = None,
    limit: Limit = 50,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> FoiQuery:
    """Parse GET /foi-requests query parameters."""
    f = FoiFilter(
        status=status,
        outcome=outcome,
        channel=channel,
        requester_kind=requester_kind,
        officer=_officer(officer, owner),
        received_from=received_from,
        received_to=received_to,
        overdue=overdue,
        as_of=as_of or runtime_of(request).clock.today(),
        urgent=urgent,
        q=q,
    )
    return Listing(f, limit, cursor, min_position)


def _officer(officer: str | None, owner: str | None) -> str | None:
    """`owner=` is `officer=` in the word every case type uses; both must then agree."""
    if officer is not None and owner is not None and officer != owner:
        message = "owner and officer name the same person: give one"
        raise ValidationException(message, extra=[{"key": "owner", "message": message}])
    return officer if officer is not None else owner


FOI_QUERY = {"filters": Provide(foi_query, sync_to_thread=False)}


def masks_contacts(request: Request[Any, Any, Any]) -> bool:
    """Whether the caller sees no contact details, not even those typed into a subject."""
    return getattr(request.user, "role", None) not in SEES_CONTACTS
