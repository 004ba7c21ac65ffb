"""`pobratym reports partners | annual` on the embedded SQLite store with the demo data."""

import io
import json

import docx
from click.testing import CliRunner

from interfaces.cli import main
from tests.conftest import SECRET


def test_the_reports_from_the_shell(tmp_path):
    env = {
        "POBRATYM_DATABASE_URL": f"sqlite:///{tmp_path / 'events.sqlite3'}",
        "POBRATYM_SECRET_KEY": SECRET,
        "POBRATYM_VAR_DIR": str(tmp_path),
    }
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"], env=env).exit_code == 0
    assert runner.invoke(main, ["demo", "load"], env=env).exit_code == 0

    args = ["reports", "partners", "--as-of", "2018-12-05", "--relationship", "twin_city"]
    found = runner.invoke(main, args, env=env)
    assert found.exit_code == 0, found.output
    twins = json.loads(found.output)
    assert (twins["partners"], twins["countries"]) == (11, 7)

    out = tmp_path / "zvit.docx"
    args = ["reports", "annual", "--year", "2023", "--format", "docx", "--out", str(out)]
    made = runner.invoke(main, args, env=env)
    assert made.exit_code == 0, made.output
    document = docx.Document(io.BytesIO(out.read_bytes()))
    assert any("2023" in p.text for p in document.paragraphs)
    refused = runner.invoke(main, ["reports", "annual", "--format", "docx"], env=env)
    assert refused.exit_code != 0 and "--out" in refused.output
