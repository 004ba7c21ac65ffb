"""The ASGI entry point for production servers: `uvicorn --factory interfaces.http.asgi:create`."""

import logging

from litestar import Litestar

from infrastructure.bootstrap import build
from infrastructure.settings import Settings, secret_problem
from interfaces.http.app import create_app
from interfaces.http.context import configure_logging

log = logging.getLogger("pobratym")


def create() -> Litestar:
    """Build the app from the environment; each server worker calls this once."""
    configure_logging()  # every line carries its request id; one access line per request
    settings = Settings.from_env()
    if problem := secret_problem(settings.secret_key):
        log.error("%s", problem)
        raise SystemExit(problem)  # one clear line, not a traceback from the first request
    runtime = build(settings)
    app = create_app(runtime)
    app.on_shutdown.append(runtime.close)
    for start in runtime.extras.get("on_startup", []):
        app.on_startup.append(start)
    return app
