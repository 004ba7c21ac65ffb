"""Read model `case_links`: what each engagement and project is linked to (partners, ...)."""

from typing import Any
from uuid import UUID

from sqlalchemy import Column, Connection, Index, String, Table, Uuid, select

from domain.case_types import case_type_of
from domain.engagement import Engagement
from domain.links import Links
from domain.project import Project
from projections.runtime.projection import Projection, handles
from projections.runtime.rows import Rows
from projections.schema import metadata

case_links = Table(
    "case_links",
    metadata,
    Column("case_id", Uuid, primary_key=True),
    Column("field", String(20), primary_key=True),
    Column("linked_id", Uuid, primary_key=True),
    Column("case_type", String(20), nullable=False),
    Index("ix_case_links_linked", "linked_id", "case_type"),
)
"""Every link of an engagement or project to another case."""

L = case_links.c


class CaseLinksProjection(Projection):
    """Folds the links recorded on engagements and projects into `case_links`."""

    name = "case_links"
    version = 1
    tables = (case_links,)

    @handles(Engagement.Planned, Engagement.Linked, Project.Planned, Project.Linked)
    def linked(
        self,
        rows: Rows,
        e: Engagement.Planned | Engagement.Linked | Project.Planned | Project.Linked,
        position: int,
    ) -> None:
        """Links made when the case was planned, or later."""
        case_type = case_type_of(e).slug
        links: Links = e.links
        for name, ids in links.by_field().items():
            for linked in ids:
                rows.put(
                    case_links,
                    {
                        "case_id": e.originator_id,
                        "field": name,
                        "linked_id": linked,
                        "case_type": case_type,
                    },
                )


def links_of(conn: Connection, case_id: UUID) -> dict[str, list[UUID]]:
    """A case's links by field."""
    out: dict[str, list[UUID]] = {}
    query = select(L.field, L.linked_id).where(L.case_id == case_id).order_by(L.field)
    for name, linked in conn.execute(query):
        out.setdefault(name, []).append(linked)
    return out


def links_for(conn: Connection, case_ids: list[UUID]) -> dict[UUID, dict[str, list[UUID]]]:
    """The links of several cases (one page of a list) in one query, by case and field."""
    out: dict[UUID, dict[str, list[UUID]]] = {case_id: {} for case_id in case_ids}
    if not case_ids:
        return out
    query = (
        select(L.case_id, L.field, L.linked_id)
        .where(L.case_id.in_(case_ids))
        .order_by(L.case_id, L.field)
    )
    for case_id, name, linked in conn.execute(query):
        out[case_id].setdefault(name, []).append(linked)
    return out


def linked_to(case_type: str, linked_id: UUID) -> Any:
    """A subquery: the ids of the cases of a type linked to `linked_id`."""
    return select(L.case_id).where(L.linked_id == linked_id, L.case_type == case_type)
