"""One-line descriptions of the working-calendar register's events (DOMAIN.md §5)."""

from domain.describe import Facts, Line, because, day, describes


@describes("CalendarRegister.Opened")
def opened(f: Facts) -> Line:
    """'Working calendar register opened'."""
    return Line("Working calendar register opened", "Відкрито реєстр змін робочого календаря")


@describes("CalendarRegister.DayMadeWorking")
def made_working(f: Facts) -> Line:
    """'12.03.2024 made a working day: reason'."""
    when, why = day(f["day"]), because(f.get("reason"))
    return Line(f"{when} made a working day{why}", f"{when} оголошено робочим днем{why}")


@describes("CalendarRegister.DayMadeNonWorking")
def made_non_working(f: Facts) -> Line:
    """'12.03.2024 made a non-working day: reason'."""
    when, why = day(f["day"]), because(f.get("reason"))
    return Line(f"{when} made a non-working day{why}", f"{when} оголошено неробочим днем{why}")


@describes("CalendarRegister.OverrideRemoved")
def override_removed(f: Facts) -> Line:
    """'Override of 12.03.2024 removed: reason'."""
    when, why = day(f["day"]), because(f.get("reason"))
    return Line(f"Override of {when} removed{why}", f"Скасовано зміну режиму дня {when}{why}")
