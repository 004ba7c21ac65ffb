"""HTTP: reminders issued with their delivery state, and the calendar feed of deadlines.

GET /deadlines.ics is fetched by calendar applications, which send no bearer header: it is
left out of bearer authentication and opened by a per-user feed token instead (made with
POST /feed-tokens, revoked with POST /feed-tokens/{id}/revoke, stored hashed, not a JWT).
"""

import hashlib
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any
from uuid import UUID

import msgspec
from icalendar import Alarm, Calendar, Event
from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotAuthorizedException, NotFoundException
from litestar.params import Parameter

from domain.case_types import url_of
from domain.reminders import What
from infrastructure.feed_tokens import FeedToken, FeedTokens
from infrastructure.outbox import ReminderFilter
from infrastructure.tokens import Principal
from interfaces.http.auth import can_read
from interfaces.http.case_types import CaseTypeParam, case_type_filter
from interfaces.http.context import runtime_of
from interfaces.http.fields import Body, Name
from interfaces.http.lists import Cursor, Limit, MinPosition, waits_for
from projections.reads import Listing, ReadModels
from projections.reads.trail import ReminderPage

FEED_PATH = "/deadlines.ics"
FEED_LIMIT = 5000
Delivery = Annotated[
    str | None,
    Parameter(pattern="^(pending|failed|sent|undelivered)$", description="delivery state"),
]
KINDS = {
    "agreement_expiry": ("Строк угоди спливає", "Agreement expires"),
    "agreement_notice": ("Останній день повідомлення", "Notice of non-renewal due"),
    "foi_answer": ("Відповідь на запит", "FOI answer due"),
    "foi_extension_notice": ("Повідомлення про продовження", "Extension notice due"),
    "shipment_report": ("Звіт про гуманітарну допомогу", "Aid report due"),
    "shipment_arrival": ("Очікуване надходження допомоги", "Aid expected"),
    "consul_term_end": ("Закінчення повноважень почесного консула", "Honorary consul's term ends"),
    "membership_renewal": ("Поновлення членства в асоціації", "Membership renewal due"),
}


# -- feed tokens ----------------------------------------------------------------------------------


class CreateFeedToken(Body, kw_only=True):
    """A new calendar feed token for yourself, with a label to recognise it by."""

    label: Name | None = None


class FeedTokenItem(msgspec.Struct):
    """A feed token (its secret is shown only when created)."""

    id: UUID
    label: str | None
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None
    expires_at: datetime
    active: bool


class NewFeedToken(msgspec.Struct):
    """A feed token just made: the secret and the feed URL, shown this once."""

    id: UUID
    label: str | None
    created_at: datetime
    expires_at: datetime
    token: str
    url: str


class FeedTokenList(msgspec.Struct):
    """Your feed tokens, newest first."""

    items: list[FeedTokenItem]


def _token_item(t: FeedToken) -> FeedTokenItem:
    return FeedTokenItem(
        t.id, t.label, t.created_at, t.revoked_at, t.last_used_at, t.expires_at, t.active
    )


def _tokens(request: Request[Any, Any, Any]) -> FeedTokens:
    return FeedTokens(runtime_of(request).read_engine)


# -- the calendar ---------------------------------------------------------------------------------


def deadlines_calendar(rows: list[dict[str, Any]], public_url: str, now: datetime) -> bytes:
    """Open deadlines as an RFC 5545 calendar: all-day events (timed ones for urgent FOI)."""
    cal = Calendar()
    cal.add("prodid", "-//Pobratym//Deadlines//UK")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Pobratym: строки / deadlines")
    cal.add("x-wr-timezone", "Europe/Kyiv")
    for r in rows:
        uk, en = KINDS.get(r["kind"], (r["kind"], r["kind"]))
        link = public_url.rstrip("/") + url_of(r["case_type"], r["case_id"])
        event = Event()
        event.add("uid", f"{r['case_id']}-{r['kind']}@pobratym")
        event.add("dtstamp", now)
        due_at = r["due_at"]
        if due_at is not None:
            due_at = due_at.replace(tzinfo=UTC) if due_at.tzinfo is None else due_at
            event.add("dtstart", due_at.astimezone(UTC))
            event.add("duration", timedelta(minutes=30))
        else:
            event.add("dtstart", r["due_on"])
            event.add("dtend", r["due_on"] + timedelta(days=1))
        title = f" — {r['title']}" if r["title"] else ""
        event.add("summary", f"{r['reference']}: {uk} / {en}{title}")
        event.add("description", f"{uk} / {en}\n{r['reference']}{title}\n{link}")
        event.add("url", link)
        event.add("categories", [r["case_type"]])
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{r['reference']}: {en}")
        alarm.add("trigger", timedelta(hours=-15) if due_at is None else timedelta(hours=-4))
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()


