"""Read models: projections of the event log into query tables, and the engine that runs them.

Adding a read model (one module, e.g. projections/foi_requests.py):

1. Declare its tables on `projections.schema.metadata`, keyed by natural keys (no autoincrement
   columns), with explicitly named indexes (`ix_<table>_<what>`); short names (checked on import).
2. Subclass `projections.runtime.projection.Projection`: set `name`, `version`, `tables` (and
   optionally `prefetch_by_originator`), and mark one method per event class with
   `@handles(Cls.Event)`; each handler is `(self, rows: Rows, e: Cls.Event, position: int) -> None`
   (typed with its event class) and writes through `rows` (`put`, `update`, `get`, `delete`),
   naming the module's tables. Handlers never read the event
   store and never read another projection's tables.
   `prefetch_by_originator` may name tables keyed by the originator id alone or first in a
   composite key (all of a batch's cases' rows come in one query); `prefetch` can load more.
3. Add the class to `PROJECTIONS` in projections/registry.py (a list searched with `q=`: its
   table to `projections.search.SEARCHED`, and its trigram index to a migration).
4. Add an Alembic revision in infrastructure/alembic/versions/ creating the tables (the test
   tests/projections/test_migrations.py fails until the migration matches the tables).
5. Put its queries beside it (keyset pages: projections.paging); its endpoint in interfaces/http.

Changing a projection's handlers or tables: bump its `version` (and migrate the tables); the
running engine rebuilds it into shadow tables and swaps them in. New obligations for /deadlines
are a mixin of `projections.deadlines.DeadlineRules` added to `DeadlinesProjection`'s bases.
"""
