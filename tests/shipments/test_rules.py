"""The aid shipment rules of DOMAIN.md §4, each pinned by a test that fails without it."""

from dataclasses import replace
from datetime import date

import pytest

from domain.aid_lines import AidLine, Donor, LineQuantity, LineReceipt
from domain.aid_shipment import ShipmentStatus
from domain.errors import FutureDateError, RuleViolation, TransitionNotAllowed
from domain.values import Money
from tests.shipments.builders import (
    D,
    S,
    announced,
    ctx,
    full_receipt,
    in_status,
    lines,
    received_wholly_damaged,
    reported_with_goods_on_hand,
)


def fields(refused: pytest.ExceptionInfo[RuleViolation]) -> list[str]:
    return [p.field for p in refused.value.problems]


def figures(s) -> dict[int, tuple]:
    return {
        f.line.line_no: (
            f.line.quantity,
            f.stock.received,
            f.stock.damaged,
            f.stock.missing,
            f.stock.distributed,
            f.stock.written_off,
            f.on_hand,
        )
        for f in s.figures()
    }


def distribute(s, *quantities: tuple[int, str], on: date = date(2022, 12, 2)) -> None:
    s.distribute(
        ctx(),
        distributed_on=on,
        to="heating points",
        act_ref="act 5",
        lines=[LineQuantity(n, D(q)) for n, q in quantities],
    )


def write_off(s, *quantities: tuple[int, str], on: date = date(2022, 12, 3)) -> None:
    s.write_off(
        ctx(),
        written_off_on=on,
        reason="damaged in storage",
        lines=[LineQuantity(n, D(q)) for n, q in quantities],
    )


# -- announcement ---------------------------------------------------------------------------------


def test_an_announced_shipment_shows_its_lines_with_nothing_received_yet():
    s = announced()
    assert s.status is S.ANNOUNCED
    assert s.reference == "SHP-2022-0001"
    assert s.announced_on == date(2022, 11, 21)
    assert figures(s)[2] == (D("2.5"), None, None, None, D(0), D(0), None)
    assert s.lines[1].value == Money(D("1200.50"), "EUR")


def test_the_donor_country_is_an_upper_case_two_letter_code():
    assert announced(donor=Donor(" Siepomaga ", "pl")).donor == Donor("Siepomaga", "PL")
    with pytest.raises(RuleViolation) as refused:
        announced(donor=Donor("Siepomaga", "POL"))
    assert fields(refused) == ["donor.country"]


def test_line_numbers_must_be_unique():
    twice = [*lines(), replace(lines()[0], description="more generators")]
    with pytest.raises(RuleViolation) as refused:
        announced(lines=twice)
    assert fields(refused) == ["lines[3].line_no"]


@pytest.mark.parametrize("quantity", ["0", "-1", "NaN", "Infinity"])
def test_a_zero_negative_or_non_finite_quantity_is_refused(quantity):
    bad = [replace(lines()[0], quantity=D(quantity))]
    with pytest.raises(RuleViolation) as refused:
        announced(lines=bad)
    assert fields(refused) == ["lines[0].quantity"]


def test_a_quantity_must_be_an_exact_decimal_never_a_float():
    with pytest.raises(RuleViolation):
        announced(lines=[replace(lines()[0], quantity=2.5)])


@pytest.mark.parametrize("missing", ["lot", "expiry_on"])
def test_medicines_need_a_lot_and_an_expiry_date(missing):
    medicine = replace(lines()[2], **{missing: None})
    with pytest.raises(RuleViolation) as refused:
        announced(lines=[medicine])
    assert fields(refused) == [f"lines[0].{missing}"]


def test_other_categories_need_no_lot():
    assert announced(lines=[lines()[0]]).lines[0].lot is None


def test_a_shipment_needs_at_least_one_line():
    with pytest.raises(RuleViolation) as refused:
        announced(lines=[])
    assert fields(refused) == ["lines"]


def test_an_unknown_unit_is_refused_by_the_domain_too():
    with pytest.raises(RuleViolation):
        announced(lines=[AidLine(1, "food", "flour", D("1"), "barrel")])


def test_a_negative_value_or_a_malformed_currency_is_refused():
    with pytest.raises(RuleViolation) as refused:
        announced(lines=[replace(lines()[1], value=Money(D("-1"), "eur"))])
    assert fields(refused) == ["lines[0].value.amount", "lines[0].value.currency"]


