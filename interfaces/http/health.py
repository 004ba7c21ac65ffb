"""Health: /health/live (the process answers), /health/ready (it can serve), /health (= ready).

Ready means: the event store and the read models answer, and no projection has stopped on an
error, has been stopped in this process, or lags by more than POBRATYM_READY_MAX_LAG_EVENTS
events (default 1000) or POBRATYM_READY_MAX_LAG_SECONDS seconds (default 300). On PostgreSQL
the projection workers are separate processes: a dead worker shows as a growing lag.
"""

from typing import Any

import msgspec
from litestar import Request, Response, get
from sqlalchemy import text

from infrastructure.bootstrap import Runtime
from interfaces.http.context import runtime_of


class Health(msgspec.Struct):
    """Whether the service and its databases answer, and why it is not ready if it is not."""

    status: str
    event_store: str
    read_models: str
    position: int | None
    projections: dict[str, Any] = {}
    reasons: list[str] = []


class Live(msgspec.Struct):
    """The process answers."""

    status: str


def _stopped_here(monitor: Any) -> bool:
    """An in-process projection engine that was told to stop (close/stop set its stop event)."""
    return bool(getattr(monitor, "stopped", False))


def readiness(rt: Runtime) -> Health:
    """Check the databases and the projections; `reasons` lists why the service is not ready."""
    reasons: list[str] = []
    position: int | None = None
    try:
        position = rt.app.position
        store = "ok"
    except Exception as e:
        store = f"unavailable: {type(e).__name__}"
        reasons.append("the event store cannot be reached")
    try:
        with rt.read_engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        reads = "ok"
    except Exception as e:
        reads = f"unavailable: {type(e).__name__}"
        reasons.append("the read-model database cannot be reached")
    projections: dict[str, Any] = {}
    monitor = rt.extras.get("projections")
    # With a database down, its status would only wait for the same timeouts again.
    if monitor is not None and hasattr(monitor, "health") and not reasons:
        try:
            projections = monitor.health()
        except Exception as e:
            projections = {"error": type(e).__name__}
            reasons.append("the projection status cannot be read")
        if not rt.settings.is_postgres and _stopped_here(monitor):
            reasons.append("the projection worker is stopped")
    max_events, max_seconds = rt.settings.ready_max_lag_events, rt.settings.ready_max_lag_seconds
    for name, p in projections.items():
        if not isinstance(p, dict):
            continue
        if p.get("error"):
            reasons.append(f"projection {name} stopped on an error at {p.get('error_position')}")
        elif (p.get("lag_events") or 0) > max_events:
            reasons.append(f"projection {name} lags {p['lag_events']} events (max {max_events})")
        elif (p.get("lag_seconds") or 0) > max_seconds:
            reasons.append(
                f"projection {name} lags {p['lag_seconds']:.0f} s (max {max_seconds:.0f} s)"
            )
    return Health("ok" if not reasons else "degraded", store, reads, position, projections, reasons)


def _answer(request: Request[Any, Any, Any]) -> Response[Health]:
    body = readiness(runtime_of(request))
    if body.reasons:
        return Response(body, status_code=503, headers={"Retry-After": "5"})
    return Response(body, status_code=200)


@get("/health/ready", sync_to_thread=True, exclude_from_auth=True, tags=["health"])
def ready(request: Request[Any, Any, Any]) -> Response[Health]:
    """Readiness: 503 with reasons (a database unreachable, a projection stopped or lagging)."""
    return _answer(request)


@get("/health", sync_to_thread=True, exclude_from_auth=True, tags=["health"])
def health(request: Request[Any, Any, Any]) -> Response[Health]:
    """Readiness under its first name (an alias of /health/ready)."""
    return _answer(request)


@get("/health/live", sync_to_thread=False, exclude_from_auth=True, tags=["health"])
def live() -> Live:
    """Liveness: the process answers (touches no database)."""
    return Live("live")
