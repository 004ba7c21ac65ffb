"""Documents: upload and download throughput of a file on SQLite and PostgreSQL (issue 18).

    .venv/bin/python -m benchmarks.bench_documents [--mib 10] [--rounds 3] [--no-postgres]
        [--pg "host=127.0.0.1 port=5432 user=postgres dbname=postgres"]

Each round uploads a fresh file of random bytes (so content addressing never skips the write)
through the HTTP API in-process (multipart parsing, the spool, sniffing, the rules, the file
store, the event) and downloads it again, checking the bytes. Beside them, the baseline: a
plain copy of the same bytes from one file to another with an fsync (what the directory store
does at least once). The machine is shared: compare figures within one run.
"""

import argparse
import os
import shutil
import statistics
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import psycopg

MIB = 1024 * 1024
PDF_HEAD = b"%PDF-1.4\n"  # the bytes after it are random: a sniffer reads the head


def payload(mib: int) -> bytes:
    """A 'PDF' of random bytes of the given size."""
    return PDF_HEAD + os.urandom(mib * MIB - len(PDF_HEAD))


def plain_copy(data: bytes, directory: Path) -> float:
    """Seconds to copy the bytes from one file to another, fsynced (the baseline)."""
    src, dst = directory / "copy-src.bin", directory / "copy-dst.bin"
    src.write_bytes(data)
    began = time.perf_counter()
    shutil.copyfile(src, dst)
    with dst.open("rb+") as f:
        os.fsync(f.fileno())
    seconds = time.perf_counter() - began
    src.unlink()
    dst.unlink()
    return seconds


def _runtime(events_url: str, read_url: str, files_dir: Path) -> Any:
    from application.clock import FixedClock
    from infrastructure.bootstrap import build
    from infrastructure.migrations import upgrade
    from infrastructure.settings import Settings

    settings = Settings(
        database_url=events_url,
        read_database_url=read_url,
        secret_key="bench" * 10,
        files_dir=files_dir,
        max_upload_bytes=64 * MIB,
    )
    upgrade(settings)
    return build(settings, FixedClock.on(date(2026, 11, 23)))


def _token(rt: Any) -> str:
    from application.commands.accounts import CreateAccount
    from application.service import Caller

    rt.accounts.create_account(
        CreateAccount(
            login="bench-clerk",
            full_name="Benchmark",
            email="bench@example.org",
            roles=["clerk"],
            reason="benchmarks",
        ),
        Caller(actor="bench", role="admin"),
    )
    return str(rt.identity.issue_for("bench-clerk", "clerk", 3600))


def measure(rt: Any, mib: int, rounds: int, scratch: Path) -> dict[str, Any]:
    """Upload, download and plain-copy MiB/s over `rounds` fresh files."""
    from litestar.testing import TestClient

    from interfaces.http.app import create_app

    headers = {"Authorization": f"Bearer {_token(rt)}"}
    request = {
        "requester": {"name": "Bench", "kind": "media", "email": "b@example.org"},
        "channel": "email",
        "received_on": "2026-11-20",
        "subject": "Benchmark",
        "text": "Benchmark",
    }
    up: list[float] = []
    down: list[float] = []
    copy: list[float] = []
    with TestClient(create_app(rt), raise_server_exceptions=True) as client:
        rid = client.post("/foi-requests", json=request, headers=headers).json()["id"]
        for _ in range(rounds):
            data = payload(mib)
            copy.append(plain_copy(data, scratch))
            began = time.perf_counter()
            r = client.post(
                f"/foi-requests/{rid}/documents",
                files={"file": ("bench.pdf", data, "application/pdf")},
                headers=headers,
            )
            up.append(time.perf_counter() - began)
            assert r.status_code == 201, r.text
            href = r.json()["document"]["href"]
            began = time.perf_counter()
            got = client.get(href, headers=headers)
            down.append(time.perf_counter() - began)
            assert got.status_code == 200 and got.content == data
    rate = lambda seconds: mib / statistics.median(seconds)  # noqa: E731
    return {
        "mib": mib,
        "rounds": rounds,
        "upload_mib_s": round(rate(up), 1),
        "download_mib_s": round(rate(down), 1),
        "plain_copy_mib_s": round(rate(copy), 1),
        "upload_s": [round(s, 4) for s in up],
        "download_s": [round(s, 4) for s in down],
        "plain_copy_s": [round(s, 4) for s in copy],
    }


def on_sqlite(mib: int, rounds: int) -> dict[str, Any]:
    """SQLite files and the directory file store, in a temporary directory."""
    with tempfile.TemporaryDirectory(prefix="bench-docs-") as tmp:
        root = Path(tmp)
        rt = _runtime(
            f"sqlite:///{root / 'events.sqlite3'}",
            f"sqlite:///{root / 'read.sqlite3'}",
            root / "files",
        )
        try:
            return measure(rt, mib, rounds, root)
        finally:
            rt.close()


def on_postgres(dsn: str, mib: int, rounds: int) -> dict[str, Any]:
    """PostgreSQL in a throwaway schema (files in its tables), dropped at the end."""
    params = psycopg.conninfo.conninfo_to_dict(dsn)
    url = (
        f"postgresql://{params.get('user', 'postgres')}@{params.get('host', '127.0.0.1')}:"
        f"{params.get('port', 5432)}/{params.get('dbname', 'postgres')}"
    )
    schema = f"bench_docs_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        with tempfile.TemporaryDirectory(prefix="bench-docs-") as tmp:
            in_schema = f"{url}?schema={schema}"
            rt = _runtime(in_schema, in_schema, Path(tmp) / "unused")
            try:
                return measure(rt, mib, rounds, Path(tmp))
            finally:
                rt.close()
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def run(dsn: str | None, mib: int = 10, rounds: int = 3, sqlite: bool = True) -> dict[str, Any]:
    """Both stores (PostgreSQL when `dsn` is given); the figures and a printable table."""
    out: dict[str, Any] = {}
    if dsn is not None:
        out["postgres"] = on_postgres(dsn, mib, rounds)
    if sqlite:
        out["sqlite"] = on_sqlite(mib, rounds)
    out["table"] = table(out, mib)
    return out


def table(out: dict[str, Any], mib: int) -> str:
    """Documents: MiB/s of upload, download and a plain copy, per store."""
    lines = [
        f"Documents ({mib} MiB file, median MiB/s)     upload   download   plain copy",
    ]
    for store in ("postgres", "sqlite"):
        if store in out:
            f = out[store]
            lines.append(
                f"  {store:<40}{f['upload_mib_s']:>8}{f['download_mib_s']:>11}"
                f"{f['plain_copy_mib_s']:>13}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Parse the flags, measure, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mib", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pg", default="host=127.0.0.1 port=5432 user=postgres dbname=postgres")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args(argv)
    out = run(None if args.no_postgres else args.pg, args.mib, args.rounds, not args.no_sqlite)
    print(out["table"])


if __name__ == "__main__":
    main()
