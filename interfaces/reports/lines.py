"""The annual report as lines in Ukrainian: (section, item, value, illustrative).

Both files are written from these lines, so the CSV and the document say the same. A line is
`illustrative` when it counts or names a made-up record (the demo data set), so a reader never
takes it for a documented fact.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from domain.describe import day, label
from domain.describe.engagement import COUNTERPART_UK, FORMAT_UK, KIND_UK
from projections.reads.trail import AnnualReport

AGREEMENT_STEPS_UK = {
    "signed": "підписано",
    "renewed": "продовжено",
    "terminated": "припинено",
    "superseded": "замінено новими",
    "expired": "закінчився строк дії",
    "withdrawn": "відкликано",
}
RELATIONSHIP_UK = {
    "twin_city": "міста-побратими",
    "partner_city": "міста-партнери",
    "friendship": "дружні зв'язки",
    "none": "інші партнери",
}
PROJECT_STATUS_UK = {
    "planned": "заплановано",
    "active": "триває",
    "completed": "завершено",
    "cancelled": "скасовано",
}
NO_COUNTRY = "—"


@dataclass(frozen=True)
class ReportLine:
    """One figure or one row of the report."""

    section: str
    item: str
    value: str
    illustrative: bool = False


def _counts(section: str, counts: dict[str, int], labels: dict[str, str] | None = None):
    for key, n in counts.items():
        yield ReportLine(section, label(labels, key) if labels else key, str(n))


def report_lines(r: AnnualReport) -> Iterator[ReportLine]:
    """Every figure of the year, section by section."""
    e, p = r.engagements.counts, r.projects.counts
    yield ReportLine("Звіт", "рік", str(r.year))
    yield ReportLine("Звіт", "період", f"{day(r.from_)} – {day(r.to)}")

    section = "Зустрічі та заходи"
    yield ReportLine(section, "проведено всього", str(e.held), e.illustrative > 0)
    yield ReportLine(section, "з них ілюстративних (вигаданих) записів", str(e.illustrative))
    for key, n in e.by_kind.items():
        yield ReportLine(section, f"вид: {label(KIND_UK, key)}", str(n))
    made_up = e.meetings_by_counterpart_type_illustrative
    for key, n in e.meetings_by_counterpart_type.items():
        yield ReportLine(
            "Зустрічі за типом партнера", label(COUNTERPART_UK, key), str(n), key in made_up
        )
    yield from _counts("Зустрічі за країною", e.meetings_by_country)
    yield from _counts("Заходи за формою", e.events_by_format, FORMAT_UK)
    yield from _counts("Візити за напрямом", e.visits_by_direction, KIND_UK)
    for key, n in e.visits_by_format.items():
        kind, _, fmt = key.partition(":")
        item = f"{label(KIND_UK, kind)}: {label(FORMAT_UK, fmt)}"
        yield ReportLine("Візити за напрямом і видом", item, str(n))
    for row in r.engagements.held:
        where = f" ({row.country})" if row.country else ""
        yield ReportLine(
            "Перелік зустрічей і заходів",
            f"{row.reference}, {day(row.held_on)}",
            f"{label(KIND_UK, row.kind)}: {row.title}; "
            f"{label(COUNTERPART_UK, row.counterpart_type)} {row.counterpart_name}{where}",
            row.illustrative,
        )

    section = "Проєкти"
    yield ReportLine(section, "тривало в році", str(p.running), p.illustrative > 0)
    yield from _counts(section, p.by_status, PROJECT_STATUS_UK)
    for currency, amount in p.amounts_by_currency.items():
        yield ReportLine(section, f"сума, {currency}", amount)
    for pr in r.projects.running:
        money = f"; {pr.amount} {pr.currency}" if pr.amount is not None else ""
        yield ReportLine(
            "Перелік проєктів",
            pr.reference,
            f"«{pr.title}», {day(pr.starts_on)} – {day(pr.ends_on)}, "
            f"{label(PROJECT_STATUS_UK, pr.status)}{money}",
            pr.illustrative,
        )

    a = r.agreements
    for key, n in a.counts.items():
        yield ReportLine("Угоди", label(AGREEMENT_STEPS_UK, key), str(n))
    yield ReportLine("Угоди", "країни", ", ".join(a.countries) or NO_COUNTRY)

    s = r.shipments
    yield ReportLine("Гуманітарна допомога", "отримано вантажів", str(s.shipments))
    yield from _counts("Гуманітарна допомога за країною", s.by_donor_country)
    yield from _counts("Гуманітарна допомога за категорією", s.by_category)

    f = r.foi_requests
    section = "Запити на публічну інформацію"
    yield ReportLine(section, "надійшло", str(f.received))
    yield ReportLine(section, "надано відповідь", str(f.answered))
    yield ReportLine(section, "вчасно", str(f.answered_on_time))
    yield ReportLine(section, "із запізненням", str(f.answered_late))

    pa = r.partners
    section = f"Партнери станом на {day(pa.as_of)}"
    yield ReportLine(section, "партнерів", str(pa.partners))
    yield ReportLine(section, "країн", str(pa.countries))
    yield from _counts(section, pa.by_relationship, RELATIONSHIP_UK)
    yield ReportLine(section, "чинних угод", str(pa.agreements_in_force))
