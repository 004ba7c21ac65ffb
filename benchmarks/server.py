"""The HTTP server a run measures: uvicorn workers over the store, started and stopped."""

import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import psutil

from benchmarks.harness import PYTHON, ROOT, SECRET, free_port
from benchmarks.http_load import load
from benchmarks.stores import Store


class Server:
    """uvicorn in a subprocess, as production runs it, and its memory while it works."""

    def __init__(self, store: Store, workers: int) -> None:
        self.port = free_port()
        self.workers = workers
        try:
            from interfaces.http.server import uvicorn_flags

            flags = uvicorn_flags()
        except ImportError:
            flags = ["--timeout-keep-alive", "5", "--limit-concurrency", "200"]
        args = [
            PYTHON, "-m", "uvicorn", "--factory", "interfaces.http.asgi:create",
            "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(workers),
            "--log-level", "warning", "--no-access-log", *flags,
        ]  # fmt: skip
        self.command = " ".join(args[1:])
        self.log = tempfile.TemporaryFile()  # never a pipe: a full pipe would stall the server
        self.process = subprocess.Popen(
            args, cwd=ROOT, env=store.env(), stdout=self.log, stderr=subprocess.STDOUT
        )
        from application.commands.accounts import CreateAccount
        from application.service import Caller
        from infrastructure.tokens import issue_token

        # A token's subject must be an enabled account holding the role (issue 13).
        if store.rt.accounts.find("bench-admin") is None:
            store.rt.accounts.create_account(
                CreateAccount(
                    login="bench-admin",
                    full_name="Benchmark",
                    email="bench@example.org",
                    roles=["admin"],
                    reason="benchmarks",
                ),
                Caller(actor="bench", role="admin"),
            )
        self.token = issue_token(SECRET, "bench-admin", "admin", 4 * 3600)
        self.peak_rss: dict[str, int] = {}
        self._sampling = threading.Event()
        self._sampler: threading.Thread | None = None
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.log.seek(0)
                err = self.log.read().decode(errors="replace")
                raise RuntimeError(f"the server exited: {err[-2000:]}")
            try:
                out = load(
                    "127.0.0.1", self.port, self.token, 1, 5, lambda n: ("GET", "/health", None), 1
                )
                if out.latencies:
                    # Every worker answers once it has started; give the others a moment.
                    time.sleep(1.0)
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("the server did not start within 60 s")

    def processes(self) -> list[psutil.Process]:
        """The master and its workers."""
        try:
            master = psutil.Process(self.process.pid)
            return [master, *master.children(recursive=True)]
        except psutil.Error:
            return []

    @contextmanager
    def sampling(self) -> Iterator[None]:
        """Sample the RSS of the workers every 100 ms while the block runs."""
        self._sampling.clear()

        def sample() -> None:
            while not self._sampling.is_set():
                procs = self.processes()
                total = 0
                for p in procs[1:] or procs:
                    try:
                        rss = p.memory_info().rss
                    except psutil.Error:
                        continue
                    total += rss
                    self.peak_rss["worker"] = max(self.peak_rss.get("worker", 0), rss)
                self.peak_rss["all_workers"] = max(self.peak_rss.get("all_workers", 0), total)
                self._sampling.wait(0.1)

        thread = threading.Thread(target=sample, daemon=True)
        thread.start()
        try:
            yield
        finally:
            self._sampling.set()
            thread.join()

    def stop(self) -> None:
        """Stop the server (SIGINT: uvicorn's graceful shutdown)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
