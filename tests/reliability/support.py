"""Helpers for the reliability tests: API servers as subprocesses, a private PostgreSQL cluster."""

import glob
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx

from interfaces.http.server import uvicorn_flags
from tests.conftest import SECRET, token

ROOT = Path(__file__).resolve().parents[2]
TODAY = date.today().isoformat()  # servers run on the system clock
IN_CI = os.environ.get("CI", "").lower() == "true"


def env_int(name: str, default: int) -> int:
    """An integer knob from the environment (make chaos / make fuzz raise them)."""
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(database_url: str, tmp: Path, **extra: str) -> dict[str, str]:
    """The environment of a server or CLI subprocess on a database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("POBRATYM_")}
    env.update(
        PYTHONPATH=str(ROOT),
        POBRATYM_DATABASE_URL=database_url,
        POBRATYM_SECRET_KEY=SECRET,
        POBRATYM_VAR_DIR=str(tmp / "var"),
    )
    env.update(extra)
    return env


def cli(env: dict[str, str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run `pobratym ARGS` as a subprocess; fail loudly on a non-zero exit."""
    done = subprocess.run(
        [sys.executable, "-m", "interfaces.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise AssertionError(f"pobratym {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done


def headers(role: str = "admin", user: str | None = None) -> dict[str, str]:
    """Authorization headers."""
    return {"Authorization": f"Bearer {token(role, user)}"}


def seed_accounts(env: dict[str, str]) -> None:
    """Accounts for the subjects tests issue tokens to (a server subprocess checks them all)."""
    from application.commands.accounts import CreateAccount, GrantRole
    from application.service import Caller
    from infrastructure.bootstrap import build
    from infrastructure.settings import Settings
    from tests.conftest import ISSUED

    wanted = {(f"{role}-user", role) for role in ("clerk", "manager", "auditor", "admin")}
    wanted |= ISSUED
    try:
        runtime = build(Settings.from_env(env))
    except Exception:
        return
    caller = Caller(actor="test-seed")
    try:
        for login, role in sorted(wanted):
            account = runtime.accounts.find(login)
            if account is None:
                runtime.accounts.create_account(
                    CreateAccount(
                        login=login,
                        full_name=login,
                        email=f"{login}@test.example",
                        roles=[role],  # type: ignore[list-item]
                    ),
                    caller,
                )
            elif role not in account.roles:
                cmd = GrantRole(role=role, reason="tests")  # type: ignore[arg-type]
                runtime.accounts.grant_role(account.id, cmd, caller, None)
    except Exception:
        pass
    finally:
        runtime.close()


@dataclass
class ApiServer:
    """`python -m uvicorn --factory interfaces.http.asgi:create` on a port of its own."""

    env: dict[str, str]
    log_dir: Path
    port: int = field(default_factory=free_port)
    command: list[str] | None = None
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0

    @property
    def url(self) -> str:
        """The base URL."""
        return f"http://127.0.0.1:{self.port}"

    def start(self, wait: float = 60.0) -> "ApiServer":
        """Start and wait until /health answers (any status)."""
        self.starts += 1
        if self.starts == 1:
            seed_accounts(self.env)
        log = open(self.log_dir / f"server-{self.port}-{self.starts}.log", "wb")
        cmd = self.command or [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "interfaces.http.asgi:create",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--log-level",
            "warning",
            *uvicorn_flags(),
        ]
        self.process = subprocess.Popen(cmd, cwd=ROOT, env=self.env, stdout=log, stderr=log)
        log.close()
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(
                    f"the server exited with {self.process.returncode}: {self.log}"
                )
            try:
                httpx.get(self.url + "/health", timeout=10)
                return self
            except httpx.TransportError:
                time.sleep(0.05)
        raise AssertionError(f"the server did not come up in {wait} s: {self.log}")

    @property
    def log(self) -> str:
        """The newest log of this server."""
        path = self.log_dir / f"server-{self.port}-{self.starts}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def kill(self) -> None:
        """kill -9."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        """Terminate gracefully (kill after 15 s)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


@contextmanager
def servers(env: dict[str, str], log_dir: Path, n: int = 1) -> Iterator[list[ApiServer]]:
    """n API servers on one database, stopped at the end."""
    running = [ApiServer(env, log_dir) for _ in range(n)]
    try:
        for s in running:
            s.start()
        yield running
    finally:
        for s in running:
            s.stop()


def problem(response: httpx.Response) -> dict[str, Any]:
    """The problem+json body of an error answer (asserting its media type)."""
    assert response.headers.get("content-type", "").startswith("application/problem+json"), (
        response.status_code,
        response.headers,
        response.text[:300],
    )
    return json.loads(response.text)


# -- a private PostgreSQL cluster -----------------------------------------------------------------


class ClusterUnavailable(RuntimeError):
    """No private PostgreSQL cluster can be started on this machine."""


def _pg_bin(name: str) -> str:
    found = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if found:
        return found[-1]
    on_path = shutil.which(name)
    if on_path:
        return on_path
    raise ClusterUnavailable(f"no {name} under /usr/lib/postgresql/*/bin or on PATH")


class PrivateCluster:
    """A throwaway PostgreSQL cluster (initdb in a temp dir) that a test may stop and start."""

    def __init__(self) -> None:
        self.port = free_port()
        self.pg_ctl = _pg_bin("pg_ctl")
        initdb = _pg_bin("initdb")
        self.as_postgres: list[str] = []
        owner: pwd.struct_passwd | None = None
        if os.geteuid() == 0:
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                raise ClusterUnavailable("running as root and no `postgres` OS user") from None
            runuser = shutil.which("runuser")
            if runuser is None:
                raise ClusterUnavailable("running as root and no runuser to drop to postgres")
            self.as_postgres = [runuser, "-u", "postgres", "--"]
        self.dir = Path(tempfile.mkdtemp(prefix="pobratym-pg-"))
        if owner is not None:
            os.chown(self.dir, owner.pw_uid, owner.pw_gid)
        self.data = self.dir / "data"
        self.logfile = self.dir / "server.log"
        done = self._run(
            initdb,
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
            timeout=120,
        )
        if done.returncode != 0:
            shutil.rmtree(self.dir, ignore_errors=True)
            raise ClusterUnavailable(f"initdb failed: {done.stdout}{done.stderr}")

    @property
    def url(self) -> str:
        """The cluster's `postgres` database."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.as_postgres, *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=self.dir,
        )

    def start(self) -> None:
        """Start and wait until it accepts connections."""
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} "
            "-c fsync=off -c max_connections=100"
        )
        done = self._run(
            self.pg_ctl, "-D", str(self.data), "-l", str(self.logfile), "-o", options, "-w", "start"
        )
        if done.returncode != 0:
            log = self.logfile.read_text(errors="replace") if self.logfile.exists() else ""
            raise ClusterUnavailable(f"pg_ctl start failed: {done.stdout}{done.stderr}{log}")

    def stop(self, mode: str = "immediate") -> None:
        """Stop it (immediate: like a crash; fast: a clean shutdown)."""
        self._run(self.pg_ctl, "-D", str(self.data), "-m", mode, "-w", "stop")

    def destroy(self) -> None:
        """Stop and delete everything."""
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)
