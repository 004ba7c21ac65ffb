"""Audit exports round-trip (count and digests), stream, redact, and a third party checks them."""

import base64
import csv
import io
import itertools
import json
from datetime import timedelta

import pytest

from application.audit_export import AuditExport, ExportFilter, check_export
from domain.personal_data import REDACTED, redact
from infrastructure.audit_chain import audit_service, raw_log
from interfaces.cli_audit_export import CSV_COLUMNS, _write
from tests.audit.scenario import write_history


@pytest.fixture
def exported(runtime):
    """A history, sealed; returns (runtime, audit service, exporter, ids)."""
    ids = write_history(runtime)
    service = audit_service(runtime.app, runtime.read_engine)
    service.seal()
    return runtime, service, AuditExport(runtime.app, raw_log(runtime.app.recorder)), ids


def seals_of(service):
    return {s.position: s.digest.hex() for s in service.chain.read(-1, 10**9, 10**6)}


def test_a_jsonl_export_of_everything_round_trips_count_and_digests(exported):
    rt, service, exporter, _ = exported
    out = io.StringIO()
    written = _write(exporter.lines(ExportFilter()), "jsonl", out)
    lines = [json.loads(t) for t in out.getvalue().splitlines()]
    events = [x for x in lines if x["kind"] == "event"]
    assert written == len(events) == service.verify().checked
    assert {e["position"]: e["digest"] for e in events} == seals_of(service)
    assert lines[-1] == {"kind": "head", **service.head().as_dict()}
    report = check_export(lines, [service.head()])
    assert report.ok, report.problems
    assert report.starts_at_genesis
    assert report.content_checked == len(events) and report.links == 0


def test_each_record_says_who_did_what_when_and_why(exported):
    _, _, exporter, ids = exported
    signed = next(x for x in exporter.lines(ExportFilter()) if x.get("type") == "Signed")
    assert signed["case_id"] == str(ids["agreement"])
    assert signed["case_type"] == "Agreement"
    assert (signed["actor"], signed["note"], signed["correlation_id"]) == (
        "olena",
        "as decided",
        "req-1",
    )
    assert signed["facts"]["signed_on"] == "2023-06-29"
    assert signed["description"] == "Signed on 29.06.2023; expires on 29.06.2024"
    assert set(signed) >= {"position", "time", "version", "digest", "event_hash", "state_b64"}


