"""One live server and one browser per backend for a browser test module (SQLite, PostgreSQL)."""

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest

from application.clock import FixedClock
from application.commands.accounts import CreateAccount
from application.service import Caller
from infrastructure.bootstrap import Runtime, build
from infrastructure.migrations import upgrade
from interfaces.http.app import create_app
from tests.conftest import TODAY, make_settings
from tests.http.live import live_server
from tests.web.browser import browser_context

PASSWORD = "a long and unusual phrase 42"
STAFF = {"olena": "clerk", "petro": "manager", "iryna": "auditor", "oksana": "admin"}


@dataclass
class Console:
    """A live console: its URL, runtime, and a browser to drive it."""

    url: str
    runtime: Runtime
    browser: Any
    backend: str

    def settle(self) -> None:
        """Let the read models catch up (lists, Today)."""
        self.runtime.extras["projections"].catch_up(timeout=30)

    def sign_in(self, login: str) -> Any:
        """A fresh page signed in as `login` (cookies of any earlier user cleared)."""
        self.browser.clear_cookies()
        page = self.browser.new_page()
        page.goto(f"{self.url}/console/sign-in")
        page.fill("#login", login)
        page.fill("#password", PASSWORD)
        page.click("form.card button[type=submit]")
        page.wait_for_url("**/console/today**")
        return page


def _urls(backend: str, request: pytest.FixtureRequest, tmp: Path) -> tuple[str, str]:
    if backend == "sqlite":
        return f"sqlite:///{tmp / 'events.sqlite3'}", f"sqlite:///{tmp / 'read.sqlite3'}"
    base = request.getfixturevalue("pg_database")
    schema = f"w_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    url = f"{base}?schema={schema}"
    return url, url


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def console(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Console]:
    """A migrated runtime with three staff accounts, served live, and a headless chromium."""
    backend = request.param
    settings = make_settings(*_urls(backend, request, tmp_path_factory.mktemp("console")))
    upgrade(settings)
    rt = build(settings, FixedClock.on(TODAY))
    for login, role in STAFF.items():
        saved = rt.accounts.create_account(
            CreateAccount(
                login=login,
                full_name=login.title(),
                email=f"{login}@city.kharkiv.ua",
                roles=[role],
                reason="browser tests",
            ),
            Caller(actor="admin"),
        )
        rt.identity.set_password(saved.case, PASSWORD, Caller(actor="admin"), must_change=False)
    app = create_app(rt)
    try:
        with live_server(app) as url, browser_context() as browser:
            yield Console(url, rt, browser, backend)
    finally:
        rt.close()
