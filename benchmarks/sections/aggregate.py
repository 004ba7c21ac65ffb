"""5. aggregate load: an agreement with thousands of events, with and without a snapshot."""

import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from benchmarks import data
from benchmarks.harness import TODAY, Config, ms
from benchmarks.stores import Store


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
