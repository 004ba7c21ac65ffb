"""Audit chain speed on PostgreSQL: seal and verify events/s (goal: verify >= 50,000 events/s).

    .venv/bin/python benchmarks/bench_audit_verify.py [--events 100000] [--per-save 1000]
        [--url postgresql://postgres@127.0.0.1:5432/postgres] [--rounds 3]

Writes the events through the application (many events per save, so generation is quick) into a
throwaway schema, which is dropped at the end.
"""

import argparse
import os
import time
import uuid
from datetime import date
from typing import Any

import psycopg

from application.audit_export import AuditExport, ExportFilter
from application.clock import FixedClock
from application.service import Caller
from domain.partner import Partner, PartnerKind
from infrastructure.audit_chain import audit_service, raw_log
from infrastructure.bootstrap import build
from infrastructure.migrations import upgrade
from infrastructure.settings import Settings
from interfaces.cli_audit_export import _write


def generate(rt, events: int, per_save: int) -> None:
    """Partners, each with a long run of AgreementLinked events, saved per_save at a time."""
    ctx = rt.partners.ctx(Caller(actor="bench", correlation_id="bench"))
    written = 0
    while written < events:
        partner = Partner.register(ctx, name=f"City {written}", country="PL", kind=PartnerKind.CITY)
        for _ in range(min(per_save, events - written) - 1):
            partner.link_agreement(ctx, uuid.uuid4())
        rt.app.save(partner)
        written += partner.version


def run(url: str, events: int, per_save: int, rounds: int) -> dict[str, Any]:
    """Seal, verify `rounds` times, read the head and export, in a throwaway schema on `url`."""
    schema = f"bench_audit_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    in_schema = f"{url}?schema={schema}"
    settings = Settings(
        database_url=in_schema, read_database_url=in_schema, secret_key="bench" * 10
    )
    try:
        upgrade(settings)
        rt = build(settings, FixedClock.on(date(2026, 11, 23)))
        try:
            began = time.perf_counter()
            generate(rt, events, per_save)
            gen = time.perf_counter() - began
            audit = audit_service(rt.app, rt.read_engine)
            rows: list[tuple[str, int, float]] = []
            began = time.perf_counter()
            sealed = audit.seal()
            rows.append(("seal", sealed.added, time.perf_counter() - began))
            for n in range(rounds):
                report = audit.verify()
                assert report.ok, report.problems
                rows.append((f"verify #{n + 1}", report.checked, report.seconds))
            began = time.perf_counter()
            head = audit.head()
            rows.append(("head (all sealed)", 0, time.perf_counter() - began))
            exporter = AuditExport(rt.app, raw_log(rt.app.recorder))
            began = time.perf_counter()
            with open(os.devnull, "w", encoding="utf-8") as sink:
                written = _write(exporter.lines(ExportFilter()), "jsonl", sink)
            rows.append(("export jsonl", written, time.perf_counter() - began))
        finally:
            rt.close()
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
    return {
        "events": events,
        "per_save": per_save,
        "generate_seconds": gen,
        "rows": rows,
        "head": head,
    }


def main(argv: list[str] | None = None) -> None:
    """Parse the flags, measure, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--per-save", type=int, default=250)
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    out = run(args.url, args.events, args.per_save, args.rounds)
    print(
        f"PostgreSQL, {args.events:,} events written in {out['generate_seconds']:.1f} s "
        f"({args.per_save} per save)"
    )
    print(f"{'step':<20}{'events':>10}{'seconds':>10}{'events/s':>12}")
    for step, count, seconds in out["rows"]:
        rate = f"{count / seconds:,.0f}" if count else "-"
        print(f"{step:<20}{count:>10,}{seconds:>10.3f}{rate:>12}")
    print(f"head {out['head']}")


if __name__ == "__main__":
    main()
