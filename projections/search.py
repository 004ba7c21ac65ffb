"""Indexes for the lists' text search: trigram GIN indexes on the `search` columns (PostgreSQL).

The lists search with `search LIKE '%term%'` (any part of a word, Ukrainian or Latin). Without an
index PostgreSQL reads the whole table: ~100 ms at 50,000 agreements. A pg_trgm GIN index finds
the few rows of a rare term in under a millisecond, and the planner still walks the newest-first
index when a term is common. The migration `0007_search_indexes` creates the extension.

SQLite cannot use such an index for LIKE '%...%': there the index is declared empty (a partial
index on a false condition), so the schema matches the code on both databases at no cost.
"""

from sqlalchemy import Column, Index, Table, false

from projections.agreements import agreements
from projections.engagements import engagements
from projections.foi_requests import foi_requests
from projections.partners import partners
from projections.projects import projects
from projections.shipment_tables import shipments

SEARCHED: tuple[Table, ...] = (
    agreements,
    partners,
    foi_requests,
    shipments,
    engagements,
    projects,
)
"""The read models whose lists take `q=`: each gets `ix_<table>_search`."""


def trigram_index(column: Column) -> Index:  # type: ignore[type-arg]
    """A GIN trigram index on a search column (attached to its table)."""
    return Index(
        f"ix_{column.table.name}_search",
        column,
        postgresql_using="gin",
        postgresql_ops={column.name: "gin_trgm_ops"},
        sqlite_where=false(),
    )


for _table in SEARCHED:
    if f"ix_{_table.name}_search" not in {i.name for i in _table.indexes}:
        trigram_index(_table.c.search)
