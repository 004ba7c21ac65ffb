"""The benchmarks cannot rot: every section runs once on tiny data and yields its figures.

Speed is not asserted (that is what `make bench` is for); only that each section ran to the
end, on PostgreSQL and on SQLite, and that the table shows a number in each of its rows.
"""

import re
from pathlib import Path
from typing import Any

import pytest

from benchmarks import bench_audit_verify
from benchmarks import run as bench
from benchmarks.harness import TODAY
from benchmarks.sections.queries import query_paths
from tests.conftest import IN_CI, PG_HOST, PG_PORT, PG_USER, _pg_reachable

ADMIN = f"host={PG_HOST} port={PG_PORT} user={PG_USER} dbname=postgres"
NUMBER = re.compile(r"\d")


def _needs_postgres() -> None:
    if not _pg_reachable():
        if IN_CI:
            pytest.fail("PostgreSQL is not reachable (CI=true: PostgreSQL tests must run)")
        pytest.skip("PostgreSQL is not reachable")


def _per_s(figures: Any) -> float:
    assert isinstance(figures, dict), figures
    assert not figures.get("failures"), figures
    assert not figures.get("errors"), figures
    return float(figures["per_s"])


def _rows_with_numbers(table: str, *labels: str) -> None:
    """Each labelled row of the table carries a figure in the given column (1 = PostgreSQL)."""
    lines = table.splitlines()
    for label in labels:
        found = [ln for ln in lines if ln.strip().startswith(label)]
        assert found, f"no row {label!r} in the table"
        figures = found[0][bench_report_width() :]
        assert NUMBER.search(figures), f"row {label!r} has no figure: {found[0]!r}"


def bench_report_width() -> int:
    """Where the figures start in a row of the table."""
    from benchmarks.report import WIDTH

    return WIDTH


def _check_writes(writes: dict[str, Any]) -> None:
    for key in ("raw_insert_commit_x1", "library_loop_x8", "app_layer_x1", "http_x1", "http_x8"):
        assert _per_s(writes[key]) > 0, key


def _check_catchup(catchup: dict[str, Any]) -> None:
    assert _per_s(catchup["read_decode"]) > 0
    assert catchup["engine_all"]["projections"] > 0
    assert catchup["engine_all"]["applied"] > 0
    assert _per_s(catchup["engine_simple"]) > 0


def _check_queries(store: dict[str, Any]) -> None:
    (key,) = [k for k in store if k.startswith("queries_")]
    for name in query_paths(TODAY):
        figures = store[key][name]
        assert not figures.get("failures"), figures
        assert figures["n"] > 0 and figures["p95_ms"] > 0, name
    assert store[key]["plans"], "no query plans"


def _check_aggregate(aggregate: dict[str, Any]) -> None:
    for name in ("with_snapshot", "without_snapshot"):
        assert aggregate[name]["p50_ms"] > 0, name


@pytest.mark.postgres
def test_every_benchmark_section_runs_on_postgresql(tmp_path: Path) -> None:
    _needs_postgres()
    cfg = bench.config("smoke", pg=ADMIN, sqlite=False, workers=1, out=tmp_path / "r.json")
    results = bench.run(cfg, postgres=True)
    pg = results["postgres"]
    assert pg["data"]["cases"] == cfg.sizes.cases and pg["data"]["events"] > cfg.sizes.cases
    _check_writes(pg["writes"])
    _check_catchup(pg["catchup"])
    assert _per_s(pg["catchup"]["library_runner"]) > 0
    _check_queries(pg)
    lag = pg["lag"]["all_read_models"]
    assert pg["lag"]["commands"] > 0 and lag["missed"] == 0 and lag["p99_ms"] > 0
    _check_aggregate(pg["aggregate_load"])
    memory = pg["memory"]
    for size in cfg.sizes.memory_sizes:
        assert memory[f"rebuild_{size}"]["peak_rss_mib"] > 0
    assert results["serialisation"]["msgspec"]["encode_per_s"] > 0
    _rows_with_numbers(
        results["table"],
        "raw INSERT+COMMIT of the same bytes, 1 thread",
        "eventsourcing get-command-save loop, 8 threads",
        "our application layer, 8 threads",
        "our HTTP API, 8 clients",
        "read + decode the log",
        "eventsourcing ProjectionRunner",
        "our engine, every read model",
        "p50 / p99 / max",
        "deadlines",
        "search_rare",
        "with a snapshot",
        "without snapshots",
        "API worker under load",
        "rebuild every read model",
        "msgspec",
    )


def test_every_benchmark_section_runs_on_sqlite(tmp_path: Path) -> None:
    cfg = bench.config("smoke", sqlite=True, out=tmp_path / "r.json", only=frozenset())
    results = bench.run(cfg, postgres=False)
    lite = results["sqlite"]
    assert lite["data"]["cases"] == cfg.sizes.sqlite_cases
    _check_writes(lite["writes"])
    _check_catchup(lite["catchup"])
    _check_queries(lite)
    _check_aggregate(lite["aggregate_load"])
    assert lite["api_peak_rss_mib"]["worker"] > 0
    width = bench_report_width()
    for line in results["table"].splitlines():
        if line.strip().startswith(("our application layer, 8", "our HTTP API, 8", "deadlines")):
            assert NUMBER.search(line[width + 34 :]), f"no SQLite figure: {line!r}"


@pytest.mark.postgres
def test_the_audit_chain_benchmark_seals_and_verifies() -> None:
    _needs_postgres()
    url = f"postgresql://{PG_USER}@{PG_HOST}:{PG_PORT}/postgres"
    out = bench_audit_verify.run(url, events=300, per_save=100, rounds=1)
    steps = {step: (count, seconds) for step, count, seconds in out["rows"]}
    assert steps["seal"][0] == 300
    assert steps["verify #1"][0] == 300
    assert steps["export jsonl"][0] == 300
