"""The directory's lists in the console: counterparts, contacts, consuls, memberships (issue 17).

A contact's or consul's person is listed for staff only, from the same sealed rows as GET /consuls
(interfaces/http/people.shown_page): an auditor sees "hidden". The search never looks into
a person (`q` matches the office).
"""

from typing import Any

from litestar import Request, get
from litestar.response import Template

from domain.contact import ContactStatus
from domain.counterpart import CounterpartStatus
from domain.honorary_consul import ConsulStatus
from domain.membership import MembershipStatus
from interfaces.http.consuls import consul_detail
from interfaces.http.contacts import contact_detail
from interfaces.http.context import runtime_of
from interfaces.http.counterparts import counterpart_detail
from interfaces.http.memberships import membership_detail
from interfaces.http.people import is_staff, shown_page
from interfaces.web.pages import PAGE, _list, _status, _text
from projections.consuls import ConsulFilter, MembershipFilter
from projections.counterparts import ContactFilter, CounterpartFilter
from projections.paging import Page
from projections.reads import Listing
from projections.reads import directory as reads_of


@get("/consuls", sync_to_thread=True)
def consuls(
    request: Request[Any, Any, Any],
    q: str | None = None,
    status: str | None = None,
    cursor: str | None = None,
) -> Template:
    """Honorary consuls, newest first; persons in clear for staff only."""
    rt = runtime_of(request)
    f = ConsulFilter(status=_status(status, ConsulStatus), q=_text("q", q))
    page = reads_of.consuls(rt.reads, Listing(f, PAGE, _text("cursor", cursor, 1000)))
    sealed = [(r["erased_on"] is not None, r["key_id"], r["sealed"]) for r in page.items]
    people = shown_page(is_staff(request), sealed, rt.consuls.open_people)
    items = [
        consul_detail(r, r["position"], person)
        for r, person in zip(page.items, people, strict=True)
    ]
    shown = Page(items, page.next_cursor)
    return _list(request, "consuls", shown, q, status, [str(s) for s in ConsulStatus])


@get("/memberships", sync_to_thread=True)
def memberships(
    request: Request[Any, Any, Any],
    q: str | None = None,
    status: str | None = None,
    cursor: str | None = None,
) -> Template:
    """The city's memberships of associations, newest first."""
    rt = runtime_of(request)
    f = MembershipFilter(status=_status(status, MembershipStatus), q=_text("q", q))
    page = reads_of.memberships(rt.reads, Listing(f, PAGE, _text("cursor", cursor, 1000)))
    items = [membership_detail(r, r["position"]) for r in page.items]
    shown = Page(items, page.next_cursor)
    return _list(request, "memberships", shown, q, status, [str(s) for s in MembershipStatus])


@get("/counterparts", sync_to_thread=True)
def counterparts(
    request: Request[Any, Any, Any],
    q: str | None = None,
    status: str | None = None,
    cursor: str | None = None,
) -> Template:
    """Foreign missions and international organisations, newest first."""
    rt = runtime_of(request)
    f = CounterpartFilter(status=_status(status, CounterpartStatus), q=_text("q", q))
    page = reads_of.counterparts(rt.reads, Listing(f, PAGE, _text("cursor", cursor, 1000)))
    items = [counterpart_detail(r, r["position"]) for r in page.items]
    shown = Page(items, page.next_cursor)
    return _list(request, "counterparts", shown, q, status, [str(s) for s in CounterpartStatus])


@get("/contacts", sync_to_thread=True)
def contacts(
    request: Request[Any, Any, Any],
    q: str | None = None,
    status: str | None = None,
    cursor: str | None = None,
) -> Template:
    """Contact persons, newest first; persons in clear for staff only."""
    rt = runtime_of(request)
    f = ContactFilter(status=_status(status, ContactStatus), q=_text("q", q))
    page = reads_of.contacts(rt.reads, Listing(f, PAGE, _text("cursor", cursor, 1000)))
    sealed = [(r["status"] == "erased", r["key_id"], r["sealed"]) for r in page.items]
    people = shown_page(is_staff(request), sealed, rt.contacts.open_people)
    items = [
        contact_detail(r, r["position"], person)
        for r, person in zip(page.items, people, strict=True)
    ]
    shown = Page(items, page.next_cursor)
    return _list(request, "contacts", shown, q, status, [str(s) for s in ContactStatus])
