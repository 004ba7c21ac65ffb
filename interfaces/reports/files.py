"""The annual report written as CSV (UTF-8 with BOM) and as a DOCX document in Ukrainian."""

import io

from docx import Document

from application.spreadsheet import SafeCsvWriter
from interfaces.reports.lines import ReportLine, report_lines
from projections.reads.trail import AnnualReport

HEADER = ("розділ", "показник", "значення", "ілюстративний запис")
MARK = "так"
TITLE = "Департамент міжнародного співробітництва Харківської міської ради"


def annual_csv(report: AnnualReport, delimiter: str = ";") -> bytes:
    """Every line of the report, one per row; made-up records marked in the last column."""
    out = io.StringIO()
    writer = SafeCsvWriter(out, delimiter=delimiter)
    writer.writerow(HEADER)
    for line in report_lines(report):
        writer.writerow((line.section, line.item, line.value, MARK if line.illustrative else ""))
    return out.getvalue().encode("utf-8")


def annual_docx(report: AnnualReport) -> bytes:
    """The report a person would send: a heading, a table per section, a note on made-up rows."""
    doc = Document()
    doc.core_properties.title = f"Звіт за {report.year} рік"
    doc.core_properties.language = "uk-UA"
    doc.add_heading(TITLE, level=1)
    doc.add_heading(f"Звіт про міжнародне співробітництво за {report.year} рік", level=2)
    sections: dict[str, list[ReportLine]] = {}
    for line in report_lines(report):
        sections.setdefault(line.section, []).append(line)
    any_made_up = False
    for name, lines in sections.items():
        doc.add_heading(name, level=3)
        table = doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for line in lines:
            cells = table.add_row().cells
            cells[0].text = line.item + (" *" if line.illustrative else "")
            cells[1].text = line.value
            any_made_up = any_made_up or line.illustrative
    if any_made_up:
        doc.add_paragraph(
            "* Ілюстративний запис: вигадані для демонстрації дані, а не задокументований факт."
        )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
