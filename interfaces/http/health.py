"""GET /health: liveness and database reachability (the only open endpoint)."""

from typing import Any

import msgspec
from litestar import Request, Response, get
from sqlalchemy import text

from interfaces.http.context import runtime_of


class Health(msgspec.Struct):
    """Whether the service and its databases answer."""

    status: str
    event_store: str
    read_models: str
    position: int | None
    projections: dict[str, Any] = {}


@get("/health", sync_to_thread=True, exclude_from_auth=True, tags=["health"])
def health(request: Request[Any, Any, Any]) -> Response[Health]:
    """Liveness and database reachability."""
    rt = runtime_of(request)
    position: int | None = None
    try:
        position = rt.app.position
        store = "ok"
    except Exception as e:
        store = f"unavailable: {type(e).__name__}"
    try:
        with rt.read_engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        reads = "ok"
    except Exception as e:
        reads = f"unavailable: {type(e).__name__}"
    projections: dict[str, Any] = {}
    monitor = rt.extras.get("projections")
    # With a database down, its status would only wait for the same timeouts again.
    if monitor is not None and hasattr(monitor, "health") and store == reads == "ok":
        try:
            projections = monitor.health()
        except Exception as e:
            projections = {"error": type(e).__name__}
    ok = (
        store == "ok"
        and reads == "ok"
        and not any(isinstance(p, dict) and p.get("error") for p in projections.values())
    )
    body = Health("ok" if ok else "degraded", store, reads, position, projections)
    return Response(body, status_code=200 if store == "ok" and reads == "ok" else 503)
