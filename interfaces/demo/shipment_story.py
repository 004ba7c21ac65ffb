"""A demo shipment's life (`Story`), its packing-list lines, and the recipients it names."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from domain.aid_lines import AidCategory, AidLine, Unit
from domain.values import Money

DEPARTMENT = "Department of International Cooperation, Kharkiv City Council"
HOSPITALS = "municipal hospitals of Kharkiv"
HEATING_POINTS = "heating points of the city"
VODOKANAL = "KP Kharkivvodokanal (water utility)"


@dataclass
class Story:
    """One shipment's life: the facts to announce, then the dated steps that happened."""

    donor: str
    country: str
    lines: list[AidLine]
    announced_on: date
    label: str  # what of the announcement is illustrative
    partner: str | None = None
    declared_on: date | None = None
    dispatched_on: date | None = None
    cleared_on: date | None = None
    received_on: date | None = None
    shortfalls: dict[int, tuple[str, str, str]] = field(default_factory=dict)
    handovers: list[tuple[date, str, dict[int, str]]] = field(default_factory=list)
    write_offs: list[tuple[date, str, dict[int, str]]] = field(default_factory=list)
    recount: tuple[date, int, str, str, str] | None = None
    reported_on: date | None = None
    closed_on: date | None = None
    cancelled: tuple[date, str] | None = None
    expected_in_days: int = 10


def line(n: int, category: str, description: str, quantity: str, unit: str, **kw: Any) -> AidLine:
    """A packing-list line with an exact quantity."""
    value = kw.pop("value", None)
    return AidLine(
        line_no=n,
        category=AidCategory(category),
        description=description,
        quantity=Decimal(quantity),
        unit=Unit(unit),
        value=Money(Decimal(value[0]), value[1]) if value else None,
        **kw,
    )


def medicines(
    n: int, description: str, quantity: str, unit: str, lot: str, expiry: date
) -> AidLine:
    """A medicines line: always with its lot and expiry date."""
    return line(n, "medicines", description, quantity, unit, lot=lot, expiry_on=expiry)
