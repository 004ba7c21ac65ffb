"""`pobratym projections run | rebuild | status` on the embedded SQLite store."""

import json

from click.testing import CliRunner

from infrastructure.bootstrap import build
from infrastructure.settings import Settings
from interfaces.cli import main
from tests.conftest import SECRET
from tests.projections.helpers import register_partners


def test_the_worker_catches_up_and_status_and_rebuild_report_it(tmp_path):
    env = {
        "POBRATYM_DATABASE_URL": f"sqlite:///{tmp_path / 'events.sqlite3'}",
        "POBRATYM_SECRET_KEY": SECRET,
        "POBRATYM_VAR_DIR": str(tmp_path),
    }
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"], env=env).exit_code == 0
    runtime = build(Settings.from_env(env))
    register_partners(runtime, 5)
    head = runtime.app.position
    runtime.close()

    status = runner.invoke(main, ["projections", "status", "--json"], env=env)
    assert status.exit_code == 0, status.output
    before = {s["name"]: s for s in json.loads(status.output)}
    assert before["partners"]["lag_events"] == head and before["partners"]["position"] == 0

    ran = runner.invoke(main, ["projections", "run", "--once"], env=env)
    assert ran.exit_code == 0, ran.output
    assert "caught up" in ran.output

    rebuilt = runner.invoke(main, ["projections", "rebuild", "partners", "--json"], env=env)
    assert rebuilt.exit_code == 0, rebuilt.output
    [report] = json.loads(rebuilt.output)
    assert (report["name"], report["events"], report["position"]) == ("partners", 5, head)

    shown = runner.invoke(main, ["projections", "rebuild", "agreements"], env=env)
    assert shown.exit_code == 0, shown.output
    assert "swapped in at position" in shown.output

    after = json.loads(runner.invoke(main, ["projections", "status", "--json"], env=env).output)
    assert {(s["position"], s["lag_events"], s["last_error"]) for s in after} == {(head, 0, None)}
    table = runner.invoke(main, ["projections", "status"], env=env)
    assert table.exit_code == 0 and "partners" in table.output

    unknown = runner.invoke(main, ["projections", "rebuild", "nope"], env=env)
    assert unknown.exit_code == 2
    assert "known: partners, agreements, deadlines" in unknown.output
