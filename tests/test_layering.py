"""The dependency rule of ARCHITECTURE.md, checked by import-linter contracts in pyproject.toml."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--config", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken" in result.stdout


def test_domain_uses_only_the_librarys_aggregate_base_and_no_infrastructure():
    forbidden = ("sqlalchemy", "litestar", "psycopg", "infrastructure", "interfaces", "application")
    offenders = []
    for path in (ROOT / "domain").rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            stripped = line.strip()
            if stripped.startswith(("import ", "from ")):
                module = stripped.split()[1]
                if module.split(".")[0] in forbidden:
                    offenders.append(f"{path.name}: {stripped}")
                # Of the event-sourcing library the domain may use only the aggregate base.
                if module.startswith("eventsourcing") and module != "eventsourcing.domain":
                    offenders.append(f"{path.name}: {stripped}")
    assert offenders == []
