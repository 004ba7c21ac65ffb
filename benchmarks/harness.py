"""Configuration of a benchmark run and the small helpers every section uses."""

import os
import platform
import socket
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

from benchmarks import data

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SECRET = "bench-secret-" + "k" * 48
TODAY = data.TODAY


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
