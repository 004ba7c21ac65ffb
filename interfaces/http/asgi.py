"""The ASGI entry point for production servers: `uvicorn --factory interfaces.http.asgi:create`."""

import logging
import sys

from litestar import Litestar

from infrastructure.bootstrap import build
from infrastructure.settings import (
    ConfigurationError,
    ConfigurationExit,
    Settings,
    secret_problem,
)
from interfaces.http.app import create_app
from interfaces.http.context import configure_logging

log = logging.getLogger("pobratym")


def create() -> Litestar:
    """Build the app from the environment; each server worker calls this once."""
    configure_logging()  # every line carries its request id; one access line per request
    try:
        settings = Settings.from_env()
    except ConfigurationError as e:
        _refuse(str(e))
    configure_logging(log_format=settings.log_format)  # POBRATYM_LOG_FORMAT=json
    if problem := secret_problem(settings.secret_key):
        _refuse(problem)
    runtime = build(settings)
    app = create_app(runtime)
    app.on_shutdown.append(runtime.close)
    for start in runtime.extras.get("on_startup", []):
        app.on_startup.append(start)
    return app


def _refuse(problem: str) -> None:
    """One clear line per problem on stderr and exit status 2, not a traceback."""
    print(problem, file=sys.stderr, flush=True)
    raise ConfigurationExit(problem)
