"""3. lag: commit to read model at a steady rate (a `pobratym projections run` worker)."""

import signal
import subprocess
import threading
import time
from typing import Any

import psycopg

from application.commands.agreements import ResumeAgreement, SuspendAgreement
from benchmarks.harness import PYTHON, ROOT, TODAY, Config, ms, rate
from benchmarks.sections.writes import partition
from benchmarks.stores import Store


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
                saved = service.resume_agreement(
                    agreement_id, ResumeAgreement(resumed_on=TODAY), caller
                )
            else:
                saved = service.suspend_agreement(
                    agreement_id,
                    SuspendAgreement(suspended_on=TODAY, reason="Рішення виконкому"),
                    caller,
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
