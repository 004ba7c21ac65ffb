"""Value objects of an aid shipment: donor, transport, lines and their per-line figures."""

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from domain.errors import RuleViolation, Violations
from domain.values import Money

ZERO = Decimal(0)


class AidCategory(StrEnum):
    """The closed list of cargo kinds (DOMAIN.md §4; the council's 12.01.2024 reply)."""

    FOOD = "food"
    CLOTHING = "clothing"
    HYGIENE = "hygiene"
    SHELTER = "shelter"
    MEDICAL_EQUIPMENT = "medical_equipment"
    MEDICINES = "medicines"
    BUILDING_MATERIALS = "building_materials"
    ENERGY = "energy"
    VEHICLES = "vehicles"
    WATER_SANITATION = "water_sanitation"
    OTHER = "other"


class Unit(StrEnum):
    """The units a line is counted in."""

    PCS = "pcs"
    KG = "kg"
    T = "t"
    L = "l"
    PALLET = "pallet"
    BOX = "box"
    SET = "set"


@dataclass(frozen=True)
class Donor:
    """Who sends the aid: a partner city, a government, a foundation, a company."""

    name: str
    country: str
    partner_id: UUID | None = None


@dataclass(frozen=True)
class Transport:
    """How the consignment travels."""

    carrier: str | None = None
    vehicle: str | None = None
    waybill: str | None = None


@dataclass(frozen=True)
class AidLine:
    """One announced line of the consignment, as the donor's packing list gives it."""

    line_no: int
    category: AidCategory
    description: str
    quantity: Decimal
    unit: Unit
    weight_kg: Decimal | None = None
    value: Money | None = None
    lot: str | None = None
    expiry_on: date | None = None


@dataclass(frozen=True)
class LineReceipt:
    """What was found of one line on receipt: in good condition, damaged, missing."""

    line_no: int
    received: Decimal
    damaged: Decimal = ZERO
    missing: Decimal = ZERO
    discrepancy_reason: str | None = None


@dataclass(frozen=True)
class LineQuantity:
    """A quantity of one line that leaves stock (distributed or written off)."""

    line_no: int
    quantity: Decimal


@dataclass(frozen=True)
class Distribution:
    """One act handing aid over to an institution (hospital, water utility, heating point)."""

    distributed_on: date
    to: str
    act_ref: str
    lines: list[LineQuantity]


@dataclass(frozen=True)
class WriteOff:
    """Aid taken off the books after receipt: expired, damaged later, lost."""

    written_off_on: date
    reason: str
    lines: list[LineQuantity]


@dataclass(frozen=True)
class LineStock:
    """The running figures of one line; `received` is None until the shipment arrives."""

    line_no: int
    received: Decimal | None = None
    damaged: Decimal | None = None
    missing: Decimal | None = None
    discrepancy_reason: str | None = None
    distributed: Decimal = ZERO
    written_off: Decimal = ZERO

    @property
    def gone(self) -> Decimal:
        """What has left stock: distributed plus written off."""
        return self.distributed + self.written_off

    @property
    def on_hand(self) -> Decimal | None:
        """What is still in stock in good condition."""
        return None if self.received is None else self.received - self.gone


@dataclass(frozen=True)
class LineFigures:
    """Per-line figures users ask about: announced quantity and where every unit went."""

    line: AidLine
    stock: LineStock

    @property
    def on_hand(self) -> Decimal | None:
        """Received in good condition minus distributed and written off."""
        return self.stock.on_hand


def positive(field_name: str, value: Decimal) -> None:
    """A quantity is an exact, finite decimal greater than zero."""
    if not isinstance(value, Decimal) or not value.is_finite() or value <= 0:
        raise RuleViolation.on(field_name, f"{field_name} must be a decimal greater than zero")


def not_negative(field_name: str, value: Decimal) -> None:
    """A count or amount that may be zero but never negative."""
    if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
        raise RuleViolation.on(field_name, f"{field_name} must be a decimal of zero or more")


def checked_lines(lines: list[AidLine]) -> list[AidLine]:
    """Announced lines: at least one, unique numbers, positive quantities, medicines traceable."""
    if not lines:
        raise RuleViolation.on("lines", "a shipment needs at least one line")
    problems = Violations()
    seen: set[int] = set()
    out: list[AidLine] = []
    for i, line in enumerate(lines):
        at = f"lines[{i}]"
        if line.category not in set(AidCategory):
            problems.add(f"{at}.category", f"unknown category {line.category!r}")
            continue
        if line.unit not in set(Unit):
            problems.add(f"{at}.unit", f"unknown unit {line.unit!r}")
            continue
        line = replace(line, category=AidCategory(line.category), unit=Unit(line.unit))
        out.append(line)
        if line.line_no < 1:
            problems.add(f"{at}.line_no", "line numbers start at 1")
        if line.line_no in seen:
            problems.add(f"{at}.line_no", f"line {line.line_no} is given twice")
        seen.add(line.line_no)
        if not line.description.strip():
            problems.add(f"{at}.description", "the description is empty")
        for name, amount, check in (
            ("quantity", line.quantity, positive),
            ("weight_kg", line.weight_kg, positive),
            ("value.amount", line.value.amount if line.value else None, not_negative),
        ):
            if amount is not None:
                try:
                    check(f"{at}.{name}", amount)
                except RuleViolation as e:
                    problems.add(e.problems[0].field, e.problems[0].message)
        if line.value is not None and not _is_code(line.value.currency, 3):
            problems.add(f"{at}.value.currency", "an ISO 4217 currency code is needed")
        # Medicines must be traceable to a batch and checked against their shelf life.
        if line.category is AidCategory.MEDICINES:
            if not (line.lot or "").strip():
                problems.add(f"{at}.lot", "medicines need a lot (batch) number")
            if line.expiry_on is None:
                problems.add(f"{at}.expiry_on", "medicines need an expiry date")
    problems.raise_if_any("the shipment's lines are not acceptable")
    return sorted(out, key=lambda line: line.line_no)


def check_receipt_line(at: str, quantity: Decimal, receipt: LineReceipt) -> None:
    """received + damaged + missing = quantity; any difference from it needs a reason."""
    not_negative(f"{at}.received", receipt.received)
    not_negative(f"{at}.damaged", receipt.damaged)
    not_negative(f"{at}.missing", receipt.missing)
    total = receipt.received + receipt.damaged + receipt.missing
    if total != quantity:
        raise RuleViolation.on(
            f"{at}.received",
            f"line {receipt.line_no}: received {receipt.received} + damaged {receipt.damaged} "
            f"+ missing {receipt.missing} = {total}, not the announced {quantity}",
        )
    if receipt.received != quantity and not (receipt.discrepancy_reason or "").strip():
        raise RuleViolation.on(
            f"{at}.discrepancy_reason",
            f"line {receipt.line_no}: {receipt.received} of {quantity} received in good "
            "condition: give a discrepancy_reason",
        )


def check_country_code(code: str) -> None:
    """A two-letter country code (the HTTP layer checks it against ISO 3166-1)."""
    if not _is_code(code, 2):
        raise RuleViolation.on("donor.country", "an ISO 3166-1 alpha-2 country code is needed")


def _is_code(code: str, length: int) -> bool:
    return len(code) == length and code.isascii() and code.isalpha() and code.isupper()
