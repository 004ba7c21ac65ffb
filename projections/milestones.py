"""Read model `milestones`: what happened to each agreement on which day, for the annual report.

The agreements list keeps only an agreement's latest state (its last renewal); the report asks
what was signed, renewed and terminated in a given year, so every such step is kept here, with
the agreement's partners and their countries as they were named.
"""

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Connection,
    Date,
    Index,
    Integer,
    String,
    Table,
    Text,
    Uuid,
    select,
)

from domain.agreement import Agreement
from domain.partner import Partner
from projections.runtime.projection import Projection, handles
from projections.runtime.rows import Rows
from projections.schema import metadata

milestone_partners = Table(
    "milestone_partners",
    metadata,
    Column("partner_id", Uuid, primary_key=True),
    Column("name", Text, nullable=False),
    Column("name_uk", Text, nullable=True),
    Column("country", String(2), nullable=False),
)
"""The projection's own copy of partner names and countries."""

milestone_agreements = Table(
    "milestone_agreements",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("reference", String(40), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("title", Text, nullable=False),
    Column("partners", JSON, nullable=False),
    Column("countries", JSON, nullable=False),
)
"""Each agreement's reference, kind, title and partners (as named when proposed)."""

agreement_milestones = Table(
    "agreement_milestones",
    metadata,
    Column("agreement_id", Uuid, primary_key=True),
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("what", String(20), nullable=False),
    Column("happened_on", Date, nullable=False),
    Column("expires_on", Date, nullable=True),
    Column("position", BigInteger, nullable=False),
    Index("ix_agreement_milestones_on", "happened_on", "what"),
)
"""One row per step of an agreement's life that the annual report counts."""

A = milestone_agreements.c
M = agreement_milestones.c
WHAT = ("signed", "renewed", "terminated", "expired", "superseded", "withdrawn")


class MilestonesProjection(Projection):
    """Folds agreement steps (signed, renewed, ended) with their partners into milestones."""

    name = "milestones"
    version = 1
    tables = (milestone_partners, milestone_agreements, agreement_milestones)

    def prefetch(self, rows: Rows, events: Sequence[Any]) -> None:
        """Load the names of the partners the batch's proposals name, in a few queries."""
        named = [(pid,) for e in events if type(e) is Agreement.Proposed for pid in e.partner_ids]
        rows.prefetch(milestone_partners, named)

    @handles(Partner.Registered)
    def partner_registered(self, rows: Rows, e: Partner.Registered, position: int) -> None:
        """Remember a partner's names and country."""
        rows.put(
            milestone_partners,
            {
                "partner_id": e.originator_id,
                "name": e.name,
                "name_uk": e.name_uk,
                "country": e.country,
            },
        )

    @handles(Agreement.Proposed)
    def proposed(self, rows: Rows, e: Agreement.Proposed, position: int) -> None:
        """Remember the agreement and its partners."""
        partners: list[dict[str, Any]] = []
        countries: list[str] = []
        for pid in e.partner_ids:
            found = rows.get(milestone_partners, pid) or {}
            country = found.get("country")
            partners.append(
                {
                    "id": str(pid),
                    "name": found.get("name"),
                    "name_uk": found.get("name_uk"),
                    "country": country,
                }
            )
            if country and country not in countries:
                countries.append(country)
        rows.put(
            milestone_agreements,
            {
                "id": e.originator_id,
                "reference": e.reference,
                "kind": str(e.kind),
                "title": e.title,
                "partners": partners,
                "countries": countries,
            },
        )

    def _step(
        self, rows: Rows, e: Any, position: int, what: str, on: date, expires_on: date | None
    ) -> None:
        rows.put(
            agreement_milestones,
            {
                "agreement_id": e.originator_id,
                "version": e.originator_version,
                "what": what,
                "happened_on": on,
                "expires_on": expires_on,
                "position": position,
            },
        )

    @handles(Agreement.Signed)
    def signed(self, rows: Rows, e: Agreement.Signed, position: int) -> None:
        """Signed."""
        self._step(rows, e, position, "signed", e.signed_on, e.expires_on)

    @handles(Agreement.Renewed)
    def renewed(self, rows: Rows, e: Agreement.Renewed, position: int) -> None:
        """Renewed for a new term."""
        self._step(rows, e, position, "renewed", e.renewed_on, e.expires_on)

    @handles(Agreement.Terminated)
    def terminated(self, rows: Rows, e: Agreement.Terminated, position: int) -> None:
        """Terminated."""
        self._step(rows, e, position, "terminated", e.terminated_on, None)

    @handles(Agreement.Expired)
    def expired(self, rows: Rows, e: Agreement.Expired, position: int) -> None:
        """Its term ran out."""
        self._step(rows, e, position, "expired", e.expired_on, None)

    @handles(Agreement.Superseded)
    def superseded(self, rows: Rows, e: Agreement.Superseded, position: int) -> None:
        """Replaced by another agreement."""
        self._step(rows, e, position, "superseded", e.superseded_on, None)

    @handles(Agreement.Withdrawn)
    def withdrawn(self, rows: Rows, e: Agreement.Withdrawn, position: int) -> None:
        """Abandoned before signature."""
        self._step(rows, e, position, "withdrawn", e.withdrawn_on, None)


def milestones_between(conn: Connection, start: date, end: date) -> dict[str, list[dict[str, Any]]]:
    """Each kind of step taken from `start` to `end`, oldest first, with the agreement's facts."""
    query = (
        select(
            M.what,
            M.happened_on,
            M.expires_on,
            A.id,
            A.reference,
            A.kind,
            A.title,
            A.partners,
            A.countries,
        )
        .join(milestone_agreements, A.id == M.agreement_id)
        .where(M.happened_on >= start, M.happened_on <= end)
        .order_by(M.happened_on, A.reference, M.version)
    )
    out: dict[str, list[dict[str, Any]]] = {what: [] for what in WHAT}
    for r in conn.execute(query).mappings():
        out[r["what"]].append(dict(r))
    return out
