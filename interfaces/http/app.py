"""The Litestar application factory."""

import logging
from decimal import Decimal
from pathlib import Path
from typing import Any

from litestar import Litestar
from litestar.datastructures import CacheControlHeader, State
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, SecurityScheme
from litestar.static_files import create_static_files_router

from infrastructure.bootstrap import Runtime
from interfaces.http import problems
from interfaces.http.accounts import AuthController, SingleSignOnRoutes, UserController
from interfaces.http.agreements import AgreementController
from interfaces.http.audit import AuditController
from interfaces.http.auth import OPEN_PATHS, BearerAuth
from interfaces.http.calendar import CalendarController
from interfaces.http.consuls import ConsulController
from interfaces.http.contacts import ContactController
from interfaces.http.context import RequestIdMiddleware
from interfaces.http.counterparts import CounterpartController
from interfaces.http.deps import DEPENDENCIES
from interfaces.http.documents import DOCUMENT_CONTROLLERS
from interfaces.http.engagements import EngagementController
from interfaces.http.foi import FoiController
from interfaces.http.generated_letters import GeneratedLetterController
from interfaces.http.health import health, live, ready
from interfaces.http.idempotency import IdempotencyMiddleware
from interfaces.http.input_guard import NulGuardMiddleware
from interfaces.http.letters import LetterController
from interfaces.http.lists import ReadModelController
from interfaces.http.media import JsonBodyMiddleware
from interfaces.http.memberships import MembershipController
from interfaces.http.metrics import Metrics, MetricsMiddleware, metrics
from interfaces.http.openapi import ASSETS_PATH, FinishedJson, FinishedScalar
from interfaces.http.partners import PartnerController
from interfaces.http.projects import ProjectController
from interfaces.http.reminders import ReminderController
from interfaces.http.reports import ReportController
from interfaces.http.shipments import ShipmentController
from interfaces.web import TEMPLATES, WEB_HANDLERS

MAX_BODY_BYTES = problems.MAX_BODY_BYTES

# Each feature adds its route handlers here (one line per resource module).
ROUTE_HANDLERS: list[Any] = [
    health,
    live,
    ready,
    metrics,
    PartnerController,
    AgreementController,
    FoiController,
    CalendarController,
    ShipmentController,
    EngagementController,
    ProjectController,
    AuditController,
    ReadModelController,
    ReminderController,
    ReportController,
    UserController,
    AuthController,
    SingleSignOnRoutes,
    CounterpartController,
    ContactController,
    ConsulController,
    MembershipController,
    *DOCUMENT_CONTROLLERS,
    LetterController,
    GeneratedLetterController,
]


def create_app(runtime: Runtime, *, extra_handlers: list[Any] | None = None) -> Litestar:
    """Build the HTTP API around a runtime (see infrastructure.bootstrap.build)."""
    app = Litestar(
        route_handlers=[
            *ROUTE_HANDLERS,
            create_static_files_router(
                path=ASSETS_PATH,
                directories=[Path(__file__).parent / "static"],
                include_in_schema=False,
                cache_control=CacheControlHeader(max_age=86400),
            ),
            *WEB_HANDLERS,  # the staff console (interfaces/web)
            *(extra_handlers or []),
        ],
        state=State({"runtime": runtime, "metrics": Metrics(runtime)}),
        dependencies=DEPENDENCIES,
        template_config=TEMPLATES,
        middleware=[
            DefineMiddleware(BearerAuth, exclude=OPEN_PATHS),
            NulGuardMiddleware,
            JsonBodyMiddleware,
            IdempotencyMiddleware,
        ],
        exception_handlers={Exception: problems.handle},
        type_encoders={Decimal: str},
        request_max_body_size=MAX_BODY_BYTES,
        openapi_config=OpenAPIConfig(
            title="Pobratym",
            version="0.1.0",
            description=(
                "Event-sourced case management for a city council's department of "
                "international cooperation: agreements, FOI requests, aid shipments."
            ),
            path="/schema",
            use_handler_docstrings=True,
            # Both finish the schema: problem+json errors, headers, summaries (openapi.py).
            render_plugins=[FinishedScalar(), FinishedJson()],
            components=Components(
                security_schemes={
                    "bearer": SecurityScheme(type="http", scheme="bearer", bearer_format="JWT"),
                    "session": SecurityScheme(
                        type="apiKey", name="pobratym_session", security_scheme_in="cookie"
                    ),
                }
            ),
            security=[{"bearer": []}, {"session": []}],
        ),
        logging_config=None,
        debug=False,
        on_shutdown=[lambda: logging.getLogger("pobratym").info("shutting down")],
    )
    # Outside Litestar's exception handling and routing, so every response (401, unknown
    # routes, errors) carries X-Request-ID and every request gets its id and access log line.
    app.asgi_handler = RequestIdMiddleware(MetricsMiddleware(app.asgi_handler, app.state.metrics))
    return app