class ReminderController(Controller):
    """Reminders issued, feed tokens, and the deadlines calendar feed."""

    path = "/"
    tags = ["reminders"]

    @get(
        "/reminders",
        guards=[can_read],
        sync_to_thread=True,
        before_request=waits_for("reminders"),
    )
    def reminders(
        self,
        reads: ReadModels,
        as_of: date | None = None,
        case_id: UUID | None = None,
        case_type: CaseTypeParam = None,
        what: What | None = None,
        delivery: Delivery = None,
        limit: Limit = 50,
        cursor: Cursor = None,
        min_position: MinPosition = None,
    ) -> ReminderPage:
        """Reminders issued on or before `as_of` (default: all), newest first, with delivery."""
        f = ReminderFilter(
            as_of=as_of,
            case_id=case_id,
            case_type=case_type_filter(case_type),
            what=str(what) if what else None,
            delivery=delivery,
        )
        return reads.reminders(Listing(f, limit, cursor, min_position))

    @post("/feed-tokens", guards=[can_read], sync_to_thread=True, status_code=201)
    def create_feed_token(
        self, request: Request[Any, Any, Any], data: CreateFeedToken
    ) -> Response[NewFeedToken]:
        """Make a calendar feed token for yourself (any staff role); the secret is shown once."""
        user: Principal = request.user
        token, secret = _tokens(request).create(user.subject, user.role, data.label)
        base = runtime_of(request).settings.public_url.rstrip("/")
        body = NewFeedToken(
            token.id,
            token.label,
            token.created_at,
            token.expires_at,
            secret,
            f"{base}{FEED_PATH}?token={secret}",
        )
        return Response(body, status_code=201, headers={"Cache-Control": "no-store"})

    @get("/feed-tokens", guards=[can_read], sync_to_thread=True)
    def feed_tokens(self, request: Request[Any, Any, Any]) -> FeedTokenList:
        """Your feed tokens (active and revoked), newest first."""
        user: Principal = request.user
        return FeedTokenList([_token_item(t) for t in _tokens(request).of(user.subject)])

    @post(
        "/feed-tokens/{token_id:uuid}/revoke",
        guards=[can_read],
        sync_to_thread=True,
        status_code=200,
    )
    def revoke_feed_token(self, request: Request[Any, Any, Any], token_id: UUID) -> FeedTokenItem:
        """Revoke one of your feed tokens (an administrator may revoke anyone's)."""
        user: Principal = request.user
        token = _tokens(request).revoke(token_id, None if user.role == "admin" else user.subject)
        if token is None:
            raise NotFoundException(f"you have no feed token {token_id}")
        return _token_item(token)

    @get(FEED_PATH, sync_to_thread=True, include_in_schema=True, media_type="text/calendar")
    def deadlines_ics(
        self,
        request: Request[Any, Any, Any],
        reads: ReadModels,
        token: Annotated[str, Parameter(max_length=200, description="a feed token")],
        mine: bool = False,
    ) -> Response[bytes]:
        """Open deadlines as an iCalendar feed (RFC 5545), opened by a feed token."""
        found = _tokens(request).verify(token)
        if found is None:
            raise NotAuthorizedException("unknown, revoked or expired feed token")
        rt = runtime_of(request)
        if not rt.identity.feed_allowed(found.subject, found.role):
            # Issue 13: a feed belongs to an account; disabled, or the role revoked, it stops.
            raise NotAuthorizedException("the feed token's account is disabled or lost the role")
        rows = reads.open_deadlines(found.subject if mine else None, FEED_LIMIT)
        # The ETag names the deadlines, not the bytes (DTSTAMP changes with every fetch).
        seen = msgspec.json.encode([rt.settings.public_url, rows])
        etag = f'"{hashlib.sha256(seen).hexdigest()[:32]}"'
        headers = {"Cache-Control": "private, max-age=300", "ETag": etag}
        asked = request.headers.get("if-none-match", "")
        if etag in [tag.strip().removeprefix("W/") for tag in asked.split(",")]:
            return Response(b"", status_code=304, headers=headers)
        body = deadlines_calendar(rows, rt.settings.public_url, datetime.now(UTC))
        headers["Content-Disposition"] = 'inline; filename="pobratym-deadlines.ics"'
        # Litestar adds "; charset=utf-8" to every text/ type: naming it here would say it twice.
        return Response(body, media_type="text/calendar", headers=headers)
