"""One-line descriptions of the correspondence register's events."""

from domain.describe import Facts, Line, day, describes


@describes("Letter.Registered")
def registered(f: Facts) -> Line:
    """'Outgoing letter 17/0/972-24 of 12.01.2024 registered: Answer to the request'."""
    when = day(f["registered_on"])
    if f["direction"] == "outgoing":
        en, uk = "Outgoing letter", "Зареєстровано вихідний лист"
    else:
        en, uk = "Incoming letter", "Зареєстровано вхідний лист"
    return Line(
        f"{en} {f['number']} of {when} registered: {f['subject']}",
        f"{uk} № {f['number']} від {when}: {f['subject']}",
    )
