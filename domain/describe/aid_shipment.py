"""One-line descriptions of a humanitarian aid shipment's events."""

from collections.abc import Iterable

from domain.describe import Facts, Line, because, day, describes, field, number


def _lines(count: int, lang: str) -> str:
    if lang == "uk":
        return f"позицій: {count}"
    return "1 line" if count == 1 else f"{count} lines"


def _discrepancy(receipt: object, lang: str) -> str:
    """'line 2: 95 received, 3 damaged, 2 missing (broken pallet)'."""
    got, damaged, missing = (field(receipt, k) or 0 for k in ("received", "damaged", "missing"))
    if lang == "uk":
        figures = [f"прийнято {number(got, lang)}"]
        figures += [f"пошкоджено {number(damaged, lang)}"] if number(damaged) != "0" else []
        figures += [f"бракує {number(missing, lang)}"] if number(missing) != "0" else []
        text = f"позиція {field(receipt, 'line_no')}: {', '.join(figures)}"
    else:
        figures = [f"{number(got)} received"]
        figures += [f"{number(damaged)} damaged"] if number(damaged) != "0" else []
        figures += [f"{number(missing)} missing"] if number(missing) != "0" else []
        text = f"line {field(receipt, 'line_no')}: {', '.join(figures)}"
    reason = field(receipt, "discrepancy_reason")
    return f"{text} ({reason})" if reason else text


def _short(receipt: object) -> bool:
    return any(number(field(receipt, k) or 0) != "0" for k in ("damaged", "missing"))


def _receipts(f: Facts) -> Line:
    """', 3 lines, no discrepancies' or ', 3 lines; discrepancies: line 2: ...'."""
    lines = list(f.get("lines") or [])
    short = [r for r in lines if _short(r)]
    if not short:
        return Line(
            f", {_lines(len(lines), 'en')}, no discrepancies",
            f", {_lines(len(lines), 'uk')}, без розбіжностей",
        )
    return Line(
        f", {_lines(len(lines), 'en')}; discrepancies: "
        + "; ".join(_discrepancy(r, "en") for r in short),
        f", {_lines(len(lines), 'uk')}; розбіжності: "
        + "; ".join(_discrepancy(r, "uk") for r in short),
    )


def _quantities(lines: Iterable[object], lang: str) -> str:
    """'line 1: 50; line 2: 10'."""
    head = "позиція" if lang == "uk" else "line"
    return "; ".join(
        f"{head} {field(q, 'line_no')}: {number(field(q, 'quantity'), lang)}" for q in lines
    )


@describes("AidShipment.Announced")
def announced(f: Facts) -> Line:
    """'Announced HUM-2024-0001 from Nürnberg (DE) to <recipient>, 3 lines, expected 15.01.2024'."""
    donor = f"{field(f['donor'], 'name')} ({field(f['donor'], 'country')})"
    count, expected = len(f.get("lines") or []), day(f["expected_on"])
    return Line(
        f"Announced {f['reference']} from {donor} to {f['recipient']}, "
        f"{_lines(count, 'en')}, expected on {expected}",
        f"Зареєстровано вантаж {f['reference']}: донор {donor}, отримувач {f['recipient']}, "
        f"{_lines(count, 'uk')}, очікується {expected}",
    )


@describes("AidShipment.Declared")
def declared(f: Facts) -> Line:
    """'Declared on 10.01.2024 under code X' (the state's online system)."""
    when = day(f["declared_on"])
    return Line(
        f"Declared on {when} under code {f['code']}",
        f"Задекларовано {when} в електронній системі, код {f['code']}",
    )


@describes("AidShipment.Dispatched")
def dispatched(f: Facts) -> Line:
    """'Dispatched on 11.01.2024 (carrier X, waybill Y)'."""
    when, transport = day(f["dispatched_on"]), f.get("transport") or {}
    en, uk = [], []
    if field(transport, "carrier"):
        en.append(f"carrier {field(transport, 'carrier')}")
        uk.append(f"перевізник {field(transport, 'carrier')}")
    if field(transport, "waybill"):
        en.append(f"waybill {field(transport, 'waybill')}")
        uk.append(f"накладна № {field(transport, 'waybill')}")
    return Line(
        f"Dispatched on {when}" + (f" ({', '.join(en)})" if en else ""),
        f"Відвантажено {when}" + (f" ({', '.join(uk)})" if uk else ""),
    )


