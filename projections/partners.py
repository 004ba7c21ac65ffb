"""Read model `partners`: the register of partners, with filters, text search and counts."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Date,
    DateTime,
    Index,
    Integer,
    String,
    Table,
    Text,
    Uuid,
    func,
    select,
    tuple_,
)

from domain.partner import Partner, PartnerStatus
from projections.paging import Page, as_uuid, decode_cursor, page_of
from projections.runtime.projection import Projection, handles
from projections.runtime.rows import Rows
from projections.schema import metadata
from projections.text import fold

partners = Table(
    "partners",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("name", Text, nullable=False),
    Column("name_uk", Text, nullable=True),
    Column("sort_key", Text, nullable=False),
    Column("search", Text, nullable=False),
    Column("country", String(2), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("relationship", String(20), nullable=False),
    Column("since", Integer, nullable=True),
    Column("status", String(20), nullable=False),
    Column("agreements", Integer, nullable=False),
    Column("decided_on", Date, nullable=True),
    Column("decision_ref", Text, nullable=True),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    Column("position", BigInteger, nullable=False),
    Index("ix_partners_sort", "sort_key", "id"),
    Index("ix_partners_country", "country", "sort_key", "id"),
    Index("ix_partners_status", "status", "sort_key", "id"),
    Index("ix_partners_relationship", "relationship", "sort_key", "id"),
)
T = partners.c


class PartnersProjection(Projection):
    """Folds partner events into the `partners` table."""

    name = "partners"
    version = 1
    tables = (partners,)
    prefetch_by_originator = (partners,)

    @handles(Partner.Registered)
    def registered(self, rows: Rows, e: Partner.Registered, position: int) -> None:
        """A new partner."""
        rows.put(
            partners,
            {
                "id": e.originator_id,
                "name": e.name,
                "name_uk": e.name_uk,
                "sort_key": fold(e.name)[:200],
                "search": fold(e.name, e.name_uk),
                "country": e.country,
                "kind": str(e.kind),
                "relationship": str(e.relationship),
                "since": e.since,
                "status": PartnerStatus.ACTIVE.value,
                "agreements": 0,
                "registered_at": e.timestamp,
                "version": e.originator_version,
                "position": position,
            },
        )

    @handles(Partner.AgreementLinked)
    def agreement_linked(self, rows: Rows, e: Partner.AgreementLinked, position: int) -> None:
        """One more agreement names the partner."""
        row = rows.get(partners, e.originator_id)
        count = (row or {}).get("agreements") or 0
        rows.update(
            partners,
            e.originator_id,
            agreements=count + 1,
            version=e.originator_version,
            position=position,
        )

    @handles(Partner.Suspended, Partner.Resumed, Partner.Severed)
    def decided(
        self, rows: Rows, e: Partner.Suspended | Partner.Resumed | Partner.Severed, position: int
    ) -> None:
        """A decision changed the partnership's status."""
        status = {
            "Suspended": Partner.status_after("suspend"),
            "Resumed": Partner.status_after("resume"),
            "Severed": Partner.status_after("sever"),
        }
        rows.update(
            partners,
            e.originator_id,
            status=status[type(e).__name__],
            decided_on=e.decided_on,
            decision_ref=e.decision_ref,
            version=e.originator_version,
            position=position,
        )


# -- queries -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerFilter:
    """What GET /partners may ask for."""

    country: str | None = None
    relationship: str | None = None
    status: str | None = None
    kind: str | None = None
    q: str | None = None


def _where(f: PartnerFilter) -> list[Any]:
    where: list[Any] = []
    if f.country:
        where.append(T.country == f.country.upper())
    if f.relationship:
        where.append(T.relationship == f.relationship)
    if f.status:
        where.append(T.status == f.status)
    if f.kind:
        where.append(T.kind == f.kind)
    if f.q and fold(f.q):
        where.append(T.search.contains(fold(f.q), autoescape=True))
    return where


def list_partners(
    conn: Connection, f: PartnerFilter, limit: int, cursor: str | None = None
) -> Page:
    """Partners in name order, a page at a time (the cursor holds the last (sort_key, id))."""
    query = select(partners).where(*_where(f))
    after = decode_cursor(cursor, 2)
    if after is not None:
        query = query.where(tuple_(T.sort_key, T.id) > (str(after[0]), as_uuid(after[1])))
    query = query.order_by(T.sort_key, T.id).limit(limit + 1)
    rows = [dict(r) for r in conn.execute(query).mappings()]
    return page_of(rows, limit, lambda r: [r["sort_key"], str(r["id"])])


def partner_stats(conn: Connection, f: PartnerFilter) -> dict[str, Any]:
    """Counts of the filtered partners by country, relationship and status."""
    where = _where(f)
    out: dict[str, Any] = {}
    for key, column in (
        ("by_country", T.country),
        ("by_relationship", T.relationship),
        ("by_status", T.status),
    ):
        query = select(column, func.count()).where(*where).group_by(column).order_by(column)
        out[key] = {str(k): int(n) for k, n in conn.execute(query)}
    out["total"] = sum(out["by_status"].values())
    return out
