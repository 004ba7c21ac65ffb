"""4. queries: p50/p95 of /deadlines, /renewals, list and search, with EXPLAIN plans."""

from collections.abc import Callable
from datetime import date
from typing import Any

from benchmarks.harness import TODAY, Config, log, ms
from benchmarks.http_load import load
from benchmarks.server import Server
from benchmarks.stores import Store


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

    from projections.deadlines import DeadlineFilter, list_deadlines
    from projections.reads.agreement_queries import AgreementFilter, list_agreements, renewals_due

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
