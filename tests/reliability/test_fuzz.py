"""Schemathesis against the live OpenAPI document: every operation, every role, no 5xx.

`make test` runs a few examples per operation and role; `make fuzz` sets POBRATYM_FUZZ_EXAMPLES
higher. Every answer must be below 500 and fit the response schema the document declares.
"""

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from litestar import Litestar
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from application.clock import FixedClock
from application.commands.agreements import ProposeAgreement
from application.commands.partners import RegisterPartner
from application.service import Caller
from infrastructure.bootstrap import Runtime, build
from infrastructure.migrations import upgrade
from interfaces.http.app import create_app
from tests.conftest import auth, make_settings
from tests.reliability.support import env_int

EXAMPLES = env_int("POBRATYM_FUZZ_EXAMPLES", 4)
# The coverage phase (boundary values of every parameter) sends thousands of requests: make fuzz.
COVERAGE = bool(env_int("POBRATYM_FUZZ_COVERAGE", 0))
ROLES = ("clerk", "manager", "auditor", "admin")
# Every answer fits the contract: a documented status, its media type, headers and body schema.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def fuzz_runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runtime]:
    """A runtime on SQLite files with a few real cases in it."""
    tmp = tmp_path_factory.mktemp("fuzz")
    settings = make_settings(f"sqlite:///{tmp / 'e.sqlite3'}", f"sqlite:///{tmp / 'r.sqlite3'}")
    upgrade(settings)
    rt = build(settings, FixedClock.on(date(2026, 11, 23)))
    olena = Caller(actor="olena")
    partner = rt.partners.register_partner(
        RegisterPartner(name="Lublin", country="PL", kind="city"), olena
    ).case
    rt.agreements.propose_agreement(
        ProposeAgreement(kind="memorandum", title="T", partner_ids=[partner.id]), olena
    )
    # The in-process projection engine runs as under `pobratym serve` (schemathesis sends no
    # lifespan startup): otherwise every `min_position` read would honestly answer 503 lagging.
    for start in rt.extras.get("on_startup", []):
        start()
    try:
        yield rt
    finally:
        rt.close()


@pytest.fixture(scope="module")
def fuzz_app(fuzz_runtime: Runtime) -> Litestar:
    """The application under test."""
    return create_app(fuzz_runtime)


@pytest.fixture(scope="module")
def api_schema(fuzz_app: Litestar) -> Any:
    """The OpenAPI document as the running app serves it."""
    loaded = schemathesis.openapi.from_asgi("/schema/openapi.json", fuzz_app)
    loaded.config.phases.coverage.enabled = COVERAGE
    return loaded


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_no_request_gets_a_5xx_and_every_answer_fits_the_schema(
    case: Any, module_figures: dict[str, Any]
) -> None:
    # The figures add up over every operation, in any order, and are shown after the run.
    module_figures.setdefault("examples_per_operation", EXAMPLES)
    module_figures.setdefault("coverage_phase", COVERAGE)
    for role in ROLES:  # every example is sent with a valid token of each role
        response = case.call_and_validate(headers=auth(role), checks=CHECKS)
        answered = f"{response.status_code // 100}xx"
        module_figures["cases"] = module_figures.get("cases", 0) + 1
        module_figures[answered] = module_figures.get(answered, 0) + 1
