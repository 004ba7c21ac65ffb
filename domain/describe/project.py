"""One-line descriptions of a project's events."""

from domain.describe import Facts, Line, because, day, describes, field, number
from domain.describe.engagement import links_counted


def _budget(budget: object, lang: str) -> str:
    if not budget:
        return ""
    amount = number(field(budget, "amount"), lang)
    return f", {amount} {field(budget, 'currency')}"


@describes("Project.Planned")
def planned(f: Facts) -> Line:
    """'Planned PRJ-2023-0001 "Title", 01.03.2023–31.12.2023, funder X, 20000 EUR, 2 milestones'."""
    span = f"{day(f['starts_on'])}–{day(f['ends_on'])}"
    funder = field(f.get("funder"), "name") if f.get("funder") else None
    steps = len(f.get("milestones") or [])
    return Line(
        f'Planned {f["reference"]} "{f["title"]}", {span}'
        + (f", funder {funder}" if funder else "")
        + _budget(f.get("budget"), "en")
        + f", {steps} milestones",
        f"Заплановано проєкт {f['reference']} «{f['title']}», {span}"
        + (f", фінансує {funder}" if funder else "")
        + _budget(f.get("budget"), "uk")
        + f", етапів: {steps}",
    )


@describes("Project.Started")
def started(f: Facts) -> Line:
    """'Started on 01.03.2023'."""
    return Line(f"Started on {day(f['started_on'])}", f"Розпочато {day(f['started_on'])}")


@describes("Project.Completed")
def completed(f: Facts) -> Line:
    """'Completed on 31.12.2023'."""
    when = day(f["completed_on"])
    return Line(f"Completed on {when}", f"Завершено {when}")


@describes("Project.Cancelled")
def cancelled(f: Facts) -> Line:
    """'Cancelled on 01.06.2023: ...'."""
    when = day(f["cancelled_on"])
    return Line(
        f"Cancelled on {when}{because(f.get('reason'))}",
        f"Скасовано {when}{because(f.get('reason'))}",
    )


@describes("Project.Linked")
def linked(f: Facts) -> Line:
    """'Linked: partners: 2'."""
    return Line(
        f"Linked: {links_counted(f['links'], 'en')}",
        f"Пов'язано: {links_counted(f['links'], 'uk')}",
    )


@describes("Project.MilestoneAdded")
def milestone_added(f: Facts) -> Line:
    """'Milestone 3 added, due 30.09.2023: broadcast'."""
    when = day(f["due_on"])
    return Line(
        f"Milestone {f['no']} added, due {when}: {f['title']}",
        f"Додано етап {f['no']}, строк {when}: {f['title']}",
    )


@describes("Project.MilestoneReached")
def milestone_reached(f: Facts) -> Line:
    """'Milestone 3 reached on 28.09.2023'."""
    when = day(f["done_on"])
    return Line(f"Milestone {f['no']} reached on {when}", f"Етап {f['no']} завершено {when}")
