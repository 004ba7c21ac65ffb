"""Rebuild read models in a fresh process and print one JSON line: rate, CPU time, peak RSS.

.venv/bin/python -m benchmarks.rebuild_worker --url URL [--read-url URL] [--names a,b]
    [--profile FILE]
"""

import argparse
import json
import time
from datetime import date
from pathlib import Path

from application.clock import FixedClock
from infrastructure.bootstrap import build
from infrastructure.settings import Settings
from projections.registry import PROJECTIONS
from projections.runtime.engine import ProjectionEngine


def high_water_mib() -> float:
    """This process's peak RSS (VmHWM: unlike ru_maxrss, not inherited from the parent)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    """Rebuild (every read model by default) and report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--read-url")
    parser.add_argument("--names", default="")
    parser.add_argument("--profile", help="write a pyinstrument text profile here")
    parser.add_argument("--batch", type=int, default=None, help="events per rebuild batch")
    args = parser.parse_args()
    settings = Settings(
        database_url=args.url, read_database_url=args.read_url or args.url, secret_key="x" * 48
    )
    rt = build(settings, FixedClock.on(date(2026, 11, 23)))
    try:
        engine = ProjectionEngine(rt.app, rt.read_engine, PROJECTIONS, auto_rebuild=False)
        if args.batch:
            engine.rebuild_batch_size = args.batch
        names = [n for n in args.names.split(",") if n] or list(engine.projections)
        head = engine.head()
        rss_before = high_water_mib()
        profiler = None
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.001)
            profiler.start()
        cpu = time.process_time()
        began = time.perf_counter()
        reports = engine.rebuild_all(names)
        seconds = time.perf_counter() - began
        cpu = time.process_time() - cpu
        if profiler is not None:
            profiler.stop()
            with open(args.profile, "w", encoding="utf-8") as f:
                f.write(profiler.output_text(unicode=False, color=False))
        applied = sum(r.events for r in reports)
        peak = high_water_mib()
        print(
            json.dumps(
                {
                    "projections": len(reports),
                    "log_events": head,
                    "applied": applied,
                    "seconds": round(seconds, 2),
                    "per_s": round(applied / seconds, 1),
                    "log_per_s": round(head / seconds, 1),
                    "cpu_seconds": round(cpu, 2),
                    "peak_rss_mib": round(peak, 1),
                    "rss_before_mib": round(rss_before, 1),
                    "batch_size": engine.rebuild_batch_size,
                    "per_projection": {r.name: r.events for r in reports},
                }
            )
        )
    finally:
        rt.close()


if __name__ == "__main__":
    main()
