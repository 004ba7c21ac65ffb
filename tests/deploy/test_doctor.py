"""`pobratym doctor`: one line per check, exit 0 when ready to serve, non-zero with what to fix."""

import subprocess
import sys
from pathlib import Path

from alembic import command
from click.testing import CliRunner

from infrastructure.migrations import alembic_config
from infrastructure.readdb import create_read_engine
from interfaces.cli import main
from tests.conftest import SECRET

REPO = Path(__file__).resolve().parents[2]


def _env(tmp_path: Path, events_url: str, read_url: str) -> dict[str, str]:
    return {
        "POBRATYM_HOME": str(tmp_path / "home"),
        "POBRATYM_DATABASE_URL": events_url,
        "POBRATYM_READ_DATABASE_URL": read_url,
        "POBRATYM_SECRET_KEY": SECRET,
    }


def test_doctor_finds_a_migrated_installation_ready(tmp_path, monkeypatch, store_urls):
    monkeypatch.chdir(tmp_path)
    env = _env(tmp_path, *store_urls)
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"], env=env).exit_code == 0
    result = runner.invoke(main, ["doctor"], env=env)
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    checks = [line.split(":")[0].split(maxsplit=1)[1] for line in lines]
    assert checks == [
        "configuration",
        "time zone",
        "secret",
        "event store",
        "read models",
        "e-mail",
        "webhook",
    ]
    assert all(line.startswith("ok ") for line in lines)


def test_doctor_names_read_models_behind_the_code(tmp_path, monkeypatch, store_urls):
    monkeypatch.chdir(tmp_path)
    env = _env(tmp_path, *store_urls)
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"], env=env).exit_code == 0
    engine = create_read_engine(store_urls[1])
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0007_search_indexes")
    engine.dispose()
    result = runner.invoke(main, ["doctor"], env=env)
    assert result.exit_code == 1
    [problem] = [line for line in result.output.splitlines() if line.startswith("PROBLEM")]
    assert "read models: at 0007_search_indexes" in problem and "pobratym db upgrade" in problem


def test_doctor_reports_an_unreachable_postgresql_and_fails(tmp_path):
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("POBRATYM_")}
    env.update(
        _env(tmp_path, "postgresql://pobratym:pw@127.0.0.1:1/pobratym", ""),
        PYTHONPATH=str(REPO),
    )
    result = subprocess.run(
        [sys.executable, "-m", "interfaces.cli", "doctor"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=30,  # the connect timeout is 3 s per check
    )
    assert result.returncode == 1
    problems = [line for line in result.stdout.splitlines() if line.startswith("PROBLEM")]
    assert problems and "event store: cannot connect to PostgreSQL at 127.0.0.1:1" in problems[0]
    assert "pw" not in result.stdout and "Traceback" not in result.stderr


def test_doctor_reports_a_bad_setting_as_a_problem(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = _env(tmp_path, "memory", "sqlite://") | {"POBRATYM_TIMEZONE": "Kyiv"}
    result = CliRunner().invoke(main, ["doctor"], env=env)
    assert result.exit_code == 1
    assert result.output.startswith("PROBLEM  configuration: POBRATYM_TIMEZONE: 'Kyiv'")