# -- declaration, dispatch, customs --------------------------------------------------------------


def test_customs_clearance_is_refused_without_a_declaration():
    s = in_status(S.IN_TRANSIT, declared=False)
    with pytest.raises(RuleViolation) as refused:
        s.clear_customs(ctx(), cleared_on=date(2022, 11, 29), customs_ref="UA1")
    assert fields(refused) == ["declaration_code"]
    assert s.status is S.IN_TRANSIT
    assert s.report_due_on is None


def test_a_declaration_may_come_after_dispatch_but_not_after_clearance():
    s = in_status(S.IN_TRANSIT, declared=False)
    s.declare(ctx(), code="HA-7", declared_on=date(2022, 11, 26))
    s.clear_customs(ctx(), cleared_on=date(2022, 11, 29), customs_ref="UA1")
    with pytest.raises(TransitionNotAllowed):
        s.declare(ctx(), code="HA-8", declared_on=date(2022, 11, 30))


def test_declaring_twice_is_refused():
    s = announced()
    s.declare(ctx(), code="HA-1", declared_on=date(2022, 11, 22))
    with pytest.raises(RuleViolation) as refused:
        s.declare(ctx(), code="HA-2", declared_on=date(2022, 11, 23))
    assert fields(refused) == ["code"]


def test_customs_cannot_clear_before_the_declaration_or_the_dispatch():
    s = in_status(S.IN_TRANSIT, declared=False)
    s.declare(ctx(), code="HA-7", declared_on=date(2022, 11, 28))
    with pytest.raises(RuleViolation):
        s.clear_customs(ctx(), cleared_on=date(2022, 11, 27), customs_ref="UA1")
    t = in_status(S.IN_TRANSIT)  # dispatched 2022-11-25
    with pytest.raises(RuleViolation):
        t.clear_customs(ctx(), cleared_on=date(2022, 11, 24), customs_ref="UA1")


def test_clearance_starts_the_ninety_day_clock():
    s = in_status(S.CLEARED)  # cleared 2022-11-29
    assert s.report_due_on == date(2023, 2, 27)


@pytest.mark.parametrize(
    ("command", "facts"),
    [
        ("declare", {"code": "HA", "declared_on": date(2026, 11, 24)}),
        ("dispatch", {"dispatched_on": date(2026, 11, 24)}),
    ],
)
def test_dates_of_what_happened_cannot_be_in_the_future(command, facts):
    with pytest.raises(FutureDateError):
        getattr(announced(), command)(ctx(date(2026, 11, 23)), **facts)


# -- receipt -------------------------------------------------------------------------------------


def receive(s, *receipts: LineReceipt, on: date = date(2022, 12, 1)) -> None:
    given = {r.line_no: r for r in receipts}
    rest = [r for r in full_receipt(s) if r.line_no not in given]
    s.receive(ctx(), received_on=on, lines=[*receipts, *rest])


def test_received_damaged_and_missing_must_add_up_to_the_quantity():
    s = in_status(S.CLEARED)
    with pytest.raises(RuleViolation) as refused:
        receive(s, LineReceipt(1, D("70"), D("3"), D("1"), "crate broken"))
    assert fields(refused) == ["lines[0].received"]
    assert s.status is S.CLEARED


def test_a_discrepancy_needs_a_reason():
    s = in_status(S.CLEARED)
    with pytest.raises(RuleViolation) as refused:
        receive(s, LineReceipt(1, D("70"), D("3"), D("2")))
    assert fields(refused) == ["lines[0].discrepancy_reason"]
    receive(s, LineReceipt(1, D("70"), D("3"), D("2"), "crate broken; 2 lost in transit"))
    assert figures(s)[1] == (D(75), D(70), D(3), D(2), D(0), D(0), D(70))
    assert s.stock[0].discrepancy_reason == "crate broken; 2 lost in transit"


def test_quantities_are_exact_decimals():
    # 0.1 + 0.2 == 0.3 exactly: with floats (0.30000000000000004) this receipt would not add up.
    s = announced(lines=[AidLine(1, "food", "flour", D("0.3"), "t")])
    s.dispatch(ctx(), dispatched_on=date(2022, 11, 25))
    s.declare(ctx(), code="HA-1", declared_on=date(2022, 11, 25))
    s.clear_customs(ctx(), cleared_on=date(2022, 11, 29), customs_ref="UA1")
    receive(s, LineReceipt(1, D("0.1"), D("0.2"), D("0"), "one sack torn"))
    assert s.stock[0].received == D("0.1")
    assert 0.1 + 0.2 != 0.3


