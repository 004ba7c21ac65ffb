"""`make bench` / `make bench-quick`: every figure beside its baseline, measured in the same run.

    .venv/bin/python -m benchmarks.run [--quick | --smoke] [--cases N] [--pg DSN] [--no-sqlite]
        [--workers 2] [--out benchmarks/results.json]

On the local PostgreSQL (a throwaway database, dropped at the end) and on SQLite (temporary
files), with a generated data set (fixed seed, Ukrainian text, see benchmarks/data.py):

1. writes: commands/s and p50/p99 through the application layer and through HTTP (uvicorn,
   several workers, `interfaces.http.asgi:create`) with 1, 8 and 32 clients, beside
   eventsourcing's plain get-command-save loop and raw INSERT+COMMIT of the same event bytes;
2. catch-up: our engine rebuilding every read model, and the same simple read model on our
   engine and on eventsourcing's ProjectionRunner, beside merely reading and decoding the log;
3. lag: commit to read model at a steady 100 commands/s (a `pobratym projections run` worker);
4. queries: p50/p95 of /deadlines, /renewals, list and search (EXPLAIN plans in the JSON);
5. aggregate load: an agreement with 5,000 events, with and without a snapshot;
6. memory: peak RSS of the API under load and of rebuilds of two log sizes;
7. serialisation: benchmarks/bench_transcoder.py;
8. documents: upload and download MiB/s of a 10 MiB file beside a plain file copy
   (benchmarks/bench_documents.py).

The machine is shared: figures move with whatever else runs; compare within one run.

This module runs the sections in order; each section is a module of benchmarks/sections/, over
the stores of benchmarks/stores.py and the server of benchmarks/server.py; the sizes of each mode
and the small helpers are in benchmarks/harness.py.
"""

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg

from benchmarks import data
from benchmarks.harness import ROOT, Config, config, log, machine
from benchmarks.sections.aggregate import bench_aggregate
from benchmarks.sections.catchup import bench_catchup, rebuild_in_subprocess
from benchmarks.sections.lag import bench_lag
from benchmarks.sections.memory import bench_memory
from benchmarks.sections.queries import bench_queries
from benchmarks.sections.writes import bench_writes
from benchmarks.server import Server
from benchmarks.stores import build_store, grow, pg_database

# -- the run ------------------------------------------------------------------------------------


def run_postgres(cfg: Config, results: dict[str, Any]) -> None:
    """Every section on PostgreSQL."""
    name = f"pobratym_bench_{os.getpid()}"
    pg: dict[str, Any] = results.setdefault("postgres", {})
    with psycopg.connect(cfg.pg, autocommit=True) as conn:
        pg["server_version"] = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
    with pg_database(cfg.pg, name) as url:
        store = build_store("postgres", url, url)
        server: Server | None = None
        try:
            first = min(cfg.cases, 10_000)
            pg["generate_seconds"] = round(grow(store, first), 1)
            if cfg.cases > first:
                pg["catchup_10k"] = {"engine_all": rebuild_in_subprocess(store)}
                if cfg.wants("queries"):
                    server = Server(store, cfg.workers)
                    pg["queries_10k"] = bench_queries(store, server, cfg)
                    server.stop()
                    server = None
                pg["generate_seconds"] += round(grow(store, cfg.cases - first), 1)
            pg["data"] = {"cases": store.cases, "events": store.events}
            if cfg.wants("catchup"):
                pg["catchup"] = bench_catchup(store, cfg)
            else:
                store.rt.extras["projections"].rebuild_all()
            if cfg.wants("queries") or cfg.wants("writes"):
                server = Server(store, cfg.workers)
                if cfg.wants("queries"):
                    pg[f"queries_{store.cases // 1000}k"] = bench_queries(store, server, cfg)
                if cfg.wants("writes"):
                    pg["writes"] = bench_writes(store, server, cfg)
                pg["api_peak_rss_mib"] = {
                    k: round(v / 2**20, 1) for k, v in server.peak_rss.items()
                }
                server.stop()
                server = None
            if cfg.wants("lag"):
                log("postgres: lag at 100 commands/s")
                pg["lag"] = bench_lag(store, cfg)
            if cfg.wants("aggregate"):
                log("postgres: aggregate load")
                pg["aggregate_load"] = bench_aggregate(store, cfg)
        finally:
            if server is not None:
                server.stop()
            store.rt.close()
    if cfg.wants("memory"):
        pg["memory"] = bench_memory(cfg)


