"""One-line descriptions of the reference sequences' events (shared by every case type)."""

from application.describe import Facts, describes


@describes("ReferenceSequence.Opened")
def opened(f: Facts) -> str:
    """'Reference sequence AGR-2023 opened'."""
    return f"Reference sequence {f['prefix']}-{f['year']} opened"


@describes("ReferenceSequence.Issued")
def issued(f: Facts) -> str:
    """'Number 4 issued'."""
    return f"Number {f['number']} issued"