def test_every_line_must_be_counted_exactly_once():
    s = in_status(S.CLEARED)
    with pytest.raises(RuleViolation) as refused:
        s.receive(ctx(), received_on=date(2022, 12, 1), lines=full_receipt(s)[:2])
    assert fields(refused) == ["lines"]
    twice = [*full_receipt(s), LineReceipt(1, D("75"))]
    with pytest.raises(RuleViolation):
        s.receive(ctx(), received_on=date(2022, 12, 1), lines=twice)
    unknown = [*full_receipt(s), LineReceipt(9, D("1"))]
    with pytest.raises(RuleViolation):
        s.receive(ctx(), received_on=date(2022, 12, 1), lines=unknown)


def test_a_negative_count_on_receipt_is_refused():
    s = in_status(S.CLEARED)
    with pytest.raises(RuleViolation):
        receive(s, LineReceipt(1, D("80"), D("-5"), D("0"), "?"))


def test_a_received_date_in_the_future_or_before_clearance_is_refused():
    s = in_status(S.CLEARED)
    with pytest.raises(FutureDateError):
        receive(s, on=date(2026, 11, 24))
    with pytest.raises(RuleViolation) as refused:
        receive(s, on=date(2022, 11, 28))
    assert fields(refused) == ["received_on"]


def test_receiving_twice_is_refused():
    s = in_status(S.RECEIVED)
    with pytest.raises(TransitionNotAllowed):
        receive(s)


def test_a_cancelled_shipment_cannot_be_received():
    with pytest.raises(TransitionNotAllowed):
        receive(in_status(S.CANCELLED))


def test_cancelling_needs_a_reason_and_is_only_possible_before_customs_clearance():
    with pytest.raises(RuleViolation):
        announced().cancel(ctx(), reason="  ")
    with pytest.raises(TransitionNotAllowed):
        in_status(S.CLEARED).cancel(ctx(), reason="too late")
    s = in_status(S.IN_TRANSIT)
    s.cancel(ctx(date(2022, 11, 27)), reason="the lorry was turned back")
    assert (s.status, s.cancelled_on) == (S.CANCELLED, date(2022, 11, 27))


# -- distribution and write-off ---------------------------------------------------------------


def test_partial_distribution_then_the_rest():
    s = in_status(S.RECEIVED)
    distribute(s, (1, "70"))
    assert s.status is S.PARTIALLY_DISTRIBUTED
    assert figures(s)[1][-1] == D(5)
    distribute(s, (1, "5"), (2, "2.5"), (3, "100"))
    assert s.status is S.DISTRIBUTED
    assert [f.on_hand for f in s.figures()] == [D(0), D(0), D(0)]
    assert [d.act_ref for d in s.distributions] == ["act 5", "act 5"]


def test_distributing_more_than_is_on_hand_is_refused():
    s = in_status(S.RECEIVED)
    distribute(s, (1, "70"))
    with pytest.raises(RuleViolation) as refused:
        distribute(s, (2, "1"), (1, "6"))
    assert fields(refused) == ["lines[1].quantity"]
    assert figures(s)[2][4] == D(0)  # nothing of the refused act was recorded


def test_damaged_and_missing_units_cannot_be_distributed():
    s = in_status(S.CLEARED)
    receive(s, LineReceipt(1, D("70"), D("3"), D("2"), "crate broken"))
    with pytest.raises(RuleViolation):
        distribute(s, (1, "71"))
    distribute(s, (1, "70"))
    assert figures(s)[1][-1] == D(0)


def test_distributed_plus_written_off_never_exceeds_what_was_received_in_good_condition():
    s = in_status(S.RECEIVED)
    distribute(s, (1, "70"))
    with pytest.raises(RuleViolation):
        write_off(s, (1, "6"))
    write_off(s, (1, "5"))
    assert figures(s)[1] == (D(75), D(75), D(0), D(0), D(70), D(5), D(0))
    assert s.write_offs[0].reason == "damaged in storage"


def test_a_write_off_needs_a_reason():
    s = in_status(S.RECEIVED)
    with pytest.raises(RuleViolation) as refused:
        s.write_off(ctx(), written_off_on=date(2022, 12, 3), reason=" ", lines=[])
    assert fields(refused) == ["reason"]


