"""`pobratym reminders run | status` on the embedded SQLite store, with no server running."""

import json
from datetime import date

from click.testing import CliRunner

from application.clock import FixedClock
from infrastructure.bootstrap import build
from infrastructure.settings import Settings
from interfaces.cli import main
from tests.conftest import SECRET
from tests.reminders import scenario as sc
from tests.reminders.conftest import WEBHOOK_SECRET

AS_OF = "2026-11-23"


def test_run_issues_delivers_and_a_second_run_does_nothing(tmp_path, http_receiver):
    http_receiver.clear(fail_first=1)
    env = {
        "POBRATYM_DATABASE_URL": f"sqlite:///{tmp_path / 'events.sqlite3'}",
        "POBRATYM_SECRET_KEY": SECRET,
        "POBRATYM_VAR_DIR": str(tmp_path),
        "POBRATYM_WEBHOOK_URL": http_receiver.url,
        "POBRATYM_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "POBRATYM_SMTP_URL": "",
    }
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"], env=env).exit_code == 0
    runtime = build(Settings.from_env(env), FixedClock.on(date(2026, 11, 23)))
    sc.foi(runtime, date(2026, 11, 16))
    sc.agreement(runtime, signed_on=date(2021, 11, 20), auto_renew=True)  # renews 20.11.2026
    runtime.close()

    preview = runner.invoke(main, ["reminders", "run", "--as-of", AS_OF, "--dry-run"], env=env)
    assert preview.exit_code == 0, preview.output
    assert "renewed" in preview.output and "foi_due" in preview.output
    assert "3 reminder(s) issued, 4 older one(s) skipped" in preview.output
    assert http_receiver.requests == []

    ran = runner.invoke(main, ["reminders", "run", "--as-of", AS_OF, "--json"], env=env)
    assert ran.exit_code == 0, ran.output
    out = json.loads(ran.output)
    # A catch-up: the renewal supersedes the term's three windows, the due day the day before.
    assert out["reminders"]["counts"] == {
        "agreement_auto_renewed": 1,
        "foi_due": 1,
        "foi_third_working_day": 1,
        "renewed": 1,
    }
    assert (out["reminders"]["issued"], out["reminders"]["skipped"]) == (3, 4)
    assert out["channels"] == ["webhook"]
    assert out["delivery"]["retrying"] == {"webhook": 3}  # the receiver fails once each

    status = runner.invoke(main, ["reminders", "status", "--json"], env=env)
    assert status.exit_code == 0, status.output
    shown = json.loads(status.output)
    assert shown["counts"] == {"webhook": {"pending": 3}}
    assert {d["last_error"] for d in shown["open"]} == {"webhook answered HTTP 500"}
    text = runner.invoke(main, ["reminders", "status"], env=env)
    assert "webhook answered HTTP 500" in text.output and "next attempt" in text.output

    again = runner.invoke(main, ["reminders", "run", "--as-of", AS_OF], env=env)
    assert again.exit_code == 0, again.output
    assert "nothing due" in again.output
    assert http_receiver.accepted() == []  # the retries wait for their backoff

    future = runner.invoke(main, ["reminders", "run", "--as-of", "2999-01-01"], env=env)
    assert future.exit_code == 1 and "dry run" in future.output
