"""HTTP resource /reports/annual: the year in figures, as the council's reply of 12.01.2024.

That reply (№ 17/0/972-24, to a journalist's FOI request) tells which agreements were signed
and renewed in the year and with which cities and countries, where humanitarian cargo came from
and what it was; the report adds the FOI requests received and how they were answered.
"""

from typing import Annotated

from litestar import Controller, get
from litestar.params import Parameter

from interfaces.http.auth import can_read
from interfaces.http.lists import MinPosition, waits_for
from projections.reads import ReadModels
from projections.reads.trail import AnnualReport


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
        self,
        reads: ReadModels,
        year: Annotated[
            int | None, Parameter(ge=1991, le=2100, description="default: last year")
        ] = None,
        min_position: MinPosition = None,
    ) -> AnnualReport:
        """Agreements signed/renewed/terminated with partners and countries; aid received by
        donor country and category; FOI requests received, answered, on time, by outcome."""
        return reads.annual_report(year, min_position)