def test_handing_over_needs_an_institution_an_act_and_known_lines():
    s = in_status(S.RECEIVED)
    with pytest.raises(RuleViolation):
        s.distribute(ctx(), distributed_on=date(2022, 12, 2), to=" ", act_ref="a", lines=[])
    with pytest.raises(RuleViolation):
        s.distribute(ctx(), distributed_on=date(2022, 12, 2), to="x", act_ref=" ", lines=[])
    with pytest.raises(RuleViolation):
        distribute(s, (9, "1"))
    with pytest.raises(RuleViolation):
        distribute(s, (1, "1"), (1, "1"))
    with pytest.raises(RuleViolation):
        distribute(s, (1, "0"))


def test_aid_cannot_be_handed_over_before_it_was_received():
    s = in_status(S.RECEIVED)  # received 2022-12-01
    with pytest.raises(RuleViolation) as refused:
        distribute(s, (1, "1"), on=date(2022, 11, 30))
    assert fields(refused) == ["distributed_on"]


def test_writing_everything_off_leaves_nothing_on_hand():
    s = in_status(S.RECEIVED)
    write_off(s, (1, "75"), (2, "2.5"), (3, "100"))
    assert s.status is S.DISTRIBUTED


# -- report and closing ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reported_on", "late"),
    [(date(2023, 2, 26), False), (date(2023, 2, 27), False), (date(2023, 2, 28), True)],
)
def test_a_report_after_the_due_date_is_late(reported_on, late):
    s = in_status(S.DISTRIBUTED)  # cleared 2022-11-29, due 2023-02-27
    s.report(ctx(), reported_on=reported_on, report_ref="r")
    assert (s.status, s.late) == (S.REPORTED, late)


def test_a_report_cannot_predate_the_last_handover():
    s = in_status(S.DISTRIBUTED)  # last act 2022-12-05
    with pytest.raises(RuleViolation) as refused:
        s.report(ctx(), reported_on=date(2022, 12, 4), report_ref="r")
    assert fields(refused) == ["reported_on"]


def test_nothing_is_reported_before_the_aid_is_handed_over():
    with pytest.raises(RuleViolation):
        in_status(S.RECEIVED).report(ctx(), reported_on=date(2023, 1, 5), report_ref="r")
    with pytest.raises(TransitionNotAllowed):
        in_status(S.CLEARED).report(ctx(), reported_on=date(2023, 1, 5), report_ref="r")


def test_a_consignment_received_wholly_damaged_can_still_be_reported():
    s = received_wholly_damaged()
    s.report(ctx(), reported_on=date(2023, 1, 5), report_ref="r")
    assert s.status is S.REPORTED
    assert s.late is False


def test_closing_cannot_predate_the_report():
    s = in_status(S.REPORTED)  # reported 2023-02-10
    with pytest.raises(RuleViolation):
        s.close(ctx(), closed_on=date(2023, 2, 9))
    s.close(ctx(), closed_on=date(2023, 2, 10))
    assert s.is_final


def test_closing_with_goods_on_hand_is_refused():
    s = in_status(S.PARTIALLY_DISTRIBUTED)  # line 1: 5 of 75 generators still on hand
    s.report(ctx(), reported_on=date(2023, 2, 10), report_ref="r")
    with pytest.raises(RuleViolation) as refused:
        s.close(ctx(), closed_on=date(2023, 2, 20))
    assert fields(refused) == ["lines[0]", "lines[1]", "lines[2]"]
    assert "line 1: 5 on hand" in refused.value.problems[0].message
    assert s.status is S.REPORTED


def test_a_reported_shipment_hands_over_the_rest_and_then_closes():
    s = reported_with_goods_on_hand()
    with pytest.raises(RuleViolation):
        s.close(ctx(), closed_on=date(2023, 2, 20))
    s.distribute(
        ctx(),
        distributed_on=date(2023, 2, 15),
        to="hospitals",
        act_ref="act 3",
        lines=[LineQuantity(1, D("5")), LineQuantity(2, D("2.5"))],
    )
    s.write_off(
        ctx(), written_off_on=date(2023, 2, 16), reason="expired", lines=[LineQuantity(3, D("100"))]
    )
    assert s.status is S.REPORTED and s.reported_on == date(2023, 2, 10)
    s.close(ctx(), closed_on=date(2023, 2, 20))
    assert s.status is S.CLOSED


