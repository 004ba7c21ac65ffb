"""HTTP resource /reports: the year in figures, as the council's reply of 12.01.2024, and the
partners in force on any day.

That reply (№ 17/0/972-24, to a journalist's FOI request) tells which agreements were signed
and renewed in the year and with which cities and countries, where humanitarian cargo came from
and what it was, the meetings and events with missions, organisations and partner cities, the
visits and the joint projects; the report adds the FOI requests received and how they were
answered. It is also served as CSV and as a DOCX document in Ukrainian.
"""

from datetime import date
from typing import Annotated, Literal

from litestar import Controller, Response, get
from litestar.params import Parameter

from domain.partner import Relationship
from interfaces.http.auth import can_read
from interfaces.http.lists import MinPosition, waits_for
from interfaces.reports.files import annual_csv, annual_docx
from projections.reads import ReadModels
from projections.reads.engagements import PartnersAsOf
from projections.reads.trail import AnnualReport

ReportYear = Annotated[int | None, Parameter(ge=1991, le=2100, description="default: last year")]
CSV = "text/csv"  # Litestar adds "; charset=utf-8"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _file(body: bytes, media_type: str, name: str) -> Response[bytes]:
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


class ReportController(Controller):
    """Reports over the read models."""

    path = "/reports"
    tags = ["reports"]

    @get(
        "/annual",
        guards=[can_read],
        sync_to_thread=True,
        before_request=waits_for(*ReadModels.ANNUAL),
    )
    def annual(
        self, reads: ReadModels, year: ReportYear = None, min_position: MinPosition = None
    ) -> AnnualReport:
        """Agreements signed/renewed/terminated with partners and countries; aid received by
        donor country and category; FOI requests; meetings and events by counterpart type and
        country, visits by direction and kind, projects; partners in force at the year's end."""
        return reads.annual_report(year, min_position)

    @get(
        "/annual.csv",
        media_type=CSV,
        guards=[can_read],
        sync_to_thread=True,
        before_request=waits_for(*ReadModels.ANNUAL),
    )
    def annual_as_csv(
        self,
        reads: ReadModels,
        year: ReportYear = None,
        delimiter: Literal["semicolon", "comma"] = "semicolon",
        min_position: MinPosition = None,
    ) -> Response[bytes]:
        """The annual report as CSV in Ukrainian (UTF-8 with BOM; made-up rows marked)."""
        report = reads.annual_report(year, min_position)
        body = annual_csv(report, ";" if delimiter == "semicolon" else ",")
        return _file(body, CSV, f"zvit-{report.year}.csv")

    @get(
        "/annual.docx",
        media_type=DOCX,
        guards=[can_read],
        sync_to_thread=True,
        before_request=waits_for(*ReadModels.ANNUAL),
    )
    def annual_as_docx(
        self, reads: ReadModels, year: ReportYear = None, min_position: MinPosition = None
    ) -> Response[bytes]:
        """The annual report as a DOCX document in Ukrainian (made-up rows marked *)."""
        report = reads.annual_report(year, min_position)
        return _file(annual_docx(report), DOCX, f"zvit-{report.year}.docx")

    @get(
        "/partners",
        guards=[can_read],
        sync_to_thread=True,
        before_request=waits_for("partners", "agreements"),
    )
    def partners(
        self,
        reads: ReadModels,
        as_of: Annotated[date | None, Parameter(description="default: today")] = None,
        relationship: Relationship | None = None,
        min_position: MinPosition = None,
    ) -> PartnersAsOf:
        """Partners whose tie was in force on a day, in how many countries; agreements in force.

        E.g. `?as_of=2018-12-05&relationship=twin_city`: the twin cities on the day of the 2018
        conference, counted from the register (not a constant)."""
        day = as_of or reads.clock.today()
        return reads.partners_as_of(day, relationship, min_position)
