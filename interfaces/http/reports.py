"""HTTP resource /reports/annual: the year in figures, as the council's reply of 12.01.2024.

That reply (№ 17/0/972-24, to a journalist's FOI request) tells which agreements were signed
and renewed in the year and with which cities and countries, where humanitarian cargo came from
and what it was; the report adds the FOI requests received and how they were answered.
"""

from datetime import date
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, get
from litestar.params import Parameter

from interfaces.http.auth import can_read
from interfaces.http.context import runtime_of
from interfaces.http.foi_lists import FoiStats, foi_stats_of
from interfaces.http.lists import MinPosition, await_position, reading, waits_for
from interfaces.http.periods import year_period
from interfaces.http.shipment_lists import ShipmentStats, shipment_stats_of
from projections.milestones import WHAT, milestones_between

READ_MODELS = ("milestones", "shipments", "foi_requests")


class PartnerNamed(msgspec.Struct):
    """A partner of an agreement, as named when the agreement was proposed."""

    id: UUID
    name: str | None
    name_uk: str | None
    country: str | None


class AgreementStep(msgspec.Struct):
    """One agreement signed, renewed or ended in the year."""

    id: UUID
    reference: str
    kind: str
    title: str
    happened_on: date
    expires_on: date | None
    partners: list[PartnerNamed]
    countries: list[str]


class AgreementYear(msgspec.Struct):
    """Agreements signed, renewed and ended in the year, with their partners and countries."""

    counts: dict[str, int]
    countries: list[str]
    signed: list[AgreementStep]
    renewed: list[AgreementStep]
    terminated: list[AgreementStep]
    superseded: list[AgreementStep]
    expired: list[AgreementStep]
    withdrawn: list[AgreementStep]


class AnnualReport(msgspec.Struct):
    """The department's year in figures."""

    year: int
    from_: date = msgspec.field(name="from")
    to: date
    agreements: AgreementYear
    shipments: ShipmentStats
    foi_requests: FoiStats


def _step(r: dict[str, Any]) -> AgreementStep:
    return AgreementStep(
        id=r["id"],
        reference=r["reference"],
        kind=r["kind"],
        title=r["title"],
        happened_on=r["happened_on"],
        expires_on=r["expires_on"],
        partners=[
            PartnerNamed(UUID(p["id"]), p.get("name"), p.get("name_uk"), p.get("country"))
            for p in r["partners"]
        ],
        countries=list(r["countries"]),
    )


class ReportController(Controller):
    """Reports over the read models."""

    path = "/reports"
    tags = ["reports"]

    @get(
        "/annual",
        guards=[can_read],
        sync_to_thread=True,
        before_request=waits_for(*READ_MODELS),
    )
    def annual(
        self,
        request: Request[Any, Any, Any],
        year: Annotated[
            int | None, Parameter(ge=1991, le=2100, description="default: last year")
        ] = None,
        min_position: MinPosition = None,
    ) -> AnnualReport:
        """Agreements signed/renewed/terminated with partners and countries; aid received by
        donor country and category; FOI requests received, answered, on time, by outcome."""
        await_position(request, min_position, *READ_MODELS)
        period = year_period(year or runtime_of(request).clock.today().year - 1)
        with reading(request) as conn:
            steps = milestones_between(conn, period.start, period.end)
        by_what = {what: [_step(r) for r in steps[what]] for what in WHAT}
        # The countries the year's signatures, renewals and terminations were with.
        countries = sorted(
            {
                c
                for what in ("signed", "renewed", "terminated")
                for s in by_what[what]
                for c in s.countries
            }
        )
        agreements = AgreementYear(
            counts={what: len(by_what[what]) for what in WHAT},
            countries=countries,
            **by_what,
        )
        return AnnualReport(
            year=period.start.year,
            from_=period.start,
            to=period.end,
            agreements=agreements,
            shipments=shipment_stats_of(request, period),
            foi_requests=foi_stats_of(request, period),
        )
