"""Sign-in speed with argon2id (OWASP m=19 MiB, t=2, p=1) per store: goal p95 < 300 ms.

    .venv/bin/python benchmarks/bench_sign_in.py [--rounds 50] [--no-postgres]
        [--url postgresql://postgres@127.0.0.1:5432/postgres]

Signs in through the HTTP app (TestClient, in process) with a right password, a wrong one and an
unknown login (which verifies against a dummy hash: it must cost the same), and measures the
per-request account check of a bearer token (through HTTP, and alone: 25 times as many rounds).
Prints a table. SQLite in a temporary directory; PostgreSQL in a throwaway schema, dropped at the
end.
"""

import argparse
import hashlib
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import psycopg
from litestar.testing import TestClient

from application.commands.accounts import CreateAccount
from application.service import Caller
from infrastructure.bootstrap import build
from infrastructure.identity import ACCOUNT_FAILURES
from infrastructure.migrations import upgrade
from infrastructure.settings import Settings
from infrastructure.tokens import verify_token
from interfaces.http.app import create_app

SECRET = "bench-secret-" + "x" * 40
PASSWORD = "a long and unusual phrase 42"


def timed(fn: Callable[[], object], rounds: int) -> list[float]:
    """Milliseconds of each call."""
    out = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def measure(events_url: str, read_url: str, rounds: int) -> dict[str, list[float]]:
    """Sign-in timings on one store."""
    settings = Settings(database_url=events_url, read_database_url=read_url, secret_key=SECRET)
    upgrade(settings)
    rt = build(settings)
    caller = Caller(actor="bench")
    saved = rt.accounts.create_account(
        CreateAccount(login="olena", full_name="O", email="o@x.ua", roles=["clerk"]), caller
    )
    rt.identity.set_password(saved.case, PASSWORD, caller, must_change=False)
    results: dict[str, list[float]] = {}
    with TestClient(create_app(rt), raise_server_exceptions=False) as client:
        right = {"login": "olena", "password": PASSWORD}

        def sign_in() -> None:
            assert client.post("/auth/sign-in", json=right).status_code == 200

        results["right password"] = timed(sign_in, rounds)

        def fail(login: str) -> Callable[[], None]:
            def call() -> None:
                body = {"login": login, "password": "wrong password 123"}
                r = client.post("/auth/sign-in", json=body)
                assert r.status_code == 401, r.text
                # Keep the per-address throttle out of the measurement.
                rt.identity._clear(f"addr:{hashlib.sha256(b'testclient').hexdigest()[:40]}")

            return call

        # Stay under the lockout: a fresh login for each block of failures.
        wrong, unknown = [], []
        for n in range(0, rounds, ACCOUNT_FAILURES - 1):
            block = min(ACCOUNT_FAILURES - 1, rounds - n)
            login = f"user{n}"
            rt.accounts.create_account(
                CreateAccount(login=login, full_name="U", email="u@x.ua", roles=["clerk"]), caller
            )
            acct = rt.accounts.find(login)
            rt.identity.set_password(acct, PASSWORD, caller, must_change=False)
            wrong += timed(fail(login), block)
            unknown += timed(fail(f"ghost{n}"), block)
        results["wrong password"] = wrong
        results["unknown login"] = unknown
        token = rt.identity.issue_for("olena", "clerk", 3600)
        bearer = {"Authorization": f"Bearer {token}"}
        results["GET /auth/me (token)"] = timed(
            lambda: client.get("/auth/me", headers=bearer), rounds
        )
        # The account check alone (what every authenticated request pays), without HTTP noise.
        principal = verify_token(SECRET, token)
        results["account check (direct)"] = timed(
            lambda: rt.identity.token_principal(principal), rounds * 25
        )
    rt.close()
    return results


def row(store: str, case: str, ms: list[float]) -> str:
    """One line of the table."""
    p95 = statistics.quantiles(ms, n=20)[18] if len(ms) >= 20 else max(ms)
    p50 = statistics.median(ms)
    return f"{store:<10} {case:<22} {len(ms):>5} {p50:>8.2f} {p95:>8.2f} {max(ms):>8.2f}"


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    print(f"{'store':<10} {'case':<22} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        found = measure(
            f"sqlite:///{base / 'e.sqlite3'}", f"sqlite:///{base / 'r.sqlite3'}", args.rounds
        )
        for case, ms in found.items():
            print(row("sqlite", case, ms))
    if args.no_postgres:
        return
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(args.url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        url = f"{args.url}?schema={schema}"
        for case, ms in measure(url, url, args.rounds).items():
            print(row("postgres", case, ms))
    finally:
        with psycopg.connect(args.url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


if __name__ == "__main__":
    main()