def run_sqlite(cfg: Config, results: dict[str, Any]) -> None:
    """The sections that apply to the embedded SQLite default."""
    folder = Path(tempfile.mkdtemp(prefix="pobratym-bench-"))
    lite: dict[str, Any] = results.setdefault("sqlite", {})
    try:
        import sqlite3

        lite["version"] = sqlite3.sqlite_version
        url = f"sqlite:///{folder / 'events.sqlite3'}"
        read_url = f"sqlite:///{folder / 'read.sqlite3'}"
        store = build_store("sqlite", url, read_url)
        server: Server | None = None
        try:
            lite["generate_seconds"] = round(grow(store, cfg.sizes.sqlite_cases), 1)
            lite["data"] = {"cases": store.cases, "events": store.events}
            if cfg.wants("catchup"):
                lite["catchup"] = bench_catchup(store, cfg)
            else:
                store.rt.extras["projections"].rebuild_all()
            server = Server(store, 1)
            if cfg.wants("queries"):
                lite[f"queries_{store.cases // 1000}k"] = bench_queries(store, server, cfg)
            if cfg.wants("writes"):
                lite["writes"] = bench_writes(store, server, cfg)
            lite["api_peak_rss_mib"] = {k: round(v / 2**20, 1) for k, v in server.peak_rss.items()}
            server.stop()
            server = None
            if cfg.wants("aggregate"):
                log("sqlite: aggregate load")
                lite["aggregate_load"] = bench_aggregate(store, cfg)
        finally:
            if server is not None:
                server.stop()
            store.rt.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(cfg: Config, postgres: bool = True) -> dict[str, Any]:
    """Run every section the configuration wants; the results, with their table."""
    started = time.perf_counter()
    results: dict[str, Any] = {
        "mode": cfg.mode,
        "command": {"full": "make bench", "quick": "make bench-quick"}.get(
            cfg.mode, f"python -m benchmarks.run --{cfg.mode}"
        ),
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "seed": data.SEED,
        "note": (
            "The machine is shared with other work (tests of other engineers may run at the "
            "same time): absolute figures are noisy; each figure's baseline was measured in "
            "the same run, minutes apart, on the same data."
        ),
    }
    if postgres:
        run_postgres(cfg, results)
    if cfg.sqlite:
        run_sqlite(cfg, results)
    if cfg.wants("serialisation"):
        log("serialisation")
        from benchmarks import bench_transcoder

        results["serialisation"] = bench_transcoder.run(cfg.sizes.serialisation_events)
    if cfg.wants("documents"):
        log("documents")
        from benchmarks import bench_documents

        results["documents"] = bench_documents.run(
            cfg.pg if postgres else None,
            mib=1 if cfg.mode == "smoke" else 10,
            rounds=1 if cfg.mode == "smoke" else 3,
            sqlite=cfg.sqlite,
        )
    results["seconds"] = round(time.perf_counter() - started, 1)
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()[:2]]
    from benchmarks.report import table

    results["table"] = table(results)
    if "documents" in results:
        results["table"] += "\n\n" + results["documents"]["table"]
    return results


def main(argv: list[str] | None = None) -> None:
    """Parse the flags, run every section, print the table and write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="10k cases, short runs (~2.5 min)")
    mode.add_argument(
        "--smoke", action="store_true", help="tiny data: every section runs once (no JSON file)"
    )
    parser.add_argument("--cases", type=int, default=None, help="cases on PostgreSQL")
    parser.add_argument("--pg", default="host=127.0.0.1 port=5432 user=postgres dbname=postgres")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers (PostgreSQL)")
    parser.add_argument("--out", type=Path, default=None, help="default: benchmarks/results.json")
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated sections: catchup,queries,writes,lag,aggregate,memory,serialisation,"
        "documents",
    )
    args = parser.parse_args(argv)
    # A TERM (timeout, Ctrl-C in make) still drops the throwaway databases and stops servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    cfg = config(
        "smoke" if args.smoke else "quick" if args.quick else "full",
        cases=args.cases,
        pg=args.pg,
        sqlite=not args.no_sqlite,
        workers=args.workers,
        out=args.out or ROOT / "benchmarks" / "results.json",
        only=frozenset(x for x in args.only.split(",") if x),
    )
    results = run(cfg, postgres=not args.no_postgres)
    print(results["table"])
    if args.smoke and args.out is None:
        print(f"\nsmoke run in {results['seconds']:.0f} s (figures not written)")
        return
    cfg.out.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n")
    print(f"\nwritten to {cfg.out} in {results['seconds']:.0f} s")


if __name__ == "__main__":
    main()
