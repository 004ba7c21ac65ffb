"""A worker process killed in the middle of a batch loses and duplicates nothing."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from projections.engine import ProjectionEngine
from tests.projections.helpers import (
    CountingProjection,
    counting_metadata,
    counts,
    register_partners,
)

ROOT = Path(__file__).resolve().parents[2]


def test_a_worker_killed_mid_batch_loses_and_duplicates_nothing(runtime, store_urls, tmp_path):
    counting_metadata.create_all(runtime.read_engine)
    register_partners(runtime, 200)  # batches of 50: the third one stalls at its 21st event
    marker = tmp_path / "stalled"
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.projections.crash_worker", *store_urls, "City 0120", marker],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert worker.poll() is None, "the worker ended before the stall"
            assert time.monotonic() < deadline, "the worker never reached the stall"
            time.sleep(0.02)
        time.sleep(0.05)  # the marker is written inside the batch's open transaction
        assert counts(runtime.read_engine) == (100, 100)  # two batches committed, one open
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == -signal.SIGKILL

    restarted = ProjectionEngine(runtime.app, runtime.read_engine, [CountingProjection])
    assert restarted.positions()["counting"] == runtime.app.position - 100
    restarted.catch_up()
    assert counts(runtime.read_engine) == (200, 200)
    assert restarted.positions()["counting"] == runtime.app.position
    with runtime.read_engine.begin() as conn:
        counting_metadata.drop_all(conn)
