"""The table `make bench` prints (and README's Performance section shows), from results.json.

.venv/bin/python -m benchmarks.report [benchmarks/results.json]
"""

import json
import sys
from pathlib import Path
from typing import Any

WIDTH = 52


def _get(d: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(d, dict) or key not in d:
            return None
        d = d[key]
    return d


def _n(value: Any, digits: int = 0) -> str:
    if value is None:
        return "-"
    if isinstance(value, int | float):
        return f"{value:,.{digits}f}"
    return str(value)


def _lat(d: Any, a: str = "p50_ms", b: str = "p99_ms") -> str:
    if not isinstance(d, dict) or d.get(a) is None:
        return ""
    return f"{_n(d.get(a), 1)} / {_n(d.get(b), 1)} ms"


def _cell(d: Any, key: str = "per_s", lat: bool = True) -> str:
    if not isinstance(d, dict):
        return "-"
    text = _n(d.get(key))
    if lat and d.get("p50_ms") is not None:
        text += f"  ({_lat(d)})"
    if d.get("failures"):
        text += f"  [{d['failures']} failed]"
    return text


def _ratio(a: Any, b: Any) -> str:
    if not a or not b:
        return "-"
    return f"{a / b:.2f}x"


def table(r: dict[str, Any]) -> str:
    """A plain-text table of every figure beside its baseline."""
    pg, lite = r.get("postgres", {}), r.get("sqlite", {})
    m = r.get("machine", {})
    lines: list[str] = []
    cols = f"{'':<{WIDTH}}{'PostgreSQL':<34}{'SQLite':<30}"

    def row(label: str, a: str, b: str = "") -> None:
        lines.append(f"{label:<{WIDTH}}{a:<34}{b:<30}".rstrip())

    def head(title: str) -> None:
        lines.append("")
        lines.append(title)

    lines.append(
        f"Pobratym benchmarks ({r.get('mode')}, {r.get('started_at')}): {m.get('nproc')} x "
        f"{m.get('cpu')}, {m.get('ram_gib')} GiB RAM, PostgreSQL {pg.get('server_version', '-')}"
        f", SQLite {lite.get('version', '-')}, Python {m.get('python')}"
    )
    lines.append(
        f"data: PostgreSQL {_n(_get(pg, 'data', 'cases'))} cases / "
        f"{_n(_get(pg, 'data', 'events'))} events; SQLite {_n(_get(lite, 'data', 'cases'))} "
        f"cases / {_n(_get(lite, 'data', 'events'))} events; load average "
        f"{m.get('load_average_at_start')} -> {m.get('load_average_at_end')} (shared machine)"
    )
    lines.append(cols.rstrip())

    head("1. writes: commands/s  (p50 / p99 latency)")
    wp, ws = pg.get("writes", {}), lite.get("writes", {})
    for key, label in (
        ("raw_insert_commit_x1", "raw INSERT+COMMIT of the same bytes, 1 thread"),
        ("raw_insert_commit_x8", "raw INSERT+COMMIT of the same bytes, 8 threads"),
        ("library_loop_x1", "eventsourcing get-command-save loop, 1 thread"),
        ("library_loop_x8", "eventsourcing get-command-save loop, 8 threads"),
        ("app_layer_x1", "our application layer, 1 thread"),
        ("app_layer_x8", "our application layer, 8 threads"),
        ("http_x1", "our HTTP API, 1 client"),
        ("http_x8", "our HTTP API, 8 clients"),
        ("http_x32", "our HTTP API, 32 clients"),
    ):
        row(f"  {label}", _cell(wp.get(key)), _cell(ws.get(key)))
    row(
        "  HTTP x8 / library loop x8 (goal >= 0.6)",
        _ratio(_get(wp, "http_x8", "per_s"), _get(wp, "library_loop_x8", "per_s")),
        _ratio(_get(ws, "http_x8", "per_s"), _get(ws, "library_loop_x8", "per_s")),
    )

    head("2. catch-up: events/s")
    cp, cs = pg.get("catchup", {}), lite.get("catchup", {})
    row(
        "  read + decode the log (baseline)",
        _cell(cp.get("read_decode")),
        _cell(cs.get("read_decode")),
    )
    row(
        "  eventsourcing ProjectionRunner, simple model",
        _cell(cp.get("library_runner")),
        "n/a (cannot follow SQLite)",
    )
    row(
        "  our engine, the same simple model",
        _cell(cp.get("engine_simple")),
        _cell(cs.get("engine_simple")),
    )
    ea, eb = cp.get("engine_all", {}), cs.get("engine_all", {})
    row(
        "  our engine, every read model (events applied/s)",
        _n(ea.get("per_s")) + (f"  ({ea.get('projections')} models)" if ea else ""),
        _n(eb.get("per_s")) + (f"  ({eb.get('projections')} models)" if eb else ""),
    )
    row("    the same, log events/s", _n(ea.get("log_per_s")), _n(eb.get("log_per_s")))
    row(
        "  simple model: engine / runner (goal >= 10x)",
        _ratio(_get(cp, "engine_simple", "per_s"), _get(cp, "library_runner", "per_s")),
    )
    row(
        "  every model applied/s / runner (goal >= 10x)",
        _ratio(ea.get("per_s"), _get(cp, "library_runner", "per_s")),
    )
    row(
        "  simple model: engine / read+decode (goal >= 0.25)",
        _ratio(_get(cp, "engine_simple", "per_s"), _get(cp, "read_decode", "per_s")),
        _ratio(_get(cs, "engine_simple", "per_s"), _get(cs, "read_decode", "per_s")),
    )
    row(
        "  every model applied/s / read+decode",
        _ratio(ea.get("per_s"), _get(cp, "read_decode", "per_s")),
        _ratio(eb.get("per_s"), _get(cs, "read_decode", "per_s")),
    )

    head("3. lag, commit to every read model, 100 commands/s (goal p99 < 100 ms)")
    lag = pg.get("lag", {})
    row(
        "  p50 / p99 / max",
        (
            _lat(lag.get("all_read_models"))
            + f" / {_n(_get(lag, 'all_read_models', 'max_ms'), 1)} ms"
        )
        if lag
        else "-",
    )
    if lag:
        worst = max((v or 0, k) for k, v in lag.get("per_projection_p99_ms", {}).items())
        row("  slowest read model, p99", f"{worst[1]}: {worst[0]:.1f} ms")

    sizes = [k for k in set(pg) | set(lite) if k.startswith("queries_")]
    for size_key in sorted(sizes, key=lambda k: int(k.removeprefix("queries_").removesuffix("k"))):
        qp, qs = pg.get(size_key, {}), lite.get(size_key, {})
        cases = qp.get("cases") or qs.get("cases")
        head(f"4. queries over HTTP at {_n(cases)} cases: p50 / p95 (goal p95 < 20 ms)")
        for name in (
            "deadlines",
            "deadlines_overdue",
            "renewals",
            "list",
            "list_status",
            "search",
            "search_rare",
        ):
            if name in qp or name in qs:
                row(
                    f"  {name}",
                    _lat(qp.get(name), "p50_ms", "p95_ms") or "-",
                    _lat(qs.get(name), "p50_ms", "p95_ms") or "-",
                )

    head("5. aggregate load, an agreement of 5,000 events: p50 / p95 (goal < 5 ms)")
    ap, al = pg.get("aggregate_load", {}), lite.get("aggregate_load", {})
    row(
        "  with a snapshot (25 events after it)",
        _lat(ap.get("with_snapshot"), "p50_ms", "p95_ms"),
        _lat(al.get("with_snapshot"), "p50_ms", "p95_ms"),
    )
    row(
        "  without snapshots (5,000 events replayed)",
        _lat(ap.get("without_snapshot"), "p50_ms", "p95_ms"),
        _lat(al.get("without_snapshot"), "p50_ms", "p95_ms"),
    )

    head("6. memory: peak RSS")
    rp, rl = pg.get("api_peak_rss_mib", {}), lite.get("api_peak_rss_mib", {})
    row(
        "  API worker under load (one / all workers)",
        f"{_n(rp.get('worker'))} / {_n(rp.get('all_workers'))} MiB" if rp else "-",
        f"{_n(rl.get('worker'))} / {_n(rl.get('all_workers'))} MiB" if rl else "-",
    )
    mem = pg.get("memory", {})
    for key in sorted(
        (k for k in mem if k.startswith("rebuild_")), key=lambda k: int(k.split("_")[1])
    ):
        v = mem[key]
        row(
            f"  rebuild every read model, {_n(v.get('log_events'))} events",
            f"{_n(v.get('peak_rss_mib'))} MiB  ({_n(v.get('per_s'))} applied ev/s)",
        )
    if "growth_mib" in mem:
        quick = r.get("mode") == "quick"
        row(
            "  growth between the two sizes (goal: flat)",
            f"{mem['growth_mib']:+.1f} MiB" + ("  (quick: small logs, see full)" if quick else ""),
        )

    head("7. serialisation (agreement events): encode / decode per s, bytes")
    for name, v in r.get("serialisation", {}).items():
        row(
            f"  {name}",
            f"{_n(v['encode_per_s'])} / {_n(v['decode_per_s'])} / {_n(v['bytes_per_event'])} B",
        )
    return "\n".join(lines)


def main() -> None:
    """Print the table of a results file."""
    path = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent / "results.json")
    print(table(json.loads(path.read_text())))


if __name__ == "__main__":
    main()
