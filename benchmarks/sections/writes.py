"""1. writes: commands/s and p50/p99 through the application layer and HTTP, beside the
library's plain loop and raw INSERT+COMMIT of the same event bytes."""

import json
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import psycopg

from application.commands.agreements import ResumeAgreement, SuspendAgreement
from benchmarks.harness import TODAY, Config, log, ms, rate
from benchmarks.http_load import load
from benchmarks.server import Server
from benchmarks.stores import Store


def measure_threads(threads: int, seconds: float, command: Callable[[int], None]) -> dict[str, Any]:
    """Run command(thread_no) in a loop on `threads` threads; throughput and latency."""
    latencies: list[list[float]] = [[] for _ in range(threads)]
    errors: list[str] = []
    deadline = time.perf_counter() + seconds

    def loop(n: int) -> None:
        mine = latencies[n]
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            try:
                command(n)
            except Exception as e:  # counted, and the first ones kept for the report
                if len(errors) < 3:
                    errors.append(f"{type(e).__name__}: {e}")
                continue
            mine.append(time.perf_counter() - began)

    began = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(loop, range(threads)))
    elapsed = time.perf_counter() - began
    flat = [x for per in latencies for x in per]
    out: dict[str, Any] = {
        "per_s": rate(len(flat), elapsed),
        "p50_ms": ms(flat, 50),
        "p99_ms": ms(flat, 99),
        "n": len(flat),
    }
    if errors:
        out["errors"] = errors
    return out


def sample_event_state(store: Store) -> tuple[str, bytes]:
    """The stored topic and bytes of a real Agreement.Suspended event (else any event)."""
    recorder = store.rt.app.recorder
    notes = recorder.select_notifications(0, 5000, inclusive_of_start=False)
    for n in notes:
        if n.topic.endswith("Agreement.Suspended"):
            return n.topic, n.state
    return notes[0].topic, notes[0].state


def raw_baseline(store: Store, cfg: Config, threads: int) -> dict[str, Any]:
    """INSERT + COMMIT of the same event bytes, one transaction per command (the DB's limit)."""
    topic, state = sample_event_state(store)
    ids = [uuid.uuid4() for _ in range(threads)]
    versions = [0] * threads
    if store.kind == "postgres":
        dsn = store.url
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS bench_raw_events (originator_id uuid NOT NULL, "
                "originator_version bigint NOT NULL, topic text, state bytea, "
                "notification_id bigserial, PRIMARY KEY (originator_id, originator_version))"
            )
            conn.execute(
                "CREATE UNIQUE INDEX IF NOT EXISTS bench_raw_events_nid "
                "ON bench_raw_events (notification_id)"
            )
        conns = [psycopg.connect(dsn) for _ in range(threads)]
        sql = (
            "INSERT INTO bench_raw_events (originator_id, originator_version, topic, state) "
            "VALUES (%s, %s, %s, %s)"
        )

        def command(n: int) -> None:
            versions[n] += 1
            conn = conns[n]
            conn.execute(sql, (ids[n], versions[n], topic, state), prepare=True)
            conn.commit()

    else:
        import sqlite3

        path = Path(store.url.removeprefix("sqlite:///")).with_name("raw.sqlite3")
        setup = sqlite3.connect(path, isolation_level=None)
        setup.execute("PRAGMA journal_mode=WAL")
        setup.execute(
            "CREATE TABLE IF NOT EXISTS raw_events (originator_id TEXT, originator_version "
            "INTEGER, topic TEXT, state BLOB, PRIMARY KEY (originator_id, originator_version))"
        )
        setup.close()
        conns = [
            sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
            for _ in range(threads)
        ]
        sql = "INSERT INTO raw_events VALUES (?, ?, ?, ?)"

        def command(n: int) -> None:
            versions[n] += 1
            conn = conns[n]
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(sql, (ids[n].hex, versions[n], topic, state))
            conn.execute("COMMIT")

    try:
        return measure_threads(threads, cfg.sizes.write_seconds, command)
    finally:
        for conn in conns:
            conn.close()


def library_loop(store: Store, cfg: Config, threads: int) -> dict[str, Any]:
    """eventsourcing's plain get-command-save loop: minimal Application + Aggregate."""
    from benchmarks.baseline import Counter, LoopApp

    if store.kind == "postgres":
        from infrastructure.eventstore import event_store_env

        env = {
            k: v
            for k, v in event_store_env(store.url, pool_size=max(5, threads)).items()
            if k.startswith("POSTGRES_")
        }
        env.update(PERSISTENCE_MODULE="eventsourcing.postgres", CREATE_TABLE="y")
    else:
        path = Path(store.url.removeprefix("sqlite:///")).with_name("loop.sqlite3")
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(path),
            "SQLITE_LOCK_TIMEOUT": "30",
            "CREATE_TABLE": "y",
        }
    app = LoopApp(env=env)
    try:
        counters = []
        for _ in range(threads):
            made = [Counter() for _ in range(20)]
            app.save(*made)
            counters.append([c.id for c in made])
        turn = [0] * threads

        def command(n: int) -> None:
            mine = counters[n]
            turn[n] += 1
            counter = app.repository.get(mine[turn[n] % len(mine)])
            counter.touch(note="ok")
            app.save(counter)

        return measure_threads(threads, cfg.sizes.write_seconds, command)
    finally:
        app.close()