@describes("AidShipment.CustomsCleared")
def customs_cleared(f: Facts) -> Line:
    """'Cleared customs on 14.01.2024 under UA100/2024; report due on 13.04.2024'."""
    when, due, ref = day(f["cleared_on"]), day(f["report_due_on"]), f["customs_ref"]
    return Line(
        f"Cleared customs on {when} under {ref}; report due on {due}",
        f"Розмитнено {when}, митна декларація № {ref}; звіт подати до {due}",
    )


@describes("AidShipment.Cancelled")
def cancelled(f: Facts) -> Line:
    """'Cancelled on 09.01.2024: reason'."""
    when, why = day(f["cancelled_on"]), because(f.get("reason"))
    return Line(f"Cancelled on {when}{why}", f"Скасовано {when}{why}")


@describes("AidShipment.Received")
def received(f: Facts) -> Line:
    """'Received on 15.01.2024, 3 lines; discrepancies: line 2: 95 received, 5 missing (...)'."""
    when, rest = day(f["received_on"]), _receipts(f)
    return Line(f"Received on {when}{rest.en}", f"Отримано {when}{rest.uk}")


@describes("AidShipment.ReceiptCorrected")
def receipt_corrected(f: Facts) -> Line:
    """'Receipt corrected on 16.01.2024: reason, 3 lines, no discrepancies'."""
    when, why, rest = day(f["corrected_on"]), because(f.get("reason")), _receipts(f)
    return Line(
        f"Receipt corrected on {when}{why}{rest.en}",
        f"Виправлено дані про отримання {when}{why}{rest.uk}",
    )


@describes("AidShipment.ReceiptReversed")
def receipt_reversed(f: Facts) -> Line:
    """'Receipt reversed on 16.01.2024: reason'."""
    when, why = day(f["reversed_on"]), because(f.get("reason"))
    return Line(f"Receipt reversed on {when}{why}", f"Скасовано запис про отримання {when}{why}")


@describes("AidShipment.Distributed")
def distributed(f: Facts) -> Line:
    """'Distributed on 20.01.2024 to City Hospital No. 4 under act 12/24: line 1: 50'."""
    when, lines = day(f["distributed_on"]), f.get("lines") or []
    return Line(
        f"Distributed on {when} to {f['to']} under act {f['act_ref']}: " + _quantities(lines, "en"),
        f"Розподілено {when} за актом № {f['act_ref']}, отримувач {f['to']}: "
        + _quantities(lines, "uk"),
    )


@describes("AidShipment.WrittenOff")
def written_off(f: Facts) -> Line:
    """'Written off on 25.01.2024: expired; line 3: 5'."""
    when, why, lines = day(f["written_off_on"]), because(f.get("reason")), f.get("lines") or []
    return Line(
        f"Written off on {when}{why}; " + _quantities(lines, "en"),
        f"Списано {when}{why}; " + _quantities(lines, "uk"),
    )


@describes("AidShipment.Reported")
def reported(f: Facts) -> Line:
    """'Report R-7/2024 filed on 10.02.2024' (', late' after the 90 days)."""
    when, ref = day(f["reported_on"]), f["report_ref"]
    late = bool(f.get("late"))
    return Line(
        f"Report {ref} filed on {when}" + (", late" if late else ""),
        f"Подано звіт № {ref} {when}" + (" з порушенням строку" if late else ""),
    )


@describes("AidShipment.Closed")
def closed(f: Facts) -> Line:
    """'Closed on 15.02.2024'."""
    when = day(f["closed_on"])
    return Line(f"Closed on {when}", f"Справу закрито {when}")
