"""The read database's schema comes from the Alembic migrations and matches the code's tables."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, inspect, text

from infrastructure.idempotency import idempotency_keys
from infrastructure.migrations import (
    alembic_config,
    target_metadata,
    upgrade,
    upgrade_read_models,
)
from infrastructure.readdb import create_read_engine
from projections.registry import PROJECTIONS

# Tables declared on the shared metadata whose owners have not written their migration yet.
NOT_YET_MIGRATED: set[str] = set()


def our_tables() -> MetaData:
    combined = MetaData()
    for metadata in target_metadata():
        for table in metadata.tables.values():
            if table.name not in NOT_YET_MIGRATED:
                table.to_metadata(combined)
    return combined


def schema_differences(engine) -> list:
    wanted = our_tables()
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = compare_metadata(context, wanted)
    ours = set(wanted.tables)

    def concerns_us(diff) -> bool:
        item = diff[0] if isinstance(diff, list) else diff
        names = {getattr(x, "name", None) for x in item if hasattr(x, "name")}
        tables = {getattr(getattr(x, "table", None), "name", None) for x in item}
        strings = {x for x in item if isinstance(x, str)}
        return bool((names | tables | strings) & ours)

    return [d for d in diffs if concerns_us(d)]


def index_names(engine) -> dict[str, set[str]]:
    inspector = inspect(engine)
    out = {}
    for projection in PROJECTIONS:
        for table in projection.tables:
            names = {ix["name"] for ix in inspector.get_indexes(table.name)}
            pk = inspector.get_pk_constraint(table.name).get("name")
            out[table.name] = names | ({pk} if pk else set())
    return out


def test_the_migrations_create_exactly_the_tables_the_code_declares(runtime):
    assert schema_differences(runtime.read_engine) == []


def test_db_upgrade_runs_twice_and_stays_at_the_head(runtime):
    upgrade(runtime.settings)
    upgrade(runtime.settings)
    heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
    with runtime.read_engine.connect() as conn:
        current = set(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
    assert current == heads
    assert schema_differences(runtime.read_engine) == []


def test_a_rebuild_leaves_the_schema_as_migrated(runtime):
    before = index_names(runtime.read_engine)
    engine = runtime.extras["projections"]
    for projection in PROJECTIONS:
        engine.rebuild(projection.name)
    assert index_names(runtime.read_engine) == before
    assert schema_differences(runtime.read_engine) == []
    tables = set(inspect(runtime.read_engine).get_table_names())
    assert not {t for t in tables if "__rb" in t}


def test_a_read_database_made_before_the_migrations_is_adopted(tmp_path):
    engine = create_read_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    idempotency_keys.create(engine)  # what `db upgrade` used to do with create_all
    upgrade_read_models(engine)
    upgrade_read_models(engine)
    assert schema_differences(engine) == []
    engine.dispose()
