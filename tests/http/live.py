"""A real uvicorn server (the protocol and limits of `pobratym serve`) on a thread, for one test."""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

from interfaces.http.server import SERVER_OPTIONS
from tests.reliability.support import free_port


@contextmanager
def live_server(app: Any, **options: Any) -> Iterator[str]:
    """Serve the app on 127.0.0.1 until the block ends; yields the base URL."""
    port = free_port()
    settings = {**SERVER_OPTIONS, **options}
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", **settings)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise AssertionError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(20)
