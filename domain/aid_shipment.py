"""AidShipment: a consignment of humanitarian aid from a donor abroad (DOMAIN.md §4)."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar, Final

from eventsourcing.domain import event

from domain import reminders
from domain.aid_lines import (
    AidLine,
    Distribution,
    Donor,
    LineFigures,
    LineQuantity,
    LineReceipt,
    LineStock,
    Transport,
    WriteOff,
    check_country_code,
    check_receipt_line,
    checked_lines,
    positive,
)
from domain.bounds import SHIPMENTS
from domain.calendar import STATUTORY, Calendar
from domain.case import Case, not_in_future
from domain.documents import Documents
from domain.errors import RuleViolation, Violations
from domain.illustrative import flagged_on_creation
from domain.meta import Ctx, Meta
from domain.reminders import Owed, Reminder, issued_keys, marks_of

# Humanitarian aid must be reported within 90 calendar days of customs clearance, or it counts
# as unaccounted-for aid and the council risks its status as a recipient.
REPORT_PERIOD: Final = timedelta(days=90)


class ShipmentStatus(StrEnum):
    """Where a shipment stands, from announcement to closing."""

    ANNOUNCED = "announced"
    IN_TRANSIT = "in_transit"
    CLEARED = "cleared"
    RECEIVED = "received"
    PARTIALLY_DISTRIBUTED = "partially_distributed"
    DISTRIBUTED = "distributed"
    REPORTED = "reported"
    CLOSED = "closed"
    CANCELLED = "cancelled"


S = ShipmentStatus
FINAL: Final = frozenset({S.CLOSED, S.CANCELLED})
# A target of None means the status follows from the facts: it stays as it is (declare) or is
# worked out from what is still on hand (distribute, write_off, correct_receipt).
TRANSITIONS: Final = {
    "declare": (frozenset({S.ANNOUNCED, S.IN_TRANSIT}), None),
    "dispatch": (frozenset({S.ANNOUNCED}), S.IN_TRANSIT),
    "clear_customs": (frozenset({S.IN_TRANSIT}), S.CLEARED),
    "receive": (frozenset({S.CLEARED}), S.RECEIVED),
    # Also after the report (a deliberate deviation from DOMAIN.md §4's diagram, see
    # docs/DEADLINES.md): the 90-day report is an obligation on time, the handover of what is
    # still on hand goes on after it, and closing needs every line settled (DOMAIN.md §7).
    # The status stays `reported`.
    "distribute": (frozenset({S.RECEIVED, S.PARTIALLY_DISTRIBUTED, S.REPORTED}), None),
    "write_off": (frozenset({S.RECEIVED, S.PARTIALLY_DISTRIBUTED, S.REPORTED}), None),
    # From `received` only when nothing arrived in good condition (see AidShipment.report).
    "report": (frozenset({S.RECEIVED, S.PARTIALLY_DISTRIBUTED, S.DISTRIBUTED}), S.REPORTED),
    "close": (frozenset({S.REPORTED}), S.CLOSED),
    # Once customs has cleared it the goods are in the country: they must be received and
    # accounted for, so cancelling is only possible before clearance.
    "cancel": (frozenset({S.ANNOUNCED, S.IN_TRANSIT}), S.CANCELLED),
    # Corrections are compensating events, never deletions.
    "correct_receipt": (frozenset({S.RECEIVED, S.PARTIALLY_DISTRIBUTED, S.DISTRIBUTED}), None),
    "reverse_receipt": (frozenset({S.RECEIVED}), S.CLEARED),
}


def report_due(cleared_on: date, calendar: Calendar = STATUTORY) -> date:
    """The last day to report: 90 calendar days after customs clearance, on a working day."""
    # DOMAIN.md §7, Civil Code Art. 254(5): a term whose last day is non-working ends on the
    # next working day (docs/DEADLINES.md).
    return calendar.term_end(cleared_on + REPORT_PERIOD)


class AidShipment(Case, Documents):
    """A consignment of humanitarian aid, followed from announcement to its 90-day report."""

    EARLIEST = SHIPMENTS  # no date older than this (domain.bounds)

    TRANSITIONS: ClassVar = TRANSITIONS
    FINAL: ClassVar = FINAL

    reference: str
    donor: Donor
    recipient: str
    expected_on: date
    announced_on: date
    lines: list[AidLine]
    stock: list[LineStock]
    status: ShipmentStatus
    declaration_code: str | None
    declared_on: date | None
    dispatched_on: date | None
    transport: Transport | None
    cleared_on: date | None
    customs_ref: str | None
    report_due_on: date | None
    received_on: date | None
    distributions: list[Distribution]
    write_offs: list[WriteOff]
    corrections: int
    reported_on: date | None
    report_ref: str | None
    late: bool | None
    closed_on: date | None
    cancelled_on: date | None
    cancel_reason: str | None
    reminders_issued: list[str]
    illustrative: bool
    reminder_marks: dict[str, date]

    @classmethod
    def announce(
        cls,
        ctx: Ctx,
        *,
        reference: str,
        donor: Donor,
        recipient: str,
        expected_on: date,
        lines: list[AidLine],
        illustrative: bool = False,
    ) -> "AidShipment":
        """Announce a consignment; a partner donor must have been checked by the caller.

        `illustrative` marks a made-up record (demo data), not a documented consignment.
        """
        if not donor.name.strip():
            raise RuleViolation.on("donor.name", "the donor's name is empty")
        donor = replace(donor, name=donor.name.strip(), country=donor.country.upper())
        check_country_code(donor.country)
        if not recipient.strip():
            raise RuleViolation.on("recipient", "the recipient is empty")
        return cls(
            meta=ctx.meta,
            reference=reference,
            donor=donor,
            recipient=recipient.strip(),
            expected_on=expected_on,
            announced_on=ctx.today,
            lines=checked_lines(lines),
            illustrative=illustrative,
        )

    @event("Announced")
    def __init__(
        self,
        meta: Meta,
        reference: str,
        donor: Donor,
        recipient: str,
        expected_on: date,
        announced_on: date,
        lines: list[AidLine],
        illustrative: bool,
    ) -> None:
        self.reference = reference
        self.donor = donor
        self.recipient = recipient
        self.expected_on = expected_on
        self.announced_on = announced_on
        self.lines = lines
        self.stock = [LineStock(line_no=line.line_no) for line in lines]
        self.status = ShipmentStatus.ANNOUNCED
        self.declaration_code = self.declared_on = None
        self.dispatched_on = self.transport = None
        self.cleared_on = self.customs_ref = self.report_due_on = None
        self.received_on = None
        self.distributions = []
        self.write_offs = []
        self.corrections = 0
        self.reported_on = self.report_ref = self.late = None
        self.closed_on = self.cancelled_on = self.cancel_reason = None
        self.reminders_issued = []
        self.illustrative = illustrative
        self.reminder_marks = {}

    # -- on the way: declaration, dispatch, customs -----------------------------------------------

    def declare(self, ctx: Ctx, *, code: str, declared_on: date) -> None:
        """Record the humanitarian-aid declaration made in the state's online system."""
        self._require("declare")
        not_in_future("declared_on", declared_on, ctx.today)
        if not code.strip():
            raise RuleViolation.on("code", "the declaration code is empty")
        if self.declaration_code is not None:
            raise RuleViolation.on(
                "code", f"the shipment is already declared under {self.declaration_code}"
            )
        self._declared(ctx.meta, code.strip(), declared_on)

    @event("Declared")
    def _declared(self, meta: Meta, code: str, declared_on: date) -> None:
        self.declaration_code = code
        self.declared_on = declared_on

    def dispatch(
        self, ctx: Ctx, *, dispatched_on: date, transport: Transport | None = None
    ) -> None:
        """The donor has sent the consignment on its way."""
        self._require("dispatch")
        not_in_future("dispatched_on", dispatched_on, ctx.today)
        self._dispatched(ctx.meta, dispatched_on, transport)

    @event("Dispatched")
    def _dispatched(self, meta: Meta, dispatched_on: date, transport: Transport | None) -> None:
        self.status = ShipmentStatus.IN_TRANSIT
        self.dispatched_on = dispatched_on
        self.transport = transport

    def clear_customs(
        self, ctx: Ctx, calendar: Calendar = STATUTORY, *, cleared_on: date, customs_ref: str
    ) -> None:
        """Customs has cleared the consignment: the 90-day reporting clock starts."""
        self._require("clear_customs")
        not_in_future("cleared_on", cleared_on, ctx.today)
        if self.declaration_code is None or self.declared_on is None:
            raise RuleViolation.on(
                "declaration_code",
                "the aid must be declared in the state's online system before customs clearance",
            )
        if cleared_on < self.declared_on:
            raise RuleViolation.on(
                "cleared_on", f"cleared before the declaration {self.declared_on}"
            )
        if self.dispatched_on is not None and cleared_on < self.dispatched_on:
            raise RuleViolation.on("cleared_on", f"cleared before dispatch {self.dispatched_on}")
        if not customs_ref.strip():
            raise RuleViolation.on("customs_ref", "the customs reference is empty")
        self._customs_cleared(
            ctx.meta, cleared_on, customs_ref.strip(), report_due(cleared_on, calendar)
        )

    @event("CustomsCleared")
    def _customs_cleared(
        self, meta: Meta, cleared_on: date, customs_ref: str, report_due_on: date
    ) -> None:
        self.status = ShipmentStatus.CLEARED
        self.cleared_on = cleared_on
        self.customs_ref = customs_ref
        self.report_due_on = report_due_on

    def cancel(self, ctx: Ctx, *, reason: str) -> None:
        """The consignment will not come (before customs clearance only)."""
        self._require("cancel")
        if not reason.strip():
            raise RuleViolation.on("reason", "cancelling needs a reason")
        self._cancelled(ctx.meta, ctx.today, reason.strip())

    @event("Cancelled")
    def _cancelled(self, meta: Meta, cancelled_on: date, reason: str) -> None:
        self.status = ShipmentStatus.CANCELLED
        self.cancelled_on = cancelled_on
        self.cancel_reason = reason

    # -- receipt ----------------------------------------------------------------------------------

    def receive(self, ctx: Ctx, *, received_on: date, lines: list[LineReceipt]) -> None:
        """Count what arrived, line by line: received + damaged + missing = quantity."""
        self._require("receive")
        not_in_future("received_on", received_on, ctx.today)
        if self.cleared_on is not None and received_on < self.cleared_on:
            raise RuleViolation.on(
                "received_on", f"received before customs clearance {self.cleared_on}"
            )
        self._check_receipts(lines, every_line=True)
        self._received(ctx.meta, received_on, list(lines))

    @event("Received")
    def _received(self, meta: Meta, received_on: date, lines: list[LineReceipt]) -> None:
        self.status = ShipmentStatus.RECEIVED
        self.received_on = received_on
        self.stock = _with_receipts(self.stock, lines)

    def correct_receipt(self, ctx: Ctx, *, reason: str, lines: list[LineReceipt]) -> None:
        """Correct the receipt of some lines; never below what has already left stock."""
        self._require("correct_receipt")
        if not reason.strip():
            raise RuleViolation.on("reason", "a correction needs a reason")
        self._check_receipts(lines, every_line=False)
        problems = Violations()
        for i, receipt in enumerate(lines):
            gone = self._stock_of(receipt.line_no).gone
            if receipt.received < gone:
                problems.add(
                    f"lines[{i}].received",
                    f"line {receipt.line_no}: {gone} already distributed or written off",
                )
        problems.raise_if_any("the correction would leave less than has already left stock")
        corrected = _with_receipts(self.stock, lines)
        self._receipt_corrected(
            ctx.meta, ctx.today, reason.strip(), list(lines), _stock_status(corrected)
        )

    @event("ReceiptCorrected")
    def _receipt_corrected(
        self,
        meta: Meta,
        corrected_on: date,
        reason: str,
        lines: list[LineReceipt],
        status: ShipmentStatus,
    ) -> None:
        self.stock = _with_receipts(self.stock, lines)
        self.status = status
        self.corrections += 1

    def reverse_receipt(self, ctx: Ctx, *, reason: str) -> None:
        """Undo a receipt recorded by mistake, while nothing has left stock; back to cleared."""
        self._require("reverse_receipt")
        if not reason.strip():
            raise RuleViolation.on("reason", "a reversal needs a reason")
        self._receipt_reversed(ctx.meta, ctx.today, reason.strip())

    @event("ReceiptReversed")
    def _receipt_reversed(self, meta: Meta, reversed_on: date, reason: str) -> None:
        self.status = ShipmentStatus.CLEARED
        self.received_on = None
        self.stock = [LineStock(line_no=s.line_no) for s in self.stock]
        self.corrections += 1

    # -- where the aid went -----------------------------------------------------------------------

    def distribute(
        self, ctx: Ctx, *, distributed_on: date, to: str, act_ref: str, lines: list[LineQuantity]
    ) -> None:
        """Hand aid over to an institution under an act; never more than is on hand."""
        self._require("distribute")
        self._check_after_receipt("distributed_on", distributed_on, ctx.today)
        if not to.strip():
            raise RuleViolation.on("to", "name the institution the aid goes to")
        if not act_ref.strip():
            raise RuleViolation.on("act_ref", "the act of handover needs a reference")
        status = self._check_moves(lines, "distributed")
        self._distributed(
            ctx.meta, distributed_on, to.strip(), act_ref.strip(), list(lines), status
        )

    @event("Distributed")
    def _distributed(
        self,
        meta: Meta,
        distributed_on: date,
        to: str,
        act_ref: str,
        lines: list[LineQuantity],
        status: ShipmentStatus,
    ) -> None:
        self.stock = _with_moves(self.stock, lines, "distributed")
        self.distributions = [
            *self.distributions,
            Distribution(distributed_on=distributed_on, to=to, act_ref=act_ref, lines=lines),
        ]
        self.status = status

    def write_off(
        self, ctx: Ctx, *, written_off_on: date, reason: str, lines: list[LineQuantity]
    ) -> None:
        """Take aid off the books (expired, damaged later, lost); never more than is on hand."""
        self._require("write_off")
        self._check_after_receipt("written_off_on", written_off_on, ctx.today)
        if not reason.strip():
            raise RuleViolation.on("reason", "a write-off needs a reason")
        status = self._check_moves(lines, "written_off")
        self._written_off(ctx.meta, written_off_on, reason.strip(), list(lines), status)

    @event("WrittenOff")
    def _written_off(
        self,
        meta: Meta,
        written_off_on: date,
        reason: str,
        lines: list[LineQuantity],
        status: ShipmentStatus,
    ) -> None:
        self.stock = _with_moves(self.stock, lines, "written_off")
        self.write_offs = [
            *self.write_offs,
            WriteOff(written_off_on=written_off_on, reason=reason, lines=lines),
        ]
        self.status = status

    # -- the report and the end -------------------------------------------------------------------

    def report(
        self, ctx: Ctx, calendar: Calendar | None = None, *, reported_on: date, report_ref: str
    ) -> None:
        """File the report on the aid's use; late if after the due date with today's calendar."""
        self._require("report")
        not_in_future("reported_on", reported_on, ctx.today)
        if self.status is ShipmentStatus.RECEIVED and any(s.on_hand for s in self.stock):
            # A consignment that arrived wholly damaged or missing has nothing to hand over and
            # must still be reported; one with goods on hand reports after handing them over.
            raise RuleViolation.on(
                "reported_on", "distribute or write off what is on hand before reporting"
            )
        last_move = max(
            [d.distributed_on for d in self.distributions]
            + [w.written_off_on for w in self.write_offs],
            default=self.received_on,
        )
        if last_move is not None and reported_on < last_move:
            raise RuleViolation.on(
                "reported_on", f"the report cannot predate the handover of {last_move}"
            )
        if not report_ref.strip():
            raise RuleViolation.on("report_ref", "the report needs a reference")
        # DOMAIN.md §7: the due date as it stands with the calendar in force now (an override
        # since clearance re-plans it, Art. 254(5)); recorded with the report, it no longer moves.
        due = self.current_report_due_on(calendar)
        late = due is not None and reported_on > due
        self._reported(ctx.meta, reported_on, report_ref.strip(), late, due)

    class Reported(Case.Event):
        """The report on the aid's use was filed; `due_on` as it stood that day."""

        class_version = 2
        meta: Meta
        reported_on: date
        report_ref: str
        late: bool
        due_on: date | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Reports stored before version 2 were judged by the due date set at clearance."""
            state.setdefault("due_on", None)

    @event(Reported)
    def _reported(
        self, meta: Meta, reported_on: date, report_ref: str, late: bool, due_on: date | None
    ) -> None:
        if due_on is not None:
            self.report_due_on = due_on
        self.status = ShipmentStatus.REPORTED
        self.reported_on = reported_on
        self.report_ref = report_ref
        self.late = late

    def close(self, ctx: Ctx, *, closed_on: date) -> None:
        """Close the file once the report is in and every line is settled."""
        self._require("close")
        not_in_future("closed_on", closed_on, ctx.today)
        if self.reported_on is not None and closed_on < self.reported_on:
            raise RuleViolation.on("closed_on", f"closed before the report of {self.reported_on}")
        # DOMAIN.md §7: closing requires every line settled (distributed, written off, or
        # recorded as damaged or missing on receipt): no goods may be left on hand.
        problems = Violations()
        for i, s in enumerate(self.stock):
            if s.on_hand is None or s.on_hand > 0:
                left = "nothing recorded as received" if s.on_hand is None else s.on_hand
                problems.add(f"lines[{i}]", f"line {s.line_no}: {left} on hand, not settled")
        problems.raise_if_any("a shipment with goods on hand cannot be closed")
        self._closed(ctx.meta, closed_on)

    @event("Closed")
    def _closed(self, meta: Meta, closed_on: date) -> None:
        self.status = ShipmentStatus.CLOSED
        self.closed_on = closed_on

    # -- what users ask about ---------------------------------------------------------------------

    def figures(self) -> list[LineFigures]:
        """Each line with its figures: quantity, received, damaged, missing, gone, on hand."""
        return [
            LineFigures(line, stock) for line, stock in zip(self.lines, self.stock, strict=True)
        ]

    def current_report_due_on(self, calendar: Calendar | None = None) -> date | None:
        """The last day to report: while unreported, re-planned with the calendar given."""
        # DOMAIN.md §7 / Art. 254(5): a later calendar override re-plans an open report like an
        # FOI request; once reported, the due date recorded with the report stands.
        if self.report_due_on is None or self.reported_on is not None or calendar is None:
            return self.report_due_on
        if self.cleared_on is None:
            return self.report_due_on
        return report_due(self.cleared_on, calendar)

    def overdue(self, today: date, calendar: Calendar | None = None) -> bool:
        """Cleared, still unreported, and the 90 days have run out."""
        due = self.current_report_due_on(calendar)
        return (
            due is not None
            and self.reported_on is None
            and self.status is not ShipmentStatus.CANCELLED
            and today > due
        )

    def days_to_report_due(self, today: date, calendar: Calendar | None = None) -> int | None:
        """Days left to report (negative when overdue), while the report is outstanding."""
        due = self.current_report_due_on(calendar)
        if due is None or self.reported_on is not None:
            return None
        return (due - today).days

    # -- reminders (the reminder job, DOMAIN.md §4) -----------------------------------------------

    def reminders_due(self, today: date, calendar: Calendar | None = None) -> list[Reminder]:
        """Report and late-arrival reminders due by today and not yet issued."""
        due: list[Reminder] = []
        report_due_on = self.current_report_due_on(calendar)
        outstanding = report_due_on is not None and self.reported_on is None
        if outstanding and report_due_on and self.status is not ShipmentStatus.CANCELLED:
            since = marks_of(self).get("report")
            due += reminders.report_reminders(report_due_on, today, since)
        if self.status in (ShipmentStatus.ANNOUNCED, ShipmentStatus.IN_TRANSIT):
            due += reminders.arrival_reminders(self.expected_on, today)
        return reminders.not_issued(due, issued_keys(self), marks_of(self))

    def issue_reminder(
        self, ctx: Ctx, key: str, due: list[Reminder] | None = None, owed: Owed | None = None
    ) -> None:
        """Record that a due reminder went out; a key is never issued twice."""
        due = self.reminders_due(ctx.today) if due is None else due
        reminders.record(self, ctx, key, due, owed, (self.reference, self.donor.name, None))

    _reminder_issued = reminders.issued_applier()

    # -- checks -----------------------------------------------------------------------------------

    def _line(self, line_no: int) -> AidLine | None:
        return next((line for line in self.lines if line.line_no == line_no), None)

    def _stock_of(self, line_no: int) -> LineStock:
        return next(s for s in self.stock if s.line_no == line_no)

    def _check_receipts(self, receipts: list[LineReceipt], *, every_line: bool) -> None:
        problems = Violations()
        seen: set[int] = set()
        for i, receipt in enumerate(receipts):
            line = self._line(receipt.line_no)
            if line is None:
                problems.add(f"lines[{i}].line_no", f"the shipment has no line {receipt.line_no}")
                continue
            if receipt.line_no in seen:
                problems.add(f"lines[{i}].line_no", f"line {receipt.line_no} is given twice")
            seen.add(receipt.line_no)
            try:
                check_receipt_line(f"lines[{i}]", line.quantity, receipt)
            except RuleViolation as e:
                problems.add(e.problems[0].field, e.problems[0].message)
        if not receipts:
            problems.add("lines", "give the figures of at least one line")
        if every_line:
            for line in self.lines:
                if line.line_no not in seen:
                    problems.add("lines", f"line {line.line_no} is not accounted for")
        problems.raise_if_any("the receipt does not add up")

    def _check_after_receipt(self, field_name: str, on: date, today: date) -> None:
        not_in_future(field_name, on, today)
        if self.received_on is not None and on < self.received_on:
            raise RuleViolation.on(field_name, f"before the receipt of {self.received_on}")

    def _check_moves(self, moves: list[LineQuantity], kind: str) -> ShipmentStatus:
        """Each line at most once, a positive quantity, never more than on hand: the new status."""
        problems = Violations()
        seen: set[int] = set()
        for i, move in enumerate(moves):
            at = f"lines[{i}]"
            if self._line(move.line_no) is None:
                problems.add(f"{at}.line_no", f"the shipment has no line {move.line_no}")
                continue
            if move.line_no in seen:
                problems.add(f"{at}.line_no", f"line {move.line_no} is given twice")
                continue
            seen.add(move.line_no)
            try:
                positive(f"{at}.quantity", move.quantity)
            except RuleViolation as e:
                problems.add(e.problems[0].field, e.problems[0].message)
                continue
            on_hand = self._stock_of(move.line_no).on_hand or Decimal(0)
            if move.quantity > on_hand:
                problems.add(
                    f"{at}.quantity",
                    f"line {move.line_no}: {move.quantity} exceeds the {on_hand} on hand "
                    "in good condition",
                )
        if not moves:
            problems.add("lines", "give at least one line")
        problems.raise_if_any(f"these quantities cannot be {kind.replace('_', ' ')}")
        if self.status is ShipmentStatus.REPORTED:
            return ShipmentStatus.REPORTED  # a handover after the report keeps it reported
        return _stock_status(_with_moves(self.stock, moves, kind))


# The @event decorator makes the event class at runtime, where the type checker cannot see it.
reminders.version_issued_event(AidShipment.ReminderIssued)  # type: ignore[attr-defined]


def _with_receipts(stock: list[LineStock], receipts: list[LineReceipt]) -> list[LineStock]:
    by_line = {r.line_no: r for r in receipts}
    out = []
    for s in stock:
        r = by_line.get(s.line_no)
        if r is not None:
            s = replace(
                s,
                received=r.received,
                damaged=r.damaged,
                missing=r.missing,
                discrepancy_reason=r.discrepancy_reason,
            )
        out.append(s)
    return out


def _with_moves(stock: list[LineStock], moves: list[LineQuantity], kind: str) -> list[LineStock]:
    added: dict[int, Decimal] = {}
    for move in moves:
        added[move.line_no] = added.get(move.line_no, Decimal(0)) + move.quantity
    return [
        replace(s, **{kind: getattr(s, kind) + added[s.line_no]}) if s.line_no in added else s
        for s in stock
    ]


def _stock_status(stock: list[LineStock]) -> ShipmentStatus:
    """Nothing handed over yet: received; nothing left on hand: distributed; else partially."""
    if not any(s.gone for s in stock):
        return ShipmentStatus.RECEIVED
    if all(s.on_hand == 0 for s in stock):
        return ShipmentStatus.DISTRIBUTED
    return ShipmentStatus.PARTIALLY_DISTRIBUTED


# v2: `illustrative` (v1 events: False); Announced is made at runtime by the @event decorator.
flagged_on_creation(AidShipment.Announced)  # type: ignore[attr-defined]