def test_a_csv_export_round_trips_count_and_digests(exported):
    _, service, exporter, _ = exported
    out = io.StringIO()
    _write(exporter.lines(ExportFilter()), "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue().removeprefix("\ufeff"))))
    assert list(rows[0]) == CSV_COLUMNS
    assert {int(r["position"]): r["digest"] for r in rows} == seals_of(service)
    assert all(json.loads(r["facts"]) is not None for r in rows)


def test_a_case_export_links_its_events_and_checks_against_the_head(exported):
    _, service, exporter, ids = exported
    case = ids["agreement"]
    lines = list(exporter.lines(ExportFilter(case_id=case)))
    events = [x for x in lines if x["kind"] == "event"]
    assert {e["case_id"] for e in events} == {str(case)} and len(events) == 4
    assert any(x["kind"] == "link" for x in lines)
    assert check_export(lines).ok
    to_head = list(exporter.lines(ExportFilter(case_id=case, link_to_head=True)))
    report = check_export(to_head, [service.head()])
    assert report.ok, report.problems
    assert report.events == 4 and not report.starts_at_genesis


def test_a_time_range_export_holds_only_events_in_the_range(exported):
    _, _, exporter, _ = exported
    everything = [x for x in exporter.lines(ExportFilter()) if x["kind"] == "event"]
    times = sorted({x["time"] for x in everything})
    since, until = (everything[3]["time"], everything[-2]["time"])
    from datetime import datetime

    wanted = ExportFilter(since=datetime.fromisoformat(since), until=datetime.fromisoformat(until))
    lines = list(exporter.lines(wanted))
    got = [x["time"] for x in lines if x["kind"] == "event"]
    assert got and all(since <= t < until for t in got)
    assert len(got) == len([t for t in (x["time"] for x in everything) if since <= t < until])
    assert check_export(lines).ok
    late = ExportFilter(since=datetime.fromisoformat(times[-1]) + timedelta(days=1))
    assert [x["kind"] for x in exporter.lines(late)] == ["export"]


def test_an_export_is_streamed_batch_by_batch(exported):
    rt, _, _, _ = exported
    log = raw_log(rt.app.recorder)
    reads = []

    class Counting:
        def last_position(self):
            return log.last_position()

        def read(self, after, upto, limit):
            reads.append(after)
            return log.read(after, upto, limit)

    lines = AuditExport(rt.app, Counting(), batch=3).lines(ExportFilter())
    assert len(list(itertools.islice(lines, 4))) == 4
    assert len(reads) == 1


def test_a_doctored_export_fails_the_check(exported):
    _, _, exporter, _ = exported
    lines = list(exporter.lines(ExportFilter()))
    events = [i for i, x in enumerate(lines) if x.get("type") == "Signed"]
    doctored = [dict(x) for x in lines]
    doctored[events[0]]["facts"] = {**doctored[events[0]]["facts"], "signed_on": "2023-07-01"}
    assert any("signed_on" in p for p in check_export(doctored).problems)
    forged = [dict(x) for x in lines]
    state = base64.b64decode(forged[events[0]]["state_b64"]).replace(b"2023-06-29", b"2023-07-01")
    forged[events[0]]["state_b64"] = base64.b64encode(state).decode()
    assert any("do not hash" in p for p in check_export(forged).problems)
    dropped = lines[:5] + lines[6:]
    assert not check_export(dropped).ok


def test_foi_requester_contact_details_never_leave_in_an_export(memory_runtime):
    from interfaces.demo import load

    for _ in load(memory_runtime):
        pass
    exporter = AuditExport(memory_runtime.app, raw_log(memory_runtime.app.recorder))
    out = io.StringIO()
    _write(exporter.lines(ExportFilter()), "jsonl", out)
    lines = [json.loads(t) for t in out.getvalue().splitlines()]
    checked = 0
    for record in lines:
        if record["kind"] != "event":
            continue
        stored = base64.b64decode(record["state_b64"]) if record["state_b64"] else b""
        requester = (record["facts"] or {}).get("requester")
        if not isinstance(requester, dict):
            continue
        checked += 1
        assert record["state_b64"] is None and not stored
        for name in ("email", "phone", "postal_address"):
            assert requester.get(name) in (None, "", REDACTED)
    raw = [
        memory_runtime.app.mapper.to_domain_event(n)
        for n in memory_runtime.app.recorder.select_notifications(None, 10**6)
    ]
    given = [
        value
        for e in raw
        if getattr(e, "requester", None) is not None
        for value in (getattr(e.requester, "email", None), getattr(e.requester, "phone", None))
        if value
    ]
    assert checked and checked == len([e for e in raw if getattr(e, "requester", None)])
    assert not [v for v in given if v in out.getvalue()]
    report = check_export(lines)
    assert report.ok and report.linkage_only == len([x for x in lines if x.get("redacted")])


def test_contact_details_are_redacted_under_a_requester_and_anywhere_in_foi_events():
    facts = {
        "requester": {"name": "Editor", "email": "ed@example.org", "phone": None, "kind": "media"},
        "channel": "email",
    }
    assert redact(facts, "Agreement") == (
        {
            "requester": {"name": "Editor", "email": REDACTED, "phone": None, "kind": "media"},
            "channel": "email",
        },
        ["requester.email"],
    )
    assert redact({"reply_to": {"postal_address": "Sumska 64"}}, "FoiRequest")[1] == [
        "reply_to.postal_address"
    ]
    assert redact({"email": "a@b.c"}, "Partner") == ({"email": "a@b.c"}, [])


@pytest.mark.parametrize(
    "field, value",
    [
        ("description", "Signed on 01.07.2023; expires on 29.06.2024"),
        ("type", "Terminated"),
        ("case_type", "Partner"),
        ("redacted", ["facts.title"]),
    ],
)
def test_an_edited_description_type_or_case_type_fails_the_check(exported, field, value):
    _, _, exporter, _ = exported
    lines = list(exporter.lines(ExportFilter()))
    assert check_export(lines).ok
    signed = next(i for i, x in enumerate(lines) if x.get("type") == "Signed")
    doctored = [dict(x) for x in lines]
    doctored[signed][field] = value
    report = check_export(doctored)
    assert not report.ok
    assert any(field in p for p in report.problems), report.problems


def test_a_dropped_fact_and_a_wrong_head_count_fail_the_check(exported):
    _, _, exporter, _ = exported
    lines = list(exporter.lines(ExportFilter()))
    signed = next(i for i, x in enumerate(lines) if x.get("type") == "Signed")
    dropped = [dict(x) for x in lines]
    dropped[signed]["facts"] = {
        k: v for k, v in dropped[signed]["facts"].items() if k != "expires_on"
    }
    assert any("'expires_on' is missing" in p for p in check_export(dropped).problems)
    miscounted = [dict(x) for x in lines]
    miscounted[-1]["count"] += 1
    assert any("count" in p for p in check_export(miscounted).problems)


def test_the_export_line_lists_the_fields_the_check_covers_and_those_it_does_not(exported):
    _, _, exporter, _ = exported
    first = next(iter(exporter.lines(ExportFilter())))
    assert {"description", "type", "case_type", "facts", "note"} <= set(first["covered"])
    assert any("decode_error" in x for x in first["not_covered"])
