"""Builders for FOI requests in each status, straight from the domain (no store)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from domain.calendar import STATUTORY
from domain.foi_request import FoiRequest, FoiStatus, Requester
from domain.meta import Ctx

KYIV = ZoneInfo("Europe/Kyiv")
TODAY = date(2026, 11, 23)
# Monday 02.11.2026; martial law: no public holidays in 2026 in the calendar.
RECEIVED_ON = date(2026, 11, 2)


def ctx(today: date = TODAY, actor: str = "olena", at: time = time(18, 0)) -> Ctx:
    """A command context at a local moment of a day (evening by default)."""
    return Ctx(actor=actor, today=today, now=datetime.combine(today, at, KYIV))


def kyiv(day: date, hour: int, minute: int = 0) -> datetime:
    """A local moment in Kharkiv."""
    return datetime.combine(day, time(hour, minute), KYIV)


def requester(**contacts: str) -> Requester:
    """A journalist with an e-mail address unless other contacts are given."""
    return Requester(name="Gwara Media", kind="media", **(contacts or {"email": "ed@gwara.ua"}))


def registered(received_on: date = RECEIVED_ON, today: date = TODAY, **facts) -> FoiRequest:
    """A request as registered."""
    values = {
        "reference": "FOI-2026-0001",
        "requester": requester(),
        "channel": "email",
        "received_on": received_on,
        "subject": "International cooperation in 2026",
        "text": "Which agreements were signed this year?",
    }
    values.update(facts)
    return FoiRequest.register(ctx(today), **values)


def in_status(status: FoiStatus) -> FoiRequest:
    """A request brought to a status by the legal path of commands."""
    r = registered()
    c = ctx()
    if status is FoiStatus.RECEIVED:
        return r
    if status is FoiStatus.WITHDRAWN:
        r.withdraw(c, withdrawn_on=date(2026, 11, 3), reason="no longer needed")
        return r
    if status is FoiStatus.TRANSFERRED:
        r.transfer(
            c,
            to_holder="State Customs Service",
            transferred_on=date(2026, 11, 3),
            requester_notified_on=date(2026, 11, 3),
        )
        return r
    r.assign(c, officer="taras")
    if status is FoiStatus.IN_PROGRESS:
        return r
    if status is FoiStatus.EXTENDED:
        r.extend(
            c, STATUTORY, notice_sent_on=date(2026, 11, 4), reason="large_volume", justification="x"
        )
        return r
    if status is FoiStatus.DEFERRED:
        r.defer(
            c,
            STATUTORY,
            decided_on=date(2026, 11, 4),
            reason="blackout",
            new_due_on=date(2026, 12, 1),
        )
        return r
    if status is FoiStatus.ANSWERED:
        # 14 pages: 4 beyond the free ten, at 8.00 UAH (rate since 01.04.2024) = 32.00.
        r.answer(
            c,
            answered_on=date(2026, 11, 6),
            outcome="granted",
            outgoing_number="17/0/1-26",
            pages=14,
        )
        return r
    raise AssertionError(status)
