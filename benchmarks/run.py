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
7. serialisation: benchmarks/bench_transcoder.py.

The machine is shared: figures move with whatever else runs; compare within one run.
"""

import argparse
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import psutil
import psycopg

from benchmarks import data
from benchmarks.http_load import load

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SECRET = "bench-secret-" + "k" * 48
TODAY = data.TODAY


# -- configuration and small helpers -------------------------------------------------------------


@dataclass(frozen=True)
class Sizes:
    """How much data each section works on and for how long."""

    cases: int  # on PostgreSQL
    sqlite_cases: int
    write_seconds: float
    lag_seconds: float
    lag_warmup_seconds: float
    runner_seconds: float
    query_requests: int
    memory_sizes: tuple[int, int]
    aggregate_events: int
    aggregate_reps: int
    serialisation_events: int
    http_clients: tuple[int, ...]  # on PostgreSQL (SQLite: those up to 8)


SIZES = {
    "full": Sizes(
        cases=100_000, sqlite_cases=10_000, write_seconds=6.0, lag_seconds=15.0,
        lag_warmup_seconds=120.0, runner_seconds=10.0, query_requests=300,
        memory_sizes=(100_000, 1_000_000), aggregate_events=5000, aggregate_reps=30,
        serialisation_events=40_000, http_clients=(1, 8, 32),
    ),
    "quick": Sizes(
        cases=10_000, sqlite_cases=10_000, write_seconds=2.0, lag_seconds=5.0,
        lag_warmup_seconds=120.0, runner_seconds=4.0, query_requests=100,
        memory_sizes=(10_000, 50_000), aggregate_events=5000, aggregate_reps=10,
        serialisation_events=10_000, http_clients=(1, 8, 32),
    ),
    # Every section once on tiny data (tests/test_benchmarks_smoke.py): it runs, not how fast.
    "smoke": Sizes(
        cases=300, sqlite_cases=300, write_seconds=0.2, lag_seconds=0.3,
        lag_warmup_seconds=15.0, runner_seconds=0.5, query_requests=3,
        memory_sizes=(600, 1200), aggregate_events=60, aggregate_reps=2,
        serialisation_events=600, http_clients=(1, 8),
    ),
}  # fmt: skip


@dataclass
class Config:
    """What this run measures and for how long."""

    mode: str  # a key of SIZES
    sizes: Sizes
    cases: int
    pg: str
    sqlite: bool
    workers: int
    out: Path
    only: frozenset[str] = frozenset()

    @property
    def quick(self) -> bool:
        """A shortened run (quick or smoke)."""
        return self.mode != "full"

    def wants(self, section: str) -> bool:
        """Whether this run measures a section (all, unless --only names some)."""
        return not self.only or section in self.only


def config(
    mode: str = "full",
    *,
    cases: int | None = None,
    pg: str = "host=127.0.0.1 port=5432 user=postgres dbname=postgres",
    sqlite: bool = True,
    workers: int = 2,
    out: Path = ROOT / "benchmarks" / "results.json",
    only: frozenset[str] = frozenset(),
) -> Config:
    """The configuration of a run in one of the SIZES modes."""
    sizes = SIZES[mode]
    return Config(mode, sizes, cases or sizes.cases, pg, sqlite, workers, out, only)


def ms(values: list[float], q: float) -> float | None:
    """A percentile of latencies in seconds, in milliseconds."""
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return round(ordered[index] * 1000, 2)


def rate(n: float, seconds: float) -> float:
    """n per second, rounded."""
    return round(n / seconds, 1) if seconds > 0 else 0.0


def log(message: str) -> None:
    """Progress on stderr (the table goes to stdout)."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def machine() -> dict[str, Any]:
    """The machine the figures come from."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load1, load5, _ = os.getloadavg()
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "load_average_at_start": [round(load1, 2), round(load5, 2)],
    }


# -- stores -------------------------------------------------------------------------------------


@dataclass
class Store:
    """One event store and read database with a runtime built on it."""

    kind: str  # "postgres" | "sqlite"
    url: str
    read_url: str
    rt: Any
    generator: data.Generator | None = None
    events: int = 0
    cases: int = 0
    states: dict[uuid.UUID, bool] = field(default_factory=dict)  # agreement -> suspended?

    def env(self) -> dict[str, str]:
        """Environment of a server or worker process on this store."""
        env = dict(os.environ)
        env.update(
            POBRATYM_DATABASE_URL=self.url,
            POBRATYM_READ_DATABASE_URL=self.read_url,
            POBRATYM_SECRET_KEY=SECRET,
            PYTHONPATH=str(ROOT),
        )
        return env


def build_store(kind: str, url: str, read_url: str) -> Store:
    """Migrate and build a runtime on a store."""
    from application.clock import FixedClock
    from infrastructure.bootstrap import build
    from infrastructure.migrations import upgrade
    from infrastructure.settings import Settings

    settings = Settings(database_url=url, read_database_url=read_url, secret_key=SECRET)
    upgrade(settings)
    rt = build(settings, FixedClock.on(TODAY))
    return Store(kind, url, read_url, rt)


def grow(store: Store, cases: int) -> float:
    """Write `cases` more generated cases into the store; returns the seconds it took."""
    began = time.perf_counter()
    if store.generator is None:
        store.generator = data.Generator(store.rt.app.mapper, data.partners_for(max(cases, 10_000)))
    for _, written in data.generate(store.rt.app, cases, store.generator):
        store.events += written
    store.cases += cases
    for agreement_id in store.generator.in_force:
        store.states.setdefault(agreement_id, False)
    seconds = time.perf_counter() - began
    log(f"{store.kind}: {store.cases:,} cases, {store.events:,} events ({seconds:.1f} s)")
    return seconds


@contextmanager
def pg_database(admin: str, name: str) -> Iterator[str]:
    """A throwaway PostgreSQL database; dropped at the end."""
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    info = psycopg.conninfo.conninfo_to_dict(admin)
    user = info.get("user", "postgres")
    host = info.get("host", "127.0.0.1")
    port = info.get("port", 5432)
    try:
        yield f"postgresql://{user}@{host}:{port}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# -- the HTTP server ----------------------------------------------------------------------------


class Server:
    """uvicorn in a subprocess, as production runs it, and its memory while it works."""

    def __init__(self, store: Store, workers: int) -> None:
        self.port = free_port()
        self.workers = workers
        try:
            from interfaces.http.server import uvicorn_flags

            flags = uvicorn_flags()
        except ImportError:
            flags = ["--timeout-keep-alive", "5", "--limit-concurrency", "200"]
        args = [
            PYTHON, "-m", "uvicorn", "--factory", "interfaces.http.asgi:create",
            "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(workers),
            "--log-level", "warning", "--no-access-log", *flags,
        ]  # fmt: skip
        self.command = " ".join(args[1:])
        self.log = tempfile.TemporaryFile()  # never a pipe: a full pipe would stall the server
        self.process = subprocess.Popen(
            args, cwd=ROOT, env=store.env(), stdout=self.log, stderr=subprocess.STDOUT
        )
        from infrastructure.tokens import issue_token

        self.token = issue_token(SECRET, "bench-admin", "admin", 4 * 3600)
        self.peak_rss: dict[str, int] = {}
        self._sampling = threading.Event()
        self._sampler: threading.Thread | None = None
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.log.seek(0)
                err = self.log.read().decode(errors="replace")
                raise RuntimeError(f"the server exited: {err[-2000:]}")
            try:
                out = load(
                    "127.0.0.1", self.port, self.token, 1, 5, lambda n: ("GET", "/health", None), 1
                )
                if out.latencies:
                    # Every worker answers once it has started; give the others a moment.
                    time.sleep(1.0)
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("the server did not start within 60 s")

    def processes(self) -> list[psutil.Process]:
        """The master and its workers."""
        try:
            master = psutil.Process(self.process.pid)
            return [master, *master.children(recursive=True)]
        except psutil.Error:
            return []

    @contextmanager
    def sampling(self) -> Iterator[None]:
        """Sample the RSS of the workers every 100 ms while the block runs."""
        self._sampling.clear()

        def sample() -> None:
            while not self._sampling.is_set():
                procs = self.processes()
                total = 0
                for p in procs[1:] or procs:
                    try:
                        rss = p.memory_info().rss
                    except psutil.Error:
                        continue
                    total += rss
                    self.peak_rss["worker"] = max(self.peak_rss.get("worker", 0), rss)
                self.peak_rss["all_workers"] = max(self.peak_rss.get("all_workers", 0), total)
                self._sampling.wait(0.1)

        thread = threading.Thread(target=sample, daemon=True)
        thread.start()
        try:
            yield
        finally:
            self._sampling.set()
            thread.join()

    def stop(self) -> None:
        """Stop the server (SIGINT: uvicorn's graceful shutdown)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


# -- 1. writes ----------------------------------------------------------------------------------


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
            service.resume_agreement(agreement_id, caller, resumed_on=TODAY)
        else:
            service.suspend_agreement(
                agreement_id, caller, suspended_on=TODAY, reason="Рішення виконкому"
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


# -- 2. catch-up --------------------------------------------------------------------------------


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


# -- 3. lag -------------------------------------------------------------------------------------


def bench_lag(store: Store, cfg: Config, per_second: float = 100.0) -> dict[str, Any]:
    """Section 3: commit-to-read-model at a steady rate, a projection worker in its own process."""
    from application.service import Caller

    worker = subprocess.Popen(
        [PYTHON, "-m", "interfaces.cli", "projections", "run"],
        cwd=ROOT,
        env=store.env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    watch = psycopg.connect(store.url, autocommit=True)
    try:
        engine = store.rt.extras["projections"]
        names = list(engine.projections)
        target = store.rt.app.position
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            rows = dict(watch.execute("SELECT name, position FROM projection_positions").fetchall())
            if all(rows.get(n, 0) >= target for n in names):
                break
            time.sleep(0.2)
        else:
            raise RuntimeError("the projection worker did not catch up within 300 s")
        service = store.rt.agreements
        caller = Caller(actor="bench", role="manager")
        ids = partition(store, 1)[0]

        def command(i: int) -> int:
            agreement_id = ids[i % len(ids)]
            if store.states[agreement_id]:
                saved = service.resume_agreement(agreement_id, caller, resumed_on=TODAY)
            else:
                saved = service.suspend_agreement(
                    agreement_id, caller, suspended_on=TODAY, reason="Рішення виконкому"
                )
            store.states[agreement_id] = not store.states[agreement_id]
            return saved.position

        # Warm up: the worker's first rounds also seal the audit chain of the whole log.
        quick_in_a_row, warm_until = 0, time.monotonic() + cfg.sizes.lag_warmup_seconds
        while quick_in_a_row < 5 and time.monotonic() < warm_until:
            position, began = command(len(ids) // 2 + quick_in_a_row), time.perf_counter()
            while True:
                rows = dict(
                    watch.execute("SELECT name, position FROM projection_positions").fetchall()
                )
                if all(rows.get(n, 0) >= position for n in names):
                    break
                time.sleep(0.005)
            fast = time.perf_counter() - began < 0.1
            quick_in_a_row = quick_in_a_row + 1 if fast else 0
        committed: list[tuple[int, float]] = []
        seen: dict[str, dict[int, float]] = {n: {} for n in names}
        stop = threading.Event()

        def watcher() -> None:
            pending = 0
            while not stop.is_set() or pending < len(committed):
                now = time.perf_counter()
                rows = dict(
                    watch.execute("SELECT name, position FROM projection_positions").fetchall()
                )
                for i in range(pending, len(committed)):
                    position = committed[i][0]
                    for n in names:
                        if i not in seen[n] and rows.get(n, 0) >= position:
                            seen[n][i] = now
                while pending < len(committed) and all(pending in seen[n] for n in names):
                    pending += 1
                if stop.is_set() and time.perf_counter() - stop_at[0] > 10:
                    return
                time.sleep(0.002)

        stop_at = [0.0]
        thread = threading.Thread(target=watcher, daemon=True)
        thread.start()
        began = time.perf_counter()
        total = int(cfg.sizes.lag_seconds * per_second)
        for i in range(total):
            due = began + i / per_second
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            position = command(i)
            committed.append((position, time.perf_counter()))
        elapsed = time.perf_counter() - began
        stop_at[0] = time.perf_counter()
        stop.set()
        thread.join(timeout=30)
        lags_all = []
        per: dict[str, list[float]] = {n: [] for n in names}
        for i, (_, at) in enumerate(committed):
            times = [seen[n].get(i) for n in names]
            for n, t in zip(names, times, strict=True):
                if t is not None:
                    per[n].append(t - at)
            if all(t is not None for t in times):
                lags_all.append(max(t for t in times if t is not None) - at)
        return {
            "commands": len(committed),
            "per_s": rate(len(committed), elapsed),
            "all_read_models": {
                "p50_ms": ms(lags_all, 50),
                "p99_ms": ms(lags_all, 99),
                "max_ms": ms(lags_all, 100),
                "missed": len(committed) - len(lags_all),
            },
            "per_projection_p99_ms": {n: ms(v, 99) for n, v in per.items()},
            "worker": "pobratym projections run (LISTEN/NOTIFY), its own process",
            "resolution_ms": 2,
        }
    finally:
        watch.close()
        worker.send_signal(signal.SIGINT)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


# -- 4. queries ---------------------------------------------------------------------------------


def query_paths(day: date) -> dict[str, str]:
    """The reads measured: the four of the issue, and a few common filters."""
    d = day.isoformat()
    return {
        "deadlines": f"/deadlines?as_of={d}&limit=50",
        "deadlines_overdue": f"/deadlines?as_of={d}&overdue=true&limit=50",
        "renewals": f"/renewals?as_of={d}&within_days=90&limit=50",
        "list": "/agreements?limit=50",
        "list_status": "/agreements?status=signed&limit=50",
        "search": "/agreements?q=%D0%BA%D1%80%D0%B0%D0%BA%D1%96%D0%B2&limit=50",  # "краків"
        "search_rare": "/agreements?q=AGR-2024-00&limit=50",
    }


def explain_plans(store: Store, day: date) -> dict[str, str]:
    """EXPLAIN ANALYZE of the SQL behind each read (captured from the query functions)."""
    from sqlalchemy import event

    from projections.agreements import AgreementFilter, list_agreements, renewals_due
    from projections.deadlines import DeadlineFilter, list_deadlines

    calls: dict[str, Callable[[Any], Any]] = {
        "deadlines": lambda c: list_deadlines(c, DeadlineFilter(as_of=day), 50),
        "renewals": lambda c: renewals_due(c, day, 90, 50),
        "list": lambda c: list_agreements(c, AgreementFilter(), 50),
        "search": lambda c: list_agreements(c, AgreementFilter(q="краків"), 50),
        "search_rare": lambda c: list_agreements(c, AgreementFilter(q="AGR-2024-00"), 50),
    }
    engine = store.rt.read_engine
    plans: dict[str, str] = {}
    for name, call in calls.items():
        captured: list[tuple[str, Any]] = []

        def capture(
            conn: Any, cursor: Any, statement: str, params: Any, *_: Any, into: list[Any] = captured
        ) -> None:
            into.append((statement, params))

        event.listen(engine, "before_cursor_execute", capture)
        try:
            with engine.connect() as conn:
                call(conn)
        finally:
            event.remove(engine, "before_cursor_execute", capture)
        statement, params = captured[-1]
        with engine.connect() as conn:
            cursor = conn.connection.driver_connection.cursor()
            prefix = (
                "EXPLAIN (ANALYZE, BUFFERS) " if store.kind == "postgres" else "EXPLAIN QUERY PLAN "
            )
            cursor.execute(prefix + statement, params)
            plans[name] = "\n".join(" ".join(str(x) for x in row) for row in cursor.fetchall())
            cursor.close()
    return plans


def bench_queries(store: Store, server: Server, cfg: Config) -> dict[str, Any]:
    """Section 4: read latency over HTTP, one client, at the store's current size."""
    log(f"{store.kind}: queries at {store.cases:,} cases")
    out: dict[str, Any] = {"cases": store.cases}
    with server.sampling():
        for name, path in query_paths(TODAY).items():
            out[name] = measure_get(server, path, cfg.sizes.query_requests)
    out["plans"] = explain_plans(store, TODAY)
    return out


def measure_get(server: Server, path: str, requests: int) -> dict[str, Any]:
    """p50/p95 of one GET, sequentially (after a few warm-up requests)."""
    load("127.0.0.1", server.port, server.token, 1, 30, lambda n: ("GET", path, None), 5)
    result = load(
        "127.0.0.1", server.port, server.token, 1, 60, lambda n: ("GET", path, None), requests
    )
    out: dict[str, Any] = {
        "p50_ms": ms(result.latencies, 50),
        "p95_ms": ms(result.latencies, 95),
        "n": len(result.latencies),
    }
    if result.failures:
        out["failures"] = result.failures
        out["first_error"] = result.first_error
    return out


# -- 5. aggregate load --------------------------------------------------------------------------


def bench_aggregate(store: Store, cfg: Config) -> dict[str, Any]:
    """Section 5: load an agreement of many events (5,000), with a snapshot and without."""
    from domain.agreement import Agreement, AgreementKind
    from domain.meta import Ctx

    app = store.rt.app
    events = cfg.sizes.aggregate_events
    ctx = Ctx("bench", TODAY, datetime(2026, 11, 23, 10, tzinfo=UTC))
    partner = store.generator.partners[0].id if store.generator else uuid.uuid4()
    made = []
    for _ in range(2):
        a = Agreement.propose(
            ctx, reference=f"AGR-BENCH-{uuid.uuid4().hex[:6]}", kind=AgreementKind.TWINNING,
            title="Угода про побратимство (тест завантаження)", partner_ids=[partner],
        )  # fmt: skip
        a.approve(ctx, council_decision_ref="1/2026", council_decided_on=TODAY)
        a.sign(ctx, signed_on=TODAY, expires_on=TODAY + timedelta(days=3650))
        while a.version < events:
            if a.status == "suspended":
                a.resume(ctx, resumed_on=TODAY)
            else:
                a.suspend(ctx, suspended_on=TODAY, reason="Тест")
        stored = [app.mapper.to_stored_event(e) for e in a.collect_events()]
        data.write(app.recorder, stored)
        made.append(a.id)
    with_snapshot, without = made
    interval = 50
    snapshot_at = events - interval // 2  # the average distance from a snapshot
    app.take_snapshot(with_snapshot, version=snapshot_at)
    reps = cfg.sizes.aggregate_reps
    out: dict[str, Any] = {"events": events}
    for name, agreement_id in (("with_snapshot", with_snapshot), ("without_snapshot", without)):
        app.repository.get(agreement_id)  # warm up
        times = []
        for _ in range(reps):
            began = time.perf_counter()
            loaded = app.repository.get(agreement_id)
            times.append(time.perf_counter() - began)
        assert loaded.version == events
        out[name] = {"p50_ms": ms(times, 50), "p95_ms": ms(times, 95), "n": reps}
    out["with_snapshot"]["note"] = (
        f"snapshot at v{snapshot_at}: {events - snapshot_at} events replayed"
    )
    return out


# -- 6. memory ----------------------------------------------------------------------------------


def bench_memory(cfg: Config) -> dict[str, Any]:
    """Section 6: peak RSS of rebuilding every read model at two log sizes (PostgreSQL)."""
    out: dict[str, Any] = {}
    name = f"pobratym_bench_mem_{os.getpid()}"
    with pg_database(cfg.pg, name) as url:
        store = build_store("postgres", url, url)
        try:
            store.generator = data.Generator(store.rt.app.mapper, 200, seed=data.SEED + 1)
            for size in cfg.sizes.memory_sizes:
                while store.events < size:
                    chunk = max(100, min(5000, (size - store.events) // 5))
                    for _, written in data.generate(store.rt.app, chunk, store.generator, chunk):
                        store.events += written
                        store.cases += chunk
                log(f"memory: rebuilding every read model at {store.events:,} events")
                out[f"rebuild_{size}"] = rebuild_in_subprocess(store)
        finally:
            store.rt.close()
    small, big = (out[f"rebuild_{s}"]["peak_rss_mib"] for s in cfg.sizes.memory_sizes)
    out["growth_mib"] = round(big - small, 1)
    return out


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
    results["seconds"] = round(time.perf_counter() - started, 1)
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()[:2]]
    from benchmarks.report import table

    results["table"] = table(results)
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
        help="comma-separated sections: catchup,queries,writes,lag,aggregate,memory,serialisation",
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
