"""Server time of the staff console's pages at scale: goal p95 < 100 ms at 100,000 cases.

    .venv/bin/python -m benchmarks.bench_console [--cases 100000] [--rounds 50]

Generates the cases (benchmarks.data, as `make bench` does) into SQLite files in a temporary
directory, lets the read models catch up, signs in through the console, then times each page
through the app in process (TestClient: the server's time, no network) and prints p50/p95 and
the bytes of each page. Not a test: figures for docs/performance.md.
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from litestar.testing import TestClient

from application.commands.accounts import CreateAccount
from application.service import Caller
from benchmarks.stores import build_store, grow
from interfaces.http.app import create_app
from projections.reads import Listing
from projections.reads.agreement_queries import AgreementFilter
from projections.reads.foi_queries import FoiFilter
from projections.reads.shipment_queries import ShipmentFilter

PASSWORD = "a long and unusual phrase 42"


def percentile(values: list[float], pct: int) -> float:
    """The pct-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))]


def main() -> None:
    """Generate, catch up, sign in, time the pages, print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        store = build_store(
            "sqlite", f"sqlite:///{d / 'e.sqlite3'}", f"sqlite:///{d / 'r.sqlite3'}"
        )
        rt = store.rt
        grow(store, args.cases)
        began = time.perf_counter()
        rt.extras["projections"].catch_up(timeout=7200)
        print(f"read models caught up in {time.perf_counter() - began:.0f} s")
        saved = rt.accounts.create_account(
            CreateAccount(
                login="bench", full_name="Bench", email="b@city.kharkiv.ua", roles=["manager"]
            ),
            Caller(actor="admin"),
        )
        rt.identity.set_password(saved.case, PASSWORD, Caller(actor="admin"), must_change=False)
        foi = rt.reads.foi_requests(Listing(FoiFilter(), 1), False).items[0].id
        agreement = rt.reads.agreements(Listing(AgreementFilter(), 1)).items[0].id
        shipment = rt.reads.shipments(Listing(ShipmentFilter(), 1)).items[0].id
        pages = {
            "today (everyone's)": "/console/today?whose=all",
            "today (mine)": "/console/today",
            "FOI list": "/console/foi",
            "FOI search": "/console/foi?q=%D1%83%D0%B3%D0%BE%D0%B4",
            "agreements list": "/console/agreements",
            "agreements by status": "/console/agreements?status=signed",
            "partners list": "/console/partners",
            "shipments list": "/console/shipments",
            "FOI case page": f"/console/foi/{foi}",
            "agreement case page": f"/console/agreements/{agreement}",
            "shipment case page": f"/console/shipments/{shipment}",
            "audit events": "/console/audit",
        }
        with TestClient(create_app(rt)) as client:
            signed = client.post("/console/sign-in", data={"login": "bench", "password": PASSWORD})
            assert signed.status_code == 200, signed.status_code
            print(f"{'page':<24} {'p50 ms':>8} {'p95 ms':>8} {'bytes':>8}   ({args.cases:,} cases)")
            for name, path in pages.items():
                for _ in range(3):
                    client.get(path)
                times, size = [], 0
                for _ in range(args.rounds):
                    start = time.perf_counter()
                    r = client.get(path)
                    times.append((time.perf_counter() - start) * 1000)
                    assert r.status_code == 200, (path, r.status_code)
                    size = len(r.content)
                print(
                    f"{name:<24} {statistics.median(times):>8.1f} {percentile(times, 95):>8.1f}"
                    f" {size:>8}"
                )
        rt.close()


if __name__ == "__main__":
    main()
