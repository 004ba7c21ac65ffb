"""One-line descriptions of the reference sequences' events (shared by every case type)."""

from domain.describe import Facts, Line, describes


@describes("ReferenceSequence.Opened")
def opened(f: Facts) -> Line:
    """'Reference sequence AGR-2023 opened'."""
    sequence = f"{f['prefix']}-{f['year']}"
    return Line(f"Reference sequence {sequence} opened", f"Відкрито журнал номерів {sequence}")


@describes("ReferenceSequence.Issued")
def issued(f: Facts) -> Line:
    """'Number 4 issued'."""
    return Line(f"Number {f['number']} issued", f"Видано номер {f['number']}")
