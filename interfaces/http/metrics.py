"""Prometheus metrics at GET /metrics (per process: scrape every worker, or run one).

Requests are timed per route template (`/agreements/{agreement_id}`, never the raw path, so
ids and query strings never become labels); commands (POST, PUT, PATCH, DELETE) are counted
by route and outcome (the status class). At scrape time the gauges read the projections'
positions and lag, the reminder outbox and the audit chain's sealed head.

Access: with POBRATYM_METRICS_TOKEN set, only `Authorization: Bearer <that token>`; without
it, only clients on the loopback interface (a scraper on the same host, or a sidecar).
"""

import hmac
import logging
import time
from collections.abc import Iterator
from typing import Any

from litestar import Request, Response, get
from litestar.exceptions import NotAuthorizedException
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from infrastructure.bootstrap import Runtime

log = logging.getLogger("pobratym.metrics")
COMMAND_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
UNMATCHED = "unmatched"
# Prometheus' text format 0.0.4; Litestar adds "; charset=utf-8" to every text/ type.
TEXT_FORMAT = "text/plain; version=0.0.4"


class StateCollector(Collector):
    """Gauges read at scrape time: projections, outbox, audit chain head, event store head."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def collect(self) -> Iterator[GaugeMetricFamily]:
        """One family per figure; a figure that cannot be read is left out (and logged)."""
        rt = self.runtime
        position = GaugeMetricFamily(
            "pobratym_projection_position",
            "Last event position a projection applied",
            labels=["projection"],
        )
        lag_events = GaugeMetricFamily(
            "pobratym_projection_lag_events",
            "Events a projection has not applied",
            labels=["projection"],
        )
        lag_seconds = GaugeMetricFamily(
            "pobratym_projection_lag_seconds",
            "Age of the oldest event a projection has not applied",
            labels=["projection"],
        )
        failed = GaugeMetricFamily(
            "pobratym_projection_failed",
            "1 when a projection stopped on an error",
            labels=["projection"],
        )
        monitor = rt.extras.get("projections")
        try:
            for name, p in (monitor.health() if monitor is not None else {}).items():
                position.add_metric([name], p["position"])
                lag_events.add_metric([name], p["lag_events"])
                if p.get("lag_seconds") is not None:
                    lag_seconds.add_metric([name], p["lag_seconds"])
                failed.add_metric([name], 1 if p.get("error") else 0)
        except Exception as e:
            log.warning("projection status unavailable for metrics: %s", type(e).__name__)
        yield from (position, lag_events, lag_seconds, failed)
        yield from self._outbox()
        yield from self._heads()

    def _outbox(self) -> Iterator[GaugeMetricFamily]:
        from infrastructure.outbox import outbox_status

        deliveries = GaugeMetricFamily(
            "pobratym_outbox_deliveries",
            "Reminder deliveries by channel and state (pending is the backlog)",
            labels=["channel", "state"],
        )
        failures = GaugeMetricFamily(
            "pobratym_outbox_failed", "Reminder deliveries that failed for good", labels=["channel"]
        )
        undelivered = GaugeMetricFamily(
            "pobratym_outbox_undelivered", "Reminders with no delivery channel yet"
        )
        try:
            with self.runtime.read_engine.connect() as conn:
                status = outbox_status(conn, limit=1)
            for channel, states in status.counts.items():
                for state, n in states.items():
                    deliveries.add_metric([channel, state], n)
                failures.add_metric([channel], states.get("failed", 0))
            undelivered.add_metric([], status.undelivered)
        except Exception as e:
            log.warning("outbox status unavailable for metrics: %s", type(e).__name__)
            return
        yield from (deliveries, failures, undelivered)

    def _heads(self) -> Iterator[GaugeMetricFamily]:
        from infrastructure.audit_chain import ChainTable

        try:
            head = self.runtime.app.position
            seal = ChainTable(self.runtime.read_engine).last()
        except Exception as e:
            log.warning("heads unavailable for metrics: %s", type(e).__name__)
            return
        yield GaugeMetricFamily(
            "pobratym_event_store_position", "Newest event position in the store", value=head
        )
        yield GaugeMetricFamily(
            "pobratym_audit_chain_head_position",
            "Newest event position sealed into the audit chain",
            value=seal.position if seal else 0,
        )


class Metrics:
    """One registry per app: the request and command instruments and the state gauges."""

    def __init__(self, runtime: Runtime) -> None:
        self.registry = CollectorRegistry()
        self.requests = Histogram(
            "pobratym_http_request_duration_seconds",
            "HTTP request latency by route template",
            ["method", "route", "status_class"],
            registry=self.registry,
        )
        self.commands = Counter(
            "pobratym_commands",
            "Commands (POST, PUT, PATCH, DELETE) by route template and outcome",
            ["method", "command", "outcome"],
            registry=self.registry,
        )
        self.registry.register(StateCollector(runtime))

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        """Record one finished request."""
        outcome = f"{status // 100}xx"
        self.requests.labels(method, route, outcome).observe(seconds)
        if method in COMMAND_METHODS:
            self.commands.labels(method, route, outcome).inc()


class MetricsMiddleware:
    """Times every request, routed or not, by the template of the route it matched."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; note its status and time when it is done."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def noting(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, noting)
        finally:
            # The router writes the matched route's template into this same scope.
            route = scope.get("path_template") or UNMATCHED
            self.metrics.observe(scope["method"], route, status, time.perf_counter() - started)


def _allowed(request: Request[Any, Any, Any], token: str | None) -> None:
    if token:
        given = request.headers.get("authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            raise NotAuthorizedException("send the metrics token as a bearer token")
        return
    host = request.client.host if request.client else ""
    if host not in LOOPBACK:
        # 401, not 403: the way in is to configure POBRATYM_METRICS_TOKEN and send it.
        raise NotAuthorizedException("metrics need the metrics token, or a loopback client")


@get("/metrics", sync_to_thread=True, exclude_from_auth=True, include_in_schema=False)
def metrics(request: Request[Any, Any, Any]) -> Response[bytes]:
    """Prometheus text exposition of this process's metrics."""
    rt: Runtime = request.app.state.runtime
    _allowed(request, rt.settings.metrics_token)
    registry: CollectorRegistry = request.app.state.metrics.registry
    return Response(generate_latest(registry), media_type=TEXT_FORMAT)
