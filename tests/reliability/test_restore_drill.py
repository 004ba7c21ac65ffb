"""The restore drill of docs/operations.md, performed: dump, restore, verify, rebuild, compare."""

import json
import os
import subprocess
import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import select

from application.commands.partners import RegisterPartner
from application.service import Caller
from infrastructure.bootstrap import build
from infrastructure.readdb import create_read_engine
from projections.registry import PROJECTIONS
from tests.conftest import make_settings
from tests.reliability.support import ClusterUnavailable, _pg_bin, cli, server_env

pytestmark = pytest.mark.postgres

EVENT_STORE_TABLES = ("pobratym_events", "pobratym_snapshots", "audit_chain")


def without_schema(url: str) -> str:
    """A libpq URI (no ?schema=)."""
    return url.split("?", 1)[0]


def rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every read model, sorted, keyed by table."""
    engine = create_read_engine(url)
    out = {}
    try:
        with engine.connect() as conn:
            for projection in PROJECTIONS:
                for table in projection.tables:
                    found = [tuple(r) for r in conn.execute(select(table))]
                    out[table.name] = sorted(found, key=repr)
    finally:
        engine.dispose()
    return out


def tool(name: str) -> str:
    """A PostgreSQL client program, or skip (fail under CI) when there is none."""
    try:
        return _pg_bin(name)
    except ClusterUnavailable as e:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{e} (CI=true: the restore drill must run)")
        pytest.skip(f"NO {name}: the restore drill did NOT run: {e}")


def test_the_restore_drill_gives_back_the_same_chain_and_read_models(
    pg_url, pg_database, tmp_path: Path, figures
):
    schema = pg_url.split("schema=", 1)[1]
    source = server_env(pg_url, tmp_path)
    cli(source, "db", "upgrade")
    cli(source, "demo", "load", timeout=300)
    cli(source, "projections", "run", "--once")
    verified = json.loads(cli(source, "audit", "verify", "--json").stdout)
    assert verified["ok"]
    head = json.loads(cli(source, "audit", "head", "--json").stdout)

    # 1. Dump the event store (events, snapshots, the audit seals); read models are rebuilt.
    dump = tmp_path / "events.dump"
    tables = [arg for t in EVENT_STORE_TABLES for arg in ("-t", f'"{schema}".{t}')]
    subprocess.run(
        [tool("pg_dump"), "-Fc", "-f", str(dump), *tables, without_schema(pg_database)],
        check=True,
        capture_output=True,
    )

    # 2. Restore into a fresh database: migrate it, then load the data.
    fresh = f"pobratym_restore_{uuid.uuid4().hex[:8]}"
    admin = without_schema(pg_database).rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{fresh}"')
    try:
        restored_db = admin.rsplit("/", 1)[0] + f"/{fresh}"
        restored_url = f"{restored_db}?schema={schema}"
        restored = server_env(restored_url, tmp_path)
        cli(restored, "db", "upgrade")
        done = subprocess.run(
            [
                tool("pg_restore"),
                "--data-only",
                "--single-transaction",
                "-d",
                restored_db,
                str(dump),
            ],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr

        # 3. Verify the audit chain: same head, every event checked against its seal.
        copied = f"{head['position']}:{head['digest']}"
        again = json.loads(
            cli(restored, "audit", "verify", "--json", "--expect-head", copied).stdout
        )
        assert again["ok"], again
        assert again["checked"] == verified["checked"]
        assert json.loads(cli(restored, "audit", "head", "--json").stdout) == head

        # 4. Rebuild the read models and compare them with the originals, row for row.
        cli(restored, "projections", "rebuild", "--json", timeout=300)
        original, rebuilt = rows(pg_url), rows(restored["POBRATYM_DATABASE_URL"])
        assert {t: len(r) for t, r in rebuilt.items()} == {t: len(r) for t, r in original.items()}
        assert rebuilt == original

        # 5. The restored store takes new writes after the old ones (its sequence came along).
        runtime = build(make_settings(restored["POBRATYM_DATABASE_URL"], restored_url))
        try:
            saved = runtime.partners.register_partner(
                RegisterPartner(name="Kraków", country="PL", kind="city"), Caller("olena")
            )
        finally:
            runtime.close()
        assert saved.position > head["position"]
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
    figures.update(
        events=verified["checked"],
        read_model_rows=sum(len(r) for r in original.values()),
        dump_bytes=dump.stat().st_size,
    )
