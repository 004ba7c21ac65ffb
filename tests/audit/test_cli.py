"""`pobratym audit ...` as an operator and a third party run it."""

import csv
import io
import json
from datetime import date

import pytest
from click.testing import CliRunner

from application.clock import FixedClock
from infrastructure.bootstrap import build
from infrastructure.migrations import upgrade
from infrastructure.settings import Settings
from interfaces.cli import main
from tests.audit.scenario import write_history
from tests.audit.tamper import Tamper
from tests.conftest import SECRET


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """A CLI runner on a SQLite store holding a short history; returns (invoke, tamper)."""
    monkeypatch.chdir(tmp_path)
    env = {
        "POBRATYM_DATABASE_URL": f"sqlite:///{tmp_path / 'var' / 'events.sqlite3'}",
        "POBRATYM_SECRET_KEY": SECRET,
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    settings = Settings.from_env()
    upgrade(settings)
    rt = build(settings, FixedClock.on(date(2026, 11, 23)))
    write_history(rt)
    tamper = Tamper(rt)
    rt.close()
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, ["audit", *args], catch_exceptions=False)

    return invoke, tamper


def test_verify_passes_seals_and_prints_the_head(cli):
    invoke, _ = cli
    first = invoke("verify")
    assert first.exit_code == 0, first.output
    assert first.output.startswith("OK: 12 events checked, 0 against their seals")
    assert "sealed 12 new position(s)" in first.output
    again = json.loads(invoke("verify", "--json").output)
    assert again["ok"] and again["sealed"] == 12 and again["newly_sealed"] == 0
    head = invoke("head").output.strip()
    assert head == f"{again['head']['position']}:{again['head']['digest']}"


def test_verify_exits_non_zero_naming_the_first_tampered_position(cli):
    invoke, tamper = cli
    assert invoke("seal").exit_code == 0
    position = tamper.positions()[3]
    tamper.flip_state_byte(position)
    result = invoke("verify")
    assert result.exit_code == 1
    assert f"TAMPERED: first bad position {position} (modified)" in result.output
    report = json.loads(invoke("verify", "--json").output)
    assert (report["first_bad_position"], report["reason"]) == (position, "modified")
    assert invoke("verify").exit_code == 1  # a failed verification seals nothing


def test_verify_starts_from_a_copied_head_and_checks_expected_heads(cli):
    invoke, tamper = cli
    invoke("seal")
    head = invoke("head").output.strip()
    result = invoke("verify", "--from-head", head, "--expect-head", head, "--json")
    assert json.loads(result.output)["checked"] == 0
    wrong = head[:-1] + ("0" if head[-1] != "0" else "1")
    result = invoke("verify", "--expect-head", wrong)
    assert result.exit_code == 1 and "head-mismatch" in result.output
    bad = invoke("verify", "--from-head", "12:nothex")
    assert bad.exit_code == 2 and "expected POSITION:64 hex digits" in bad.output


def test_an_export_file_is_checked_offline(cli, tmp_path):
    invoke, _ = cli
    invoke("seal")
    head = invoke("head").output.strip()
    out = tmp_path / "audit.jsonl"
    assert invoke("export", "--output", str(out)).exit_code == 0
    assert len(out.read_text().splitlines()) == 14  # export line, 12 events (2 name claims), head
    checked = invoke("check-export", str(out), "--head", head)
    assert checked.exit_code == 0, checked.output
    assert checked.output.startswith("OK: 12 events (12 recomputed from their stored bytes")
    assert "14 lines read" in checked.output
    said = {line.split(": ", 1)[0]: line for line in checked.output.splitlines()}
    for name in ("description", "type", "case_type", "facts"):
        assert name in said["checked against the stored bytes"]
    assert said["not checked"].startswith("not checked: decode_error")
    doctored = out.read_text().replace('"olena"', '"someone"', 1)
    out.write_text(doctored)
    failed = invoke("check-export", str(out))
    assert failed.exit_code == 1 and "actor differs" in failed.output


def test_exports_go_to_stdout_as_csv_and_filter_by_case_and_time(cli, tmp_path):
    invoke, tamper = cli
    csv_out = invoke("export", "--format", "csv")
    assert csv_out.exit_code == 0
    assert len(csv_out.output.splitlines()) == 13
    none = invoke("export", "--from", "2999-01-01")
    assert [json.loads(t)["kind"] for t in none.output.splitlines()] == ["export"]
    case = tamper.row(tamper.positions()[1])[0]  # the first partner (after its name claim)
    one = invoke("export", "--case", case)
    kinds = [json.loads(t)["kind"] for t in one.output.splitlines()]
    assert kinds.count("event") == 2  # registered, then named in the agreement
    assert invoke("export", "--to", "not-a-date").exit_code == 2


def test_a_csv_export_for_excel_has_a_bom_and_semicolons(cli):
    invoke, _ = cli
    out = invoke("export", "--format", "csv", "--delimiter", "semicolon")
    assert out.exit_code == 0 and out.output.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(out.output.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0][0] == "position" and len(rows) == 13
    assert all(len(r) == len(rows[0]) for r in rows)
    assert invoke("export", "--format", "csv", "--delimiter", "tab").exit_code == 2
