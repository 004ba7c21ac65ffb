"""A worker process killed in the middle of a batch loses and duplicates nothing."""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from application.commands.agreements import ProposeAgreement
from application.service import Caller
from projections.registry import PROJECTIONS
from projections.runtime.engine import ProjectionEngine
from tests.conftest import SECRET
from tests.projections.helpers import (
    CountingProjection,
    counting_metadata,
    counts,
    register_partners,
    snapshot,
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


TRIALS = int(os.environ.get("POBRATYM_CHAOS_TRIALS", "3"))
ALL_TABLES = tuple(t for p in PROJECTIONS for t in p.tables)


def test_workers_killed_at_random_points_of_a_catch_up_leave_what_a_clean_rebuild_gives(
    runtime, store_urls
):
    """Bounded: TRIALS kills (3 in make test, more in make chaos), each at a random position."""
    rng = random.Random()
    partners = register_partners(runtime, 1200)
    olena = Caller(actor="olena")
    for i in range(60):
        runtime.agreements.propose_agreement(
            ProposeAgreement(kind="memorandum", title=f"Угода {i}", partner_ids=[partners[i].id]),
            olena,
        )
    head = runtime.app.position
    engine = runtime.extras["projections"]
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "POBRATYM_DATABASE_URL": store_urls[0],
        "POBRATYM_READ_DATABASE_URL": store_urls[1],
        "POBRATYM_SECRET_KEY": SECRET,
    }
    kills = []
    for _ in range(TRIALS):
        start = min(engine.positions().values())
        target = start + rng.uniform(0.02, 0.6) * (head - start)
        worker = subprocess.Popen(
            [sys.executable, "-m", "interfaces.cli", "projections", "run", "--batch-size", "5"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 120
            while min(engine.positions().values()) < target and time.monotonic() < deadline:
                assert worker.poll() is None, "the worker ended on its own"
                time.sleep(0.005)
            time.sleep(rng.uniform(0, 0.05))  # land inside a batch, not just after a commit
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=30)
        kills.append(min(engine.positions().values()))

    engine.catch_up(timeout=120)
    assert set(engine.positions().values()) == {head}
    incremental = snapshot(runtime.read_engine, ALL_TABLES)
    for projection in PROJECTIONS:
        engine.rebuild(projection.name)
    assert snapshot(runtime.read_engine, ALL_TABLES) == incremental
    assert len(kills) == TRIALS and min(kills) < head, f"no kill landed before the end: {kills}"