def test_a_wholly_damaged_consignment_is_settled_and_can_be_closed():
    s = received_wholly_damaged()
    s.report(ctx(), reported_on=date(2023, 1, 5), report_ref="r")
    s.close(ctx(), closed_on=date(2023, 1, 6))
    assert s.status is S.CLOSED


def test_an_unreported_shipment_is_overdue_after_its_due_date():
    s = in_status(S.PARTIALLY_DISTRIBUTED)  # due 2023-02-27
    assert not s.overdue(date(2023, 2, 27))
    assert s.days_to_report_due(date(2023, 2, 27)) == 0
    assert s.overdue(date(2023, 2, 28))
    assert s.days_to_report_due(date(2023, 3, 1)) == -2
    s.report(ctx(), reported_on=date(2023, 3, 1), report_ref="r")
    assert not s.overdue(date(2023, 3, 2))
    assert s.days_to_report_due(date(2023, 3, 2)) is None
    assert not in_status(S.ANNOUNCED).overdue(date(2030, 1, 1))


# -- corrections are compensating events ---------------------------------------------------------


def test_a_receipt_correction_adjusts_the_figures_with_a_reason():
    s = in_status(S.PARTIALLY_DISTRIBUTED)  # 70 of 75 generators handed over
    s.correct_receipt(
        ctx(), reason="recount", lines=[LineReceipt(1, D("72"), D("3"), D("0"), "cracked")]
    )
    assert figures(s)[1] == (D(75), D(72), D(3), D(0), D(70), D(0), D(2))
    assert (s.status, s.corrections) == (S.PARTIALLY_DISTRIBUTED, 1)


def test_a_receipt_correction_cannot_drop_below_what_has_left_stock():
    s = in_status(S.PARTIALLY_DISTRIBUTED)
    with pytest.raises(RuleViolation) as refused:
        s.correct_receipt(
            ctx(), reason="recount", lines=[LineReceipt(1, D("69"), D("6"), D("0"), "cracked")]
        )
    assert fields(refused) == ["lines[0].received"]
    assert s.stock[0].received == D(75)


def test_a_receipt_correction_must_still_add_up_and_give_reasons():
    s = in_status(S.RECEIVED)
    with pytest.raises(RuleViolation):
        s.correct_receipt(ctx(), reason="recount", lines=[LineReceipt(1, D("74"))])
    with pytest.raises(RuleViolation):
        s.correct_receipt(ctx(), reason="recount", lines=[LineReceipt(1, D("74"), D("1"))])
    with pytest.raises(RuleViolation):
        s.correct_receipt(ctx(), reason=" ", lines=[LineReceipt(1, D("75"))])


def test_a_correction_can_reopen_a_fully_distributed_shipment():
    s = in_status(S.CLEARED)
    receive(s, LineReceipt(1, D("70"), D("5"), D("0"), "cracked"))
    distribute(s, (1, "70"), (2, "2.5"), (3, "100"))
    assert s.status is S.DISTRIBUTED
    s.correct_receipt(ctx(), reason="5 were repaired", lines=[LineReceipt(1, D("75"))])
    assert s.status is S.PARTIALLY_DISTRIBUTED


def test_a_reversed_receipt_returns_the_shipment_to_cleared_to_be_received_again():
    s = in_status(S.RECEIVED)
    s.reverse_receipt(ctx(), reason="counted against the wrong shipment")
    assert (s.status, s.received_on, s.corrections) == (S.CLEARED, None, 1)
    assert figures(s)[1][1:4] == (None, None, None)
    receive(s, on=date(2022, 12, 2))
    assert s.status is S.RECEIVED


def test_a_receipt_cannot_be_reversed_once_aid_has_left_stock():
    with pytest.raises(TransitionNotAllowed):
        in_status(S.PARTIALLY_DISTRIBUTED).reverse_receipt(ctx(), reason="mistake")


def test_replaying_the_events_rebuilds_the_same_shipment():
    s = in_status(S.REPORTED)
    events = s.collect_events()
    copy = None
    for e in events:
        copy = e.mutate(copy)
    assert copy.status is ShipmentStatus.REPORTED
    assert figures(copy) == figures(s)
    assert copy.distributions == s.distributions
    assert (copy.report_due_on, copy.late) == (date(2023, 2, 27), False)
