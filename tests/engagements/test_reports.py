"""The 2023 annual report on the demo data, its CSV and DOCX, and partners as of 05.12.2018
(SQLite and PostgreSQL)."""

import csv
import io

import docx
import pytest

from interfaces.demo import load
from tests.engagements.helpers import AUDITOR, get


@pytest.fixture
def demo(runtime, client, running):
    list(load(runtime))
    return runtime.app.position


def test_the_2023_report_counts_meetings_by_counterpart_type_and_flags_made_up_ones(client, demo):
    report = get(client, f"/reports/annual?year=2023&min_position={demo}")
    counts = report["engagements"]["counts"]
    assert counts["meetings_by_counterpart_type"] == {
        "consular_office": 2,
        "diplomatic_mission": 4,
        "donor": 1,
        "international_organisation": 3,
        "partner_city": 5,
    }
    # Only the meetings with partner cities are documented; the others are made up and say so.
    assert counts["meetings_by_counterpart_type_illustrative"] == {
        "consular_office": 2,
        "diplomatic_mission": 4,
        "donor": 1,
        "international_organisation": 3,
    }
    assert counts["visits_by_direction"] == {"visit_outgoing": 1}
    assert counts["visits_by_format"] == {"visit_outgoing:sport": 1}
    assert counts["events_by_format"] == {"exhibition": 1, "forum": 1}
    held = report["engagements"]["held"]
    assert len(held) == counts["held"] == 18 and counts["illustrative"] == 13
    documented = [r["title"] for r in held if not r["illustrative"]]
    assert "Protocol of intent with Albuquerque signed" in documented
    projects = report["projects"]
    assert [(p["title"], p["illustrative"]) for p in projects["running"]] == [
        ("Письменництво в етері", True)
    ]
    assert len(projects["running"][0]["partner_ids"]) == 3  # Lille, Brno and Leeds


def test_partners_as_of_the_2018_conference_come_from_the_register(client, demo):
    query = f"as_of=2018-12-05&relationship=twin_city&min_position={demo}"
    twins = get(client, f"/reports/partners?{query}")
    assert (twins["partners"], twins["countries"]) == (11, 7)
    assert twins["by_country"]["RU"] == 5  # severed only on 11.05.2022
    later = get(client, "/reports/partners?as_of=2022-06-01&relationship=twin_city")
    assert (later["partners"], later["countries"]) == (6, 6)


def test_the_report_as_csv_and_as_a_document_in_ukrainian(client, demo):
    r = client.get(f"/reports/annual.csv?year=2023&min_position={demo}", headers=AUDITOR)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["розділ", "показник", "значення", "ілюстративний запис"]
    assert ["Зустрічі за типом партнера", "дипломатична установа", "4", "так"] in rows
    assert ["Зустрічі за типом партнера", "місто-партнер", "5", ""] in rows
    r = client.get("/reports/annual.docx?year=2023", headers=AUDITOR)
    assert r.status_code == 200
    document = docx.Document(io.BytesIO(r.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Звіт про міжнародне співробітництво за 2023 рік" in text
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert "дипломатична установа *" in cells and "місто-партнер" in cells
