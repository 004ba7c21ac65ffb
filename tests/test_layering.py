"""The dependency rule of ARCHITECTURE.md, checked by import-linter contracts in pyproject.toml.

Each contract is shown to be able to fail: a throwaway module with a forbidden import is added
to a copy of the source tree, and lint-imports must then name that contract as broken (and only
that one); the unchanged copy passes.
"""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("domain", "application", "infrastructure", "interfaces", "projections")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

DOMAIN = "Domain is pure: it imports no other layer"
APPLICATION = "Application knows no HTTP, no SQL, no CLI, no read models"
PROJECTIONS = "Projections depend on the domain only, never on the ways in"
CYCLES = "No import cycles between the modules of a layer"
CONTRACTS = (DOMAIN, APPLICATION, PROJECTIONS, CYCLES)


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    """lint-imports over the tree at `root` (its packages first on the path)."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", str(root / "pyproject.toml")],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def verdicts(output: str) -> dict[str, str]:
    """Each contract's verdict (KEPT or BROKEN) as lint-imports printed it."""
    found = {}
    for line in output.splitlines():
        for name in CONTRACTS:
            if line.startswith(name + " "):
                found[name] = line.rsplit(" ", 1)[-1]
    return found


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the layers and the contracts, for throwaway modules."""
    root = tmp_path_factory.mktemp("tree")
    for layer in LAYERS:
        shutil.copytree(
            ROOT / layer, root / layer, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


def test_import_contracts_hold():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert verdicts(result.stdout) == dict.fromkeys(CONTRACTS, "KEPT")


def test_the_copied_tree_keeps_every_contract(tree: Path):
    result = lint(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert verdicts(result.stdout) == dict.fromkeys(CONTRACTS, "KEPT")


BREACHES = {
    "domain imports sqlalchemy": (DOMAIN, {"domain/_breach.py": "import sqlalchemy\n"}),
    "domain imports msgspec": (DOMAIN, {"domain/_breach.py": "import msgspec\n"}),
    "domain imports the application": (
        DOMAIN,
        {"domain/_breach.py": "import application.errors\n"},
    ),
    "application imports litestar": (
        APPLICATION,
        {"application/_breach.py": "import litestar\n"},
    ),
    "application imports sqlalchemy": (
        APPLICATION,
        {"application/_breach.py": "import sqlalchemy\n"},
    ),
    "application imports a read model": (
        APPLICATION,
        {"application/_breach.py": "import projections.paging\n"},
    ),
    "application imports the interfaces": (
        APPLICATION,
        {"application/_breach.py": "import interfaces\n"},
    ),
    "projections import the application": (
        PROJECTIONS,
        {"projections/_breach.py": "import application.errors\n"},
    ),
    "projections import the interfaces": (
        PROJECTIONS,
        {"projections/_breach.py": "import interfaces\n"},
    ),
    "two projection modules import each other": (
        CYCLES,
        {
            "projections/_breach_a.py": "import projections._breach_b\n",
            "projections/_breach_b.py": "import projections._breach_a\n",
        },
    ),
}


@pytest.mark.parametrize("breach", list(BREACHES))
def test_a_forbidden_import_breaks_its_contract(tree: Path, breach: str):
    contract, modules = BREACHES[breach]
    try:
        for path, text in modules.items():
            (tree / path).write_text(text, encoding="utf-8")
        result = lint(tree)
    finally:
        for path in modules:
            (tree / path).unlink()
    assert result.returncode != 0
    expected = dict.fromkeys(CONTRACTS, "KEPT") | {contract: "BROKEN"}
    assert verdicts(result.stdout) == expected, result.stdout + result.stderr


def eventsourcing_beyond_domain(root: Path) -> list[str]:
    """The domain's imports of eventsourcing other than its aggregate base (any nesting)."""
    offenders = []
    for path in sorted((root / "domain").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            else:
                continue
            for module in modules:
                library = module.split(".")[0] == "eventsourcing"
                if library and module != "eventsourcing.domain":
                    where = path.relative_to(root).as_posix()
                    offenders.append(f"{where}:{node.lineno}: {module}")
    return offenders


def test_the_domain_uses_only_the_event_sourcing_librarys_aggregate_base(tree: Path):
    assert eventsourcing_beyond_domain(ROOT) == []
    breach = tree / "domain" / "_breach.py"
    try:
        breach.write_text("from eventsourcing.persistence import Recorder\n", encoding="utf-8")
        found = eventsourcing_beyond_domain(tree)
    finally:
        breach.unlink()
    assert found == ["domain/_breach.py:1: eventsourcing.persistence"]
