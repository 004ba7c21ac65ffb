"""Settings are validated at start: a bad value is one line naming the variable, exit status 2."""

import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from click.testing import CliRunner

from infrastructure.settings import ConfigurationError, Settings, ensure_dev_secret
from infrastructure.tokens import verify_token
from interfaces.cli import main
from tests.conftest import SECRET

REPO = Path(__file__).resolve().parents[2]

BAD_SETTINGS = [
    ("POBRATYM_TIMEZONE", "Europe/Kharkiv", "IANA time zone"),
    ("POBRATYM_DATABASE_URL", "mysql://db/pobratym", "postgresql://"),
    ("POBRATYM_DATABASE_URL", "sqlite://", "names a file"),
    ("POBRATYM_READ_DATABASE_URL", "oracle://db", "postgresql://"),
    ("POBRATYM_BLOCKED_COUNTRIES", "RU,XX", "XX is not an ISO 3166-1 alpha-2"),
    ("POBRATYM_READ_STATEMENT_TIMEOUT", "-1", "positive number of seconds"),
    ("POBRATYM_READ_WAIT_SECONDS", "soon", "positive number of seconds"),
    ("POBRATYM_READ_TIMEOUT", "0", "positive number of seconds"),
    ("POBRATYM_EMAIL_MODE", "weekly", "digest or each"),
    ("POBRATYM_SECRET_KEY", "hunter2hunter2", "at least 32"),
    ("POBRATYM_SMTP_URL", "mail.example.org", "smtp://"),
    ("POBRATYM_SMTP_URL", "smtp+insecure://u:pw@mail.example.org", "in clear"),
    ("POBRATYM_WEBHOOK_URL", "ftp://hooks.example.org", "http:// or https://"),
    ("POBRATYM_PUBLIC_URL", "pobratym.example.org", "http:// or https://"),
    ("POBRATYM_SMTP_FROM", "pobratym", "e-mail address"),
    ("POBRATYM_STAFF_EMAIL_DOMAIN", "staff@city", "mail domain"),
]


def _clean_env(tmp_path: Path, **values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POBRATYM_")}
    env.update(POBRATYM_HOME=str(tmp_path / "home"), POBRATYM_SECRET_KEY=SECRET, **values)
    return env


@pytest.mark.parametrize(("name", "value", "allowed"), BAD_SETTINGS)
def test_a_bad_setting_stops_the_command_with_one_line_and_status_2(tmp_path, name, value, allowed):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "interfaces.cli",
            "token",
            "issue",
            "--user",
            "u",
            "--role",
            "clerk",
        ],
        env={**_clean_env(tmp_path), name: value, "PYTHONPATH": str(REPO)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    [line] = result.stderr.strip().splitlines()
    assert name in line and allowed in line
    assert "Traceback" not in result.stderr
    if name == "POBRATYM_SECRET_KEY" or "pw" in value:
        assert value not in line  # a secret is never echoed


@pytest.mark.parametrize(("name", "value", "allowed"), BAD_SETTINGS[:3])
def test_the_asgi_factory_refuses_a_bad_setting_with_status_2(
    tmp_path, monkeypatch, capsys, name, value, allowed
):
    from interfaces.http.asgi import create

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("POBRATYM_SECRET_KEY", SECRET)
    monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as stopped:
        create()
    assert stopped.value.code == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert name in line and allowed in line


def test_a_comment_after_the_blocked_countries_in_dotenv_is_not_a_country(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / ".env").write_text(
        "POBRATYM_BLOCKED_COUNTRIES=RU,BY  # the sanctions list of the council's decision\n"
    )
    settings = Settings.from_env({"POBRATYM_HOME": str(home)})
    assert settings.blocked_countries == frozenset({"RU", "BY"})


def test_export_lines_and_quotes_in_dotenv_are_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(
        "# staff settings\n"
        "export POBRATYM_TIMEZONE=Europe/Warsaw\n"
        'export POBRATYM_EMAIL_MODE="each"   # one e-mail per reminder\n'
    )
    settings = Settings.from_env({})
    assert (settings.timezone, settings.email_mode) == ("Europe/Warsaw", "each")


def test_the_environment_wins_over_the_home_dotenv_which_wins_over_the_local_one(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    (tmp_path / ".env").write_text(
        f"POBRATYM_HOME={home}\nPOBRATYM_TIMEZONE=Europe/Warsaw\nPOBRATYM_EMAIL_MODE=each\n"
    )
    (home / ".env").write_text("POBRATYM_TIMEZONE=Europe/Vilnius\nPOBRATYM_SMTP_FROM=a@b.ua\n")
    settings = Settings.from_env({"POBRATYM_SMTP_FROM": "c@d.ua"})
    assert settings.home == home
    assert (settings.timezone, settings.email_mode, settings.smtp_from) == (
        "Europe/Vilnius",
        "each",
        "c@d.ua",
    )


def test_several_bad_settings_are_each_named(tmp_path):
    with pytest.raises(ConfigurationError) as refused:
        Settings.from_env({"POBRATYM_TIMEZONE": "Kyiv", "POBRATYM_EMAIL_MODE": "never"})
    assert [line.split(":")[0] for line in refused.value.lines] == [
        "POBRATYM_EMAIL_MODE",
        "POBRATYM_TIMEZONE",
    ]


def test_every_default_path_lies_in_the_home_made_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = Settings.from_env({"POBRATYM_HOME": "data"})
    assert settings.home == tmp_path / "data"
    assert settings.database_url == f"sqlite:///{tmp_path / 'data' / 'pobratym.sqlite3'}"
    assert settings.read_url == f"sqlite:///{tmp_path / 'data' / 'pobratym-read.sqlite3'}"


def test_token_issue_from_another_directory_finds_the_secret_in_pobratym_home(tmp_path):
    home = tmp_path / "srv" / "pobratym"
    secret = ensure_dev_secret(home)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("POBRATYM_")}
    env = {**env, "POBRATYM_HOME": str(home), "PYTHONPATH": str(REPO)}
    # A token is only issued for an existing account holding the role (issue 13).
    for args in (
        ["db", "upgrade"],
        ["users", "add", "uu", "--name", "U", "--email", "u@x.ua", "--role", "clerk"]
        + ["--reason", "test"],
    ):
        made = subprocess.run(
            [sys.executable, "-m", "interfaces.cli", *args],
            env=env,
            cwd=elsewhere,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert made.returncode == 0, made.stderr
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "interfaces.cli",
            "token",
            "issue",
            "--user",
            "uu",
            "--role",
            "clerk",
        ],
        env=env,
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert verify_token(secret, result.stdout.strip()).role == "clerk"


def test_version_prints_the_installed_release():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"pobratym, version {version('pobratym')}"
