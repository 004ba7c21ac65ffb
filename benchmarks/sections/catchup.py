"""2. catch-up: our engine rebuilding every read model, and a simple read model on our engine
and on eventsourcing's ProjectionRunner, beside merely reading and decoding the log."""

import json
import subprocess
import time
from typing import Any

import psycopg

from benchmarks.harness import PYTHON, ROOT, Config, log, rate
from benchmarks.stores import Store


def read_and_decode(store: Store, batch: int = 5000) -> dict[str, Any]:
    """Merely read and decode the whole log (select_notifications + mapper.to_domain_event)."""
    app = store.rt.app
    recorder, mapper = app.recorder, app.mapper
    head = int(recorder.max_notification_id() or 0)
    position, n = 0, 0
    began = time.perf_counter()
    while True:
        notes = recorder.select_notifications(position, batch, stop=head, inclusive_of_start=False)
        if not notes:
            break
        for note in notes:
            mapper.to_domain_event(note)
        n += len(notes)
        position = notes[-1].id
    seconds = time.perf_counter() - began
    return {"events": n, "seconds": round(seconds, 2), "per_s": rate(n, seconds)}


def rebuild_in_subprocess(store: Store, names: list[str] | None = None) -> dict[str, Any]:
    """Our engine rebuilding read models, in a fresh process (so its peak RSS is its own)."""
    args = [
        PYTHON,
        "-m",
        "benchmarks.rebuild_worker",
        "--url",
        store.url,
        "--read-url",
        store.read_url,
    ]
    if names:
        args += ["--names", ",".join(names)]
    done = subprocess.run(
        args, cwd=ROOT, env=store.env(), capture_output=True, text=True, timeout=3600
    )
    if done.returncode != 0:
        raise RuntimeError(f"rebuild failed: {done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def simple_on_engine(store: Store) -> dict[str, Any]:
    """The simple status read model on our engine (same events as the runner's)."""
    from sqlalchemy import delete

    from benchmarks.baseline import StatusProjection, bench_metadata
    from projections.runtime.engine import ProjectionEngine
    from projections.runtime.positions import projection_positions

    rt = store.rt
    bench_metadata.create_all(rt.read_engine)
    engine = ProjectionEngine(rt.app, rt.read_engine, [StatusProjection], auto_rebuild=False)
    try:
        report = engine.rebuild("bench_status")
    finally:
        with rt.read_engine.begin() as conn:
            bench_metadata.drop_all(conn)
            conn.execute(
                delete(projection_positions).where(projection_positions.c.name == "bench_status")
            )
    return {
        "events": report.events,
        "seconds": round(report.seconds, 2),
        "per_s": rate(report.events, report.seconds),
    }


def library_runner(store: Store, cfg: Config) -> dict[str, Any]:
    """eventsourcing's ProjectionRunner on the same log, same read model (PostgreSQL only)."""
    from eventsourcing.projection import ProjectionRunner

    from application.casework import Casework
    from benchmarks.baseline import StatusRunnerProjection, StatusView
    from infrastructure.eventstore import event_store_env

    env = event_store_env(store.url)
    env["CREATE_TABLE"] = "y"
    topics = list(StatusRunnerProjection.topics)
    with psycopg.connect(store.url) as conn:
        counts = conn.execute(
            "SELECT notification_id FROM pobratym_events WHERE topic = ANY(%s) "
            "ORDER BY notification_id",
            (topics,),
        ).fetchall()
    ids = [r[0] for r in counts]
    began = time.perf_counter()
    with ProjectionRunner(
        application_class=Casework,
        projection_class=StatusRunnerProjection,
        view_class=StatusView,
        env=env,
    ) as runner:
        deadline = began + cfg.sizes.runner_seconds
        reached = 0
        while time.perf_counter() < deadline and (not ids or reached < ids[-1]):
            runner.run_forever(timeout=0.1)
            reached = runner.view.max_tracking_id("Pobratym") or 0
        elapsed = time.perf_counter() - began
    import bisect

    done = bisect.bisect_right(ids, reached)
    with psycopg.connect(store.url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_runner_status")
        conn.execute("DROP TABLE IF EXISTS bench_status_tracking")
    return {
        "events": done,
        "of": len(ids),
        "seconds": round(elapsed, 2),
        "per_s": rate(done, elapsed),
        "note": f"stopped after {cfg.sizes.runner_seconds:.0f} s (one event per transaction)",
    }


def bench_catchup(store: Store, cfg: Config) -> dict[str, Any]:
    """Section 2: rebuild throughput beside the runner and beside read+decode."""
    log(f"{store.kind}: catch-up, read+decode")
    out: dict[str, Any] = {"log_events": store.events, "read_decode": read_and_decode(store)}
    log(f"{store.kind}: catch-up, our engine rebuilding every read model")
    out["engine_all"] = rebuild_in_subprocess(store)
    log(f"{store.kind}: catch-up, our engine on the simple read model")
    out["engine_simple"] = simple_on_engine(store)
    if store.kind == "postgres":
        log(f"{store.kind}: catch-up, eventsourcing ProjectionRunner on the simple read model")
        out["library_runner"] = library_runner(store, cfg)
    else:
        out["library_runner"] = {"note": "ProjectionRunner cannot follow SQLite (no subscribe)"}
    return out