def toggle_body(suspended: bool, day: date) -> tuple[str, bytes]:
    """The next command on an agreement: suspend it, or resume it."""
    if suspended:
        return "resume", json.dumps({"resumed_on": day.isoformat()}).encode()
    body = {"suspended_on": day.isoformat(), "reason": "Рішення виконкому (тест навантаження)"}
    return "suspend", json.dumps(body, ensure_ascii=False).encode()


def partition(store: Store, parts: int) -> list[list[uuid.UUID]]:
    """The agreements in force, split between clients (no two clients share one)."""
    ids = sorted(store.states, key=str)
    if len(ids) < parts:
        raise RuntimeError(f"only {len(ids)} agreements in force for {parts} clients")
    return [ids[n::parts] for n in range(parts)]


def app_layer(store: Store, cfg: Config, threads: int) -> dict[str, Any]:
    """Suspend/resume through the application service (load, domain command, save)."""
    from application.service import Caller

    service = store.rt.agreements
    caller = Caller(actor="bench", role="manager")
    parts = partition(store, threads)
    turn = [0] * threads

    def command(n: int) -> None:
        mine = parts[n]
        turn[n] += 1
        agreement_id = mine[turn[n] % len(mine)]
        if store.states[agreement_id]:
            service.resume_agreement(agreement_id, ResumeAgreement(resumed_on=TODAY), caller)
        else:
            service.suspend_agreement(
                agreement_id,
                SuspendAgreement(suspended_on=TODAY, reason="Рішення виконкому"),
                caller,
            )
        store.states[agreement_id] = not store.states[agreement_id]

    return measure_threads(threads, cfg.sizes.write_seconds, command)


def http_writes(store: Store, server: Server, cfg: Config, clients: int) -> dict[str, Any]:
    """Suspend/resume over HTTP with `clients` concurrent keep-alive clients."""
    parts = partition(store, clients)
    turn = [0] * clients
    day = datetime.now(ZoneInfo("Europe/Kyiv")).date() - timedelta(days=1)

    def next_request(n: int) -> tuple[str, str, bytes]:
        mine = parts[n]
        turn[n] += 1
        agreement_id = mine[turn[n] % len(mine)]
        verb, body = toggle_body(store.states[agreement_id], day)
        store.states[agreement_id] = not store.states[agreement_id]
        return "POST", f"/agreements/{agreement_id}/{verb}", body

    with server.sampling():
        out = load(
            "127.0.0.1", server.port, server.token, clients, cfg.sizes.write_seconds, next_request
        )
    result: dict[str, Any] = {
        "per_s": rate(len(out.latencies), out.seconds),
        "p50_ms": ms(out.latencies, 50),
        "p99_ms": ms(out.latencies, 99),
        "n": len(out.latencies),
    }
    if out.failures:
        result["failures"] = out.failures
        result["first_error"] = out.first_error
        result["statuses"] = out.statuses
    return result


def bench_writes(store: Store, server: Server, cfg: Config) -> dict[str, Any]:
    """Section 1: writes, our layers beside the library loop and raw INSERT+COMMIT."""
    out: dict[str, Any] = {"command": "suspend or resume an agreement in force (1 event)"}
    concurrency = (1, 8)
    for threads in concurrency:
        log(f"{store.kind}: writes, raw INSERT+COMMIT x{threads}")
        out[f"raw_insert_commit_x{threads}"] = raw_baseline(store, cfg, threads)
        log(f"{store.kind}: writes, eventsourcing loop x{threads}")
        out[f"library_loop_x{threads}"] = library_loop(store, cfg, threads)
        log(f"{store.kind}: writes, application layer x{threads}")
        out[f"app_layer_x{threads}"] = app_layer(store, cfg, threads)
    clients = cfg.sizes.http_clients
    if store.kind == "sqlite" and cfg.quick:
        clients = tuple(n for n in clients if n <= 8)
    for n in clients:
        log(f"{store.kind}: writes, HTTP x{n}")
        out[f"http_x{n}"] = http_writes(store, server, cfg, n)
    out["server"] = server.command
    return out
