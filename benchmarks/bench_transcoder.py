"""Serialisation: our msgspec mapper against eventsourcing's default JSON transcoder.

Run: .venv/bin/python -m benchmarks.bench_transcoder [--events N]
"""

import argparse
import time
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from eventsourcing.application import Application
from eventsourcing.persistence import JSONTranscoder, Mapper, Transcoding

from domain.agreement import Agreement
from domain.meta import Ctx
from domain.values import Signatory, Term
from infrastructure.transcoder import MsgspecMapper


class DateAsISO(Transcoding):
    """The default transcoder has no date support; this is the smallest fair addition."""

    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class _Any(Transcoding):
    def __init__(self, cls: type, name: str) -> None:
        self.type = cls
        self.name = name

    def encode(self, obj: Any) -> Any:
        return obj.__dict__

    def decode(self, data: Any) -> Any:
        obj = object.__new__(self.type)
        obj.__dict__.update(data)
        return obj


def sample_events(n: int) -> list[Any]:
    """A realistic mix: proposals, approvals, signatures, renewals, with Ukrainian text."""
    ctx = Ctx(
        "olena", date(2026, 11, 23), datetime(2026, 11, 23, 12, tzinfo=ZoneInfo("Europe/Kyiv"))
    )
    events: list[Any] = []
    i = 0
    while len(events) < n:
        i += 1
        a = Agreement.propose(
            ctx,
            reference=f"AGR-2026-{i:04d}",
            kind="memorandum",
            title="Меморандум про взаєморозуміння між Харковом та Цинциннаті",
            partner_ids=[__import__("uuid").uuid4()],
            areas=["culture", "education", "health"],
            languages=["uk", "en"],
            term=Term(years=5),
        )
        a.approve(ctx, council_decision_ref="1234/2023", council_decided_on=date(2023, 6, 1))
        a.sign(
            ctx,
            signed_on=date(2023, 9, 19),
            signatories=[Signatory("Kharkiv", "Ігор Терехов", "міський голова")],
        )
        a.renew(ctx, renewed_on=date(2026, 1, 10))
        events.extend(a.collect_events())
    return events[:n]


def default_mapper() -> Mapper:
    transcoder = JSONTranscoder()
    Application().register_transcodings(transcoder)
    transcoder.register(DateAsISO())
    from domain.meta import Meta

    transcoder.register(_Any(Meta, "meta"))
    transcoder.register(_Any(Term, "term"))
    transcoder.register(_Any(Signatory, "signatory"))
    return Mapper(transcoder=transcoder)


def measure(mapper: Mapper, events: list[Any]) -> tuple[float, float, float]:
    t0 = time.perf_counter()
    stored = [mapper.to_stored_event(e) for e in events]
    t1 = time.perf_counter()
    for s in stored:
        mapper.to_domain_event(s)
    t2 = time.perf_counter()
    size = sum(len(s.state) for s in stored) / len(stored)
    return len(events) / (t1 - t0), len(events) / (t2 - t1), size


def run(n: int) -> dict[str, dict[str, float]]:
    """Measure both mappers on the same events; return figures."""
    events = sample_events(n)
    results = {}
    for name, mapper in (
        ("default JSON", default_mapper()),
        ("msgspec", MsgspecMapper(transcoder=JSONTranscoder())),
    ):
        measure(mapper, events[:500])  # warm up
        enc, dec, size = measure(mapper, events)
        results[name] = {"encode_per_s": enc, "decode_per_s": dec, "bytes_per_event": size}
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=40_000)
    args = parser.parse_args()
    results = run(args.events)
    print(f"{'transcoder':<14}{'encode ev/s':>14}{'decode ev/s':>14}{'bytes/event':>13}")
    for name, r in results.items():
        print(
            f"{name:<14}{r['encode_per_s']:>14,.0f}{r['decode_per_s']:>14,.0f}{r['bytes_per_event']:>13,.0f}"
        )
    base, ours = results["default JSON"], results["msgspec"]
    print(
        f"msgspec: {ours['encode_per_s'] / base['encode_per_s']:.1f}x encode, "
        f"{ours['decode_per_s'] / base['decode_per_s']:.1f}x decode, "
        f"{1 - ours['bytes_per_event'] / base['bytes_per_event']:.0%} smaller"
    )


if __name__ == "__main__":
    main()
