"""6. memory: peak RSS of the API under load and of rebuilds of two log sizes."""

import os
from typing import Any

from benchmarks import data
from benchmarks.harness import Config, log
from benchmarks.sections.catchup import rebuild_in_subprocess
from benchmarks.stores import build_store, pg_database


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
