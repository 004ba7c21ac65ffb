"""The systemd units in deploy/: valid for systemd (`systemd-analyze verify`) and hardened."""

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import IN_CI

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
SERVICES = ("pobratym-api.service", "pobratym-projections.service", "pobratym-reminders.service")
UNITS = (*SERVICES, "pobratym-reminders.timer")
SYSTEM_UNITS = Path("/usr/lib/systemd/system")
HARDENING = {
    "User": "pobratym",
    "EnvironmentFile": "/etc/pobratym/pobratym.env",
    "NoNewPrivileges": "yes",
    "ProtectSystem": "strict",
    "ProtectHome": "yes",
    "PrivateTmp": "yes",
    "ReadWritePaths": "/var/lib/pobratym",
}


def _service(name: str) -> dict[str, str]:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DEPLOY / name)
    return dict(parser["Service"])


def test_systemd_accepts_every_unit(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None or not SYSTEM_UNITS.is_dir():
        if IN_CI:
            pytest.fail("systemd-analyze is missing: apt-get install systemd")
        pytest.skip("systemd-analyze is not installed (Debian: apt-get install systemd)")
    # A root holding the units, systemd's own units and the installed command they start.
    root = tmp_path / "root"
    shutil.copytree(SYSTEM_UNITS, root / SYSTEM_UNITS.relative_to("/"), symlinks=True)
    command = root / "opt/pobratym/venv/bin/pobratym"
    command.parent.mkdir(parents=True)
    command.write_text("#!/bin/sh\n")
    command.chmod(0o755)
    units = root / "etc/systemd/system"
    units.mkdir(parents=True)
    for name in UNITS:
        shutil.copy(DEPLOY / name, units / name)
    result = subprocess.run(
        [analyze, "verify", "--man=no", f"--root={root}", *(str(units / n) for n in UNITS)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    # verify exits 0 on an unknown key (a misspelt hardening option): any message is a failure.
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


@pytest.mark.parametrize("name", SERVICES)
def test_every_service_runs_hardened_as_its_own_user(name):
    service = _service(name)
    assert {key: service.get(key) for key in HARDENING} == HARDENING


def test_the_long_running_services_restart_but_not_on_a_bad_setting():
    for name in ("pobratym-api.service", "pobratym-projections.service"):
        service = _service(name)
        assert service["Restart"] in {"on-failure", "always"}
        assert service["RestartPreventExitStatus"] == "2"  # a bad setting: restarting won't help
    assert _service("pobratym-reminders.service")["Type"] == "oneshot"
