"""Cases for the read-model tests, built straight from the domain (no store) and fed directly."""

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from domain.aid_lines import AidLine, Donor, LineQuantity, LineReceipt
from domain.aid_shipment import AidShipment
from domain.calendar import Calendar
from domain.foi_request import FoiRequest, Requester
from domain.meta import Ctx
from domain.values import Money
from domain.working_calendar import CalendarRegister
from projections.runtime.rows import Rows

KYIV = ZoneInfo("Europe/Kyiv")
TODAY = date(2026, 11, 23)  # a Monday; martial law: no public holidays in the calendar
D = Decimal


def ctx(today: date = TODAY, at: time = time(18, 0)) -> Ctx:
    """A command context at a local moment of a day."""
    return Ctx(actor="olena", today=today, now=datetime.combine(today, at, KYIV))


def kyiv(day: date, hour: int, minute: int = 0) -> datetime:
    """A local moment in Kharkiv."""
    return datetime.combine(day, time(hour, minute), KYIV)


def foi(
    n: int,
    received_on: date,
    *,
    name: str = "Gwara Media",
    kind: str = "media",
    channel: str = "email",
    subject: str = "International cooperation",
    **facts: Any,
) -> FoiRequest:
    """A request registered on its day; contacts are always given (and must never be listed)."""
    contacts = facts.pop(
        "contacts", {"email": f"person{n}@example.org", "phone": "+380 57 700 00 0"}
    )
    return FoiRequest.register(
        ctx(received_on),
        reference=f"FOI-{received_on.year}-{n:04d}",
        requester=Requester(name=name, kind=kind, **contacts),
        channel=channel,
        received_on=received_on,
        subject=subject,
        text="Please send the documents.",
        **facts,
    )


def calendar_events(*changes: tuple[date, bool | None]) -> list[Any]:
    """Override events: (day, True) working, (day, False) non-working, (day, None) removed."""
    register = CalendarRegister.open(ctx())
    for day, working in changes:
        if working is None:
            register.remove(ctx(), day=day, reason="back to the law")
        elif working:
            register.make_working(ctx(), day=day, reason="decision 1")
        else:
            register.make_non_working(ctx(), day=day, reason="decision 2")
    return register.collect_events()


def calendar_of(*changes: tuple[date, bool | None]) -> Calendar:
    """The calendar the same changes make (the oracle for due dates)."""
    overrides: dict[date, bool] = {}
    for day, working in changes:
        if working is None:
            overrides.pop(day, None)
        else:
            overrides[day] = working
    return Calendar(overrides)


def line(n: int, category: str, description: str, quantity: str, unit: str = "pcs", **kw: Any):
    """A packing-list line."""
    value = kw.pop("value", None)
    return AidLine(
        n,
        category,
        description,
        D(quantity),
        unit,
        value=Money(D(value[0]), value[1]) if value else None,
        **kw,
    )


def shipment(
    n: int, year: int, donor: Donor, lines: list[AidLine], expected_on: date, **facts: Any
) -> AidShipment:
    """An announced shipment."""
    return AidShipment.announce(
        ctx(date(year, 1, 2)),
        reference=f"SHP-{year}-{n:04d}",
        donor=donor,
        recipient=facts.pop("recipient", "Department of International Cooperation"),
        expected_on=expected_on,
        lines=lines,
    )


def to_received(
    s: AidShipment, cleared_on: date, received_on: date, short: dict[int, Any] | None = None
) -> None:
    """Declared, dispatched, cleared and received (every line in full unless `short` says)."""
    c = ctx()
    s.declare(c, code=f"HA-{s.reference}", declared_on=cleared_on)
    s.dispatch(c, dispatched_on=cleared_on)
    s.clear_customs(c, cleared_on=cleared_on, customs_ref=f"UA-{s.reference}")
    receipts = []
    for ln in s.lines:
        if short and ln.line_no in short:
            good, damaged = short[ln.line_no]
            receipts.append(
                LineReceipt(
                    ln.line_no, D(good), D(damaged), ln.quantity - D(good) - D(damaged), "x"
                )
            )
        else:
            receipts.append(LineReceipt(ln.line_no, ln.quantity))
    s.receive(c, received_on=received_on, lines=receipts)


def hand_over(s: AidShipment, on: date, **quantities: str) -> None:
    """Distribute quantities of lines (line_<n>="q")."""
    moves = [LineQuantity(int(k.split("_")[1]), D(q)) for k, q in quantities.items()]
    s.distribute(ctx(), distributed_on=on, to="hospitals", act_ref=f"act {on}", lines=moves)


def feed(read_engine, projection, events: list[Any], start: int = 1) -> int:
    """Apply the events a projection handles, in one transaction, at positions start, start+1..."""
    position = start - 1
    handled = set(projection.event_classes())
    with read_engine.begin() as conn:
        rows = Rows(conn)
        for position, event in enumerate(events, start):
            if type(event) in handled:
                projection.apply(rows, event, position)
        rows.flush()
    return position + 1


def events_of(*aggregates: Any) -> list[Any]:
    """The pending events of aggregates, in order."""
    out: list[Any] = []
    for aggregate in aggregates:
        out += aggregate.collect_events()
    return out
