"""Auth hardening: token checks, who may call every route, no dev secret on PostgreSQL, no leaks."""

import io
import logging
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import jwt
import pytest
from click.testing import CliRunner
from litestar import Litestar
from litestar.testing import TestClient

from infrastructure.bootstrap import Runtime
from infrastructure.settings import AUDIENCE, ISSUER
from infrastructure.tokens import (
    LEEWAY_SECONDS,
    MAX_TTL_SECONDS,
    InvalidToken,
    issue_token,
    verify_token,
)
from interfaces.cli import main
from interfaces.http.app import create_app
from tests.conftest import SECRET, auth, token

ROLES = ("clerk", "manager", "auditor", "admin")
READ = frozenset(ROLES)
WRITE = frozenset({"clerk", "manager", "admin"})
MANAGE = frozenset({"manager", "admin"})
ADMIN = frozenset({"admin"})
AUDIT = frozenset({"auditor", "manager", "admin"})
OPEN = frozenset({"open"})  # no bearer token needed (the route checks its own, or none)
# The staff console: its own session cookie and CSRF token, never a bearer token (tests/web).
CONSOLE = frozenset({"console"})

# Who may call each route. A route added without a row here fails the test that lists them:
# add it with the roles its guard should let through, so removing a guard by mistake fails.
EXPECTED: dict[tuple[str, str], frozenset[str]] = {
    ("GET", "/health"): OPEN,
    ("GET", "/health/live"): OPEN,
    ("GET", "/health/ready"): OPEN,
    ("GET", "/metrics"): OPEN,  # its own token (POBRATYM_METRICS_TOKEN) or loopback only
    ("GET", "/schema"): OPEN,
    ("GET", "/assets/{file_path:path}"): OPEN,  # the docs page's vendored script and style
    ("GET", "/schema/openapi.json"): OPEN,
    ("GET", "/schema/scalar"): OPEN,
    ("GET", "/schema/{path:str}"): OPEN,
    # partners
    ("POST", "/partners"): WRITE,
    ("GET", "/partners"): READ,
    ("GET", "/partners/stats"): READ,
    ("GET", "/partners/{partner_id:uuid}"): READ,
    ("GET", "/partners/{partner_id:uuid}/history"): READ,
    ("POST", "/partners/{partner_id:uuid}/suspend"): MANAGE,
    ("POST", "/partners/{partner_id:uuid}/resume"): MANAGE,
    ("POST", "/partners/{partner_id:uuid}/sever"): MANAGE,
    # agreements
    ("POST", "/agreements"): WRITE,
    ("GET", "/agreements"): READ,
    ("GET", "/agreements/{agreement_id:uuid}"): READ,
    ("GET", "/agreements/{agreement_id:uuid}/history"): READ,
    ("POST", "/agreements/{agreement_id:uuid}/approve"): MANAGE,
    ("POST", "/agreements/{agreement_id:uuid}/sign"): WRITE,
    ("POST", "/agreements/{agreement_id:uuid}/renew"): WRITE,
    ("POST", "/agreements/{agreement_id:uuid}/suspend"): MANAGE,
    ("POST", "/agreements/{agreement_id:uuid}/resume"): MANAGE,
    ("POST", "/agreements/{agreement_id:uuid}/terminate"): MANAGE,
    ("POST", "/agreements/{agreement_id:uuid}/give-notice"): MANAGE,
    ("POST", "/agreements/{agreement_id:uuid}/withdraw"): WRITE,
    ("POST", "/agreements/{agreement_id:uuid}/supersede"): MANAGE,
    ("GET", "/renewals"): READ,
    # FOI requests
    ("POST", "/foi-requests"): WRITE,
    ("GET", "/foi-requests"): READ,
    ("GET", "/foi-requests/stats"): READ,
    ("GET", "/foi-requests/{request_id:uuid}"): READ,
    ("GET", "/foi-requests/{request_id:uuid}/history"): READ,
    ("POST", "/foi-requests/{request_id:uuid}/assign"): WRITE,
    ("POST", "/foi-requests/{request_id:uuid}/extend"): MANAGE,
    ("POST", "/foi-requests/{request_id:uuid}/transfer"): WRITE,
    ("POST", "/foi-requests/{request_id:uuid}/defer"): MANAGE,
    ("POST", "/foi-requests/{request_id:uuid}/clarify"): WRITE,
    ("POST", "/foi-requests/{request_id:uuid}/answer"): WRITE,
    ("POST", "/foi-requests/{request_id:uuid}/record-payment"): WRITE,
    ("POST", "/foi-requests/{request_id:uuid}/withdraw"): WRITE,
    # the calendar
    ("GET", "/calendar"): READ,
    ("POST", "/calendar/overrides"): ADMIN,
    ("POST", "/calendar/overrides/{day:date}/remove"): ADMIN,
    # shipments
    ("POST", "/shipments"): WRITE,
    ("GET", "/shipments"): READ,
    ("GET", "/shipments/stats"): READ,
    ("GET", "/shipments/stock"): READ,
    ("GET", "/shipments/{shipment_id:uuid}"): READ,
    ("GET", "/shipments/{shipment_id:uuid}/history"): READ,
    ("POST", "/shipments/{shipment_id:uuid}/declare"): WRITE,
    ("POST", "/shipments/{shipment_id:uuid}/dispatch"): WRITE,
    ("POST", "/shipments/{shipment_id:uuid}/clear-customs"): WRITE,
    ("POST", "/shipments/{shipment_id:uuid}/receive"): WRITE,
    ("POST", "/shipments/{shipment_id:uuid}/distribute"): WRITE,
    ("POST", "/shipments/{shipment_id:uuid}/write-off"): WRITE,
    ("POST", "/shipments/{shipment_id:uuid}/report"): WRITE,
    ("POST", "/shipments/{shipment_id:uuid}/close"): WRITE,
    ("POST", "/shipments/{shipment_id:uuid}/cancel"): WRITE,
    ("POST", "/shipments/{shipment_id:uuid}/correct-receipt"): WRITE,
    ("POST", "/shipments/{shipment_id:uuid}/reverse-receipt"): WRITE,
    # engagements and projects (issue 17)
    ("POST", "/engagements"): WRITE,
    ("GET", "/engagements"): READ,
    ("GET", "/engagements/stats"): READ,
    ("GET", "/engagements/{engagement_id:uuid}"): READ,
    ("GET", "/engagements/{engagement_id:uuid}/history"): READ,
    ("POST", "/engagements/{engagement_id:uuid}/hold"): WRITE,
    ("POST", "/engagements/{engagement_id:uuid}/postpone"): WRITE,
    ("POST", "/engagements/{engagement_id:uuid}/cancel"): WRITE,
    ("POST", "/engagements/{engagement_id:uuid}/link"): WRITE,
    ("POST", "/engagements/{engagement_id:uuid}/follow-ups"): WRITE,
    ("POST", "/engagements/{engagement_id:uuid}/follow-ups/done"): WRITE,
    ("POST", "/projects"): WRITE,
    ("GET", "/projects"): READ,
    ("GET", "/projects/stats"): READ,
    ("GET", "/projects/{project_id:uuid}"): READ,
    ("GET", "/projects/{project_id:uuid}/history"): READ,
    ("POST", "/projects/{project_id:uuid}/start"): WRITE,
    ("POST", "/projects/{project_id:uuid}/complete"): WRITE,
    ("POST", "/projects/{project_id:uuid}/cancel"): WRITE,
    ("POST", "/projects/{project_id:uuid}/link"): WRITE,
    ("POST", "/projects/{project_id:uuid}/milestones"): WRITE,
    ("POST", "/projects/{project_id:uuid}/milestones/reached"): WRITE,
    # the counterparts directory, honorary consuls, memberships (issue 17 part B)
    ("POST", "/counterparts"): WRITE,
    ("GET", "/counterparts"): READ,
    ("GET", "/counterparts/{counterpart_id:uuid}"): READ,
    ("GET", "/counterparts/{counterpart_id:uuid}/history"): READ,
    ("POST", "/counterparts/{counterpart_id:uuid}/close"): WRITE,
    ("POST", "/counterparts/{counterpart_id:uuid}/reopen"): WRITE,
    ("POST", "/contacts"): WRITE,
    ("GET", "/contacts"): READ,
    ("GET", "/contacts/{contact_id:uuid}"): READ,
    ("GET", "/contacts/{contact_id:uuid}/history"): READ,
    ("POST", "/contacts/{contact_id:uuid}/change"): WRITE,
    ("POST", "/contacts/{contact_id:uuid}/erase"): MANAGE,
    ("POST", "/consuls"): WRITE,
    ("GET", "/consuls"): READ,
    ("GET", "/consuls/{consul_id:uuid}"): READ,
    ("GET", "/consuls/{consul_id:uuid}/history"): READ,
    ("POST", "/consuls/{consul_id:uuid}/extend"): WRITE,
    ("POST", "/consuls/{consul_id:uuid}/end"): WRITE,
    ("POST", "/consuls/{consul_id:uuid}/person"): WRITE,
    ("POST", "/consuls/{consul_id:uuid}/erase"): MANAGE,
    ("POST", "/memberships"): WRITE,
    ("GET", "/memberships"): READ,
    ("GET", "/memberships/{membership_id:uuid}"): READ,
    ("GET", "/memberships/{membership_id:uuid}/history"): READ,
    ("POST", "/memberships/{membership_id:uuid}/renew"): WRITE,
    ("POST", "/memberships/{membership_id:uuid}/end"): WRITE,
    # reads across cases, audit, reports
    ("GET", "/deadlines"): READ,
    ("GET", "/deadlines.ics"): OPEN,
    ("GET", "/reminders"): READ,
    ("GET", "/feed-tokens"): READ,
    ("POST", "/feed-tokens"): READ,
    ("POST", "/feed-tokens/{token_id:uuid}/revoke"): READ,
    ("GET", "/audit/verify"): AUDIT,
    ("GET", "/audit/head"): AUDIT,
    ("GET", "/audit/events"): AUDIT,
    ("GET", "/reports/annual"): READ,
    ("GET", "/reports/annual.csv"): READ,
    ("GET", "/reports/annual.docx"): READ,
    ("GET", "/reports/partners"): READ,
    # staff accounts (issue 13)
    ("GET", "/users"): AUDIT,
    ("POST", "/users"): ADMIN,
    ("GET", "/users/{account_id:uuid}"): AUDIT,
    ("GET", "/users/{account_id:uuid}/history"): AUDIT,
    ("POST", "/users/{account_id:uuid}/grant"): ADMIN,
    ("POST", "/users/{account_id:uuid}/revoke"): ADMIN,
    ("POST", "/users/{account_id:uuid}/disable"): ADMIN,
    ("POST", "/users/{account_id:uuid}/enable"): ADMIN,
    ("POST", "/users/{account_id:uuid}/reset-password"): ADMIN,
    # signing in: these three check a password or an API key themselves
    ("GET", "/auth/sso/start"): OPEN,  # 404 unless single sign-on is enabled
    ("GET", "/auth/sso/callback"): OPEN,
    # documents on every case type that keeps them (issue 18)
    ("GET", "/agreements/{case_id:uuid}/documents"): READ,
    ("GET", "/agreements/{case_id:uuid}/documents/{document_id:uuid}"): READ,
    ("POST", "/agreements/{case_id:uuid}/documents"): WRITE,
    ("POST", "/agreements/{case_id:uuid}/documents/{document_id:uuid}/withdraw"): WRITE,
    ("GET", "/foi-requests/{case_id:uuid}/documents"): READ,
    ("GET", "/foi-requests/{case_id:uuid}/documents/{document_id:uuid}"): READ,
    ("POST", "/foi-requests/{case_id:uuid}/documents"): WRITE,
    ("POST", "/foi-requests/{case_id:uuid}/documents/{document_id:uuid}/withdraw"): WRITE,
    ("GET", "/partners/{case_id:uuid}/documents"): READ,
    ("GET", "/partners/{case_id:uuid}/documents/{document_id:uuid}"): READ,
    ("POST", "/partners/{case_id:uuid}/documents"): WRITE,
    ("POST", "/partners/{case_id:uuid}/documents/{document_id:uuid}/withdraw"): WRITE,
    ("GET", "/shipments/{case_id:uuid}/documents"): READ,
    ("GET", "/shipments/{case_id:uuid}/documents/{document_id:uuid}"): READ,
    ("POST", "/shipments/{case_id:uuid}/documents"): WRITE,
    ("POST", "/shipments/{case_id:uuid}/documents/{document_id:uuid}/withdraw"): WRITE,
    # the correspondence register and the letters generated from a case
    ("GET", "/letters"): READ,
    ("GET", "/letters/export.csv"): READ,
    ("POST", "/letters/incoming"): WRITE,
    ("POST", "/letters/outgoing"): WRITE,
    ("POST", "/foi-requests/{request_id:uuid}/letters/extension-notice"): MANAGE,
    ("POST", "/foi-requests/{request_id:uuid}/letters/transfer-notice"): WRITE,
    ("POST", "/foi-requests/{request_id:uuid}/letters/answer-cover"): WRITE,
    ("POST", "/shipments/{shipment_id:uuid}/letters/report-cover"): WRITE,
    ("POST", "/agreements/{agreement_id:uuid}/letters/renewal-memo"): WRITE,
    # the staff console (session cookie + CSRF; a bearer token opens nothing there)
    ("GET", "/"): CONSOLE,
    ("GET", "/console"): CONSOLE,
    ("GET", "/console/admin"): CONSOLE,
    ("GET", "/console/agreements"): CONSOLE,
    ("GET", "/console/audit"): CONSOLE,
    ("GET", "/console/audit/export"): CONSOLE,
    ("GET", "/console/audit/verify"): CONSOLE,
    ("GET", "/console/foi"): CONSOLE,
    ("GET", "/console/lang"): CONSOLE,
    ("GET", "/console/me"): CONSOLE,
    ("GET", "/console/partners"): CONSOLE,
    ("GET", "/console/shipments"): CONSOLE,
    ("GET", "/console/shipments/stock"): CONSOLE,
    ("GET", "/console/sign-in"): CONSOLE,
    ("GET", "/console/static/{file_path:path}"): CONSOLE,
    ("GET", "/console/today"): CONSOLE,
    ("GET", "/console/{kind:str}/new"): CONSOLE,
    ("GET", "/console/{kind:str}/{case_id:uuid}"): CONSOLE,
    ("POST", "/console/admin/accounts"): CONSOLE,
    ("POST", "/console/admin/accounts/{account_id:uuid}/{change:str}"): CONSOLE,
    ("POST", "/console/admin/calendar"): CONSOLE,
    ("POST", "/console/admin/deliveries/retry"): CONSOLE,
    ("POST", "/console/me/feed"): CONSOLE,
    ("POST", "/console/password"): CONSOLE,
    ("POST", "/console/sign-in"): CONSOLE,
    ("POST", "/console/sign-out"): CONSOLE,
    ("POST", "/console/{kind:str}/new"): CONSOLE,
    ("POST", "/console/{kind:str}/{case_id:uuid}/{command:str}"): CONSOLE,
    ("GET", "/console/consuls"): CONSOLE,
    ("GET", "/console/contacts"): CONSOLE,
    ("GET", "/console/counterparts"): CONSOLE,
    ("GET", "/console/engagements"): CONSOLE,
    ("GET", "/console/letters"): CONSOLE,
    ("GET", "/console/memberships"): CONSOLE,
    ("GET", "/console/projects"): CONSOLE,
    ("GET", "/console/{kind:str}/{case_id:uuid}/documents/{document_id:uuid}"): CONSOLE,
    ("POST", "/console/letters/{direction:str}"): CONSOLE,
    ("POST", "/console/{kind:str}/{case_id:uuid}/documents"): CONSOLE,
    ("POST", "/console/{kind:str}/{case_id:uuid}/documents/{document_id:uuid}/withdraw"): CONSOLE,
    ("POST", "/console/{kind:str}/{case_id:uuid}/letters/{letter:str}"): CONSOLE,
    ("POST", "/auth/sign-in"): OPEN,
    ("POST", "/auth/password"): OPEN,
    ("POST", "/auth/token"): OPEN,
    ("POST", "/auth/sign-out"): READ,
    ("GET", "/auth/me"): READ,
    ("GET", "/auth/keys"): READ,
    ("POST", "/auth/keys"): READ,
    ("POST", "/auth/keys/{key_id:uuid}/revoke"): READ,
}
SAMPLE = {"uuid": str(uuid.UUID(int=7)), "date": "2026-01-05", "str": "openapi.yaml"}


@pytest.fixture
def app(memory_runtime: Runtime) -> Litestar:
    """The application (in-memory events, SQLite read models)."""
    return create_app(memory_runtime)


def routes(app: Litestar) -> set[tuple[str, str]]:
    """Every (method, path) the application serves (HEAD and OPTIONS aside)."""
    found = set()
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            for method in handler.http_methods:
                if method not in ("HEAD", "OPTIONS"):
                    found.add((method, route.path))
    return found


def concrete(path: str) -> str:
    """A path with sample values for its parameters."""
    out = path
    for kind, value in SAMPLE.items():
        while f":{kind}}}" in out:
            start = out.index("{")
            end = out.index(f":{kind}}}") + len(kind) + 2
            out = out[:start] + value + out[end:]
    return out


def test_every_route_of_the_app_has_a_row_in_the_role_table(app):
    served = routes(app)
    missing = sorted(served - set(EXPECTED))
    gone = sorted(set(EXPECTED) - served)
    assert not missing, (
        "ROUTES WITHOUT A ROW IN tests/reliability/test_auth.py EXPECTED (add who may call "
        f"them): {missing}"
    )
    assert not gone, f"rows for routes the app no longer serves: {gone}"


CONSOLE_OPEN_PAGES = {"/console/sign-in", "/console/static/{file_path:path}", "/console/lang"}


def _open_page(path: str) -> bool:
    """Console pages anyone may open: the sign-in form, its style sheet, the language switch."""
    return path in CONSOLE_OPEN_PAGES


def test_each_role_may_call_exactly_the_routes_of_the_table(app):
    wrong = []
    calls = 0
    with TestClient(app, raise_server_exceptions=False) as client:
        for (method, path), allowed in sorted(EXPECTED.items()):
            url = concrete(path)
            body = {"json": {}} if method == "POST" else {}
            if allowed == CONSOLE:
                # Without a console session: sent to sign-in or refused, never served or a 500;
                # a bearer token of any role changes nothing.
                for headers in ({}, *(auth(role) for role in ROLES)):
                    r = client.request(method, url, headers=headers, follow_redirects=False)
                    calls += 1
                    if r.status_code == 500 or (r.status_code == 200 and not _open_page(path)):
                        wrong.append(
                            (method, path, "bearer" if headers else "anonymous", r.status_code)
                        )
                continue
            if allowed == OPEN:
                r = client.request(method, url, **body)
                calls += 1
                if r.status_code in (403, 500) or "bearer token is required" in r.text:
                    wrong.append((method, path, "anonymous", r.status_code))
                continue
            r = client.request(method, url, **body)
            calls += 1
            if r.status_code != 401:
                wrong.append((method, path, "anonymous", r.status_code))
            for role in ROLES:
                r = client.request(method, url, headers=auth(role), **body)
                calls += 1
                refused = r.status_code == 403 and "may not do this" in r.text
                if r.status_code in (401, 500) or refused == (role in allowed):
                    wrong.append((method, path, role, r.status_code))
    assert not wrong, f"(method, path, role, status) against the table: {wrong}"
    assert calls > 4 * len(EXPECTED) - 30


# -- tokens ---------------------------------------------------------------------------------------


def claims(**changes: Any) -> dict[str, Any]:
    """Valid claims, changed or with some removed (value None)."""
    now = int(time.time())
    out: dict[str, Any] = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": "olena",
        "role": "clerk",
        "iat": now,
        "nbf": now,
        "exp": now + 600,
    }
    out.update(changes)
    return {k: v for k, v in out.items() if v is not None}


def signed(values: dict[str, Any], algorithm: str = "HS256", secret: str = SECRET) -> str:
    """A token with these claims."""
    return jwt.encode(values, secret, algorithm=algorithm)


def strong(values: dict[str, Any], algorithm: str) -> str:
    """Signed with another HMAC algorithm and our secret (PyJWT warns the key is short for it)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return signed(values, algorithm)


BEYOND = LEEWAY_SECONDS + 60
WITHIN = LEEWAY_SECONDS // 3
# Built when a test runs: a token made at import time would age during a long run.
REFUSED: dict[str, Callable[[], str]] = {
    "expired": lambda: signed(claims(exp=int(time.time()) - BEYOND)),
    "nbf in the future": lambda: signed(claims(nbf=int(time.time()) + BEYOND)),
    "iat in the future": lambda: signed(claims(iat=int(time.time()) + BEYOND)),
    "no exp": lambda: signed(claims(exp=None)),
    "exp beyond 90 days": lambda: signed(claims(exp=int(time.time()) + MAX_TTL_SECONDS + BEYOND)),
    "exp 10^20": lambda: signed(claims(exp=10**20)),
    "no iat": lambda: signed(claims(iat=None)),
    "no sub": lambda: signed(claims(sub=None)),
    "no iss": lambda: signed(claims(iss=None)),
    "no aud": lambda: signed(claims(aud=None)),
    "no role": lambda: signed(claims(role=None)),
    "empty sub": lambda: signed(claims(sub="")),
    "unknown role": lambda: signed(claims(role="root")),
    "wrong aud": lambda: signed(claims(aud="another-api")),
    "wrong iss": lambda: signed(claims(iss="someone-else")),
    "alg none": lambda: jwt.encode(claims(), None, algorithm="none"),
    "HS512": lambda: strong(claims(), "HS512"),
    "HS384": lambda: strong(claims(), "HS384"),
    "another secret": lambda: signed(claims(), secret="another-secret-" + "y" * 40),
    "garbage": lambda: "not.a.token",
}


@pytest.mark.parametrize("label", sorted(REFUSED))
def test_a_token_that_fails_a_check_is_refused(label):
    with pytest.raises(InvalidToken):
        verify_token(SECRET, REFUSED[label]())


def test_clock_skew_within_the_leeway_is_tolerated_and_no_more():
    now = int(time.time())
    assert verify_token(SECRET, signed(claims(exp=now - WITHIN))).subject == "olena"
    assert verify_token(SECRET, signed(claims(nbf=now + WITHIN, iat=now + WITHIN))).role == "clerk"
    assert LEEWAY_SECONDS <= 60, "clock skew must stay bounded"


@pytest.mark.parametrize("label", ["expired", "alg none", "HS512", "wrong aud", "no exp"])
def test_a_refused_token_is_401_problem_json_over_http(app, label):
    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.get("/partners", headers={"Authorization": f"Bearer {REFUSED[label]()}"})
    assert r.status_code == 401
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.headers["www-authenticate"].startswith("Bearer")


def test_issued_tokens_carry_every_checked_claim():
    values = jwt.decode(
        issue_token(SECRET, "olena", "clerk"),
        SECRET,
        algorithms=["HS256"],
        audience=AUDIENCE,
        issuer=ISSUER,
    )
    assert {"iss", "aud", "sub", "role", "iat", "nbf", "exp", "jti"} <= set(values)
    assert jwt.get_unverified_header(issue_token(SECRET, "olena", "clerk"))["alg"] == "HS256"


# -- serving ---------------------------------------------------------------------------------


def test_the_server_refuses_to_serve_postgresql_with_the_development_secret(tmp_path, monkeypatch):
    var = tmp_path / "var"
    var.mkdir()
    (var / "secret_key").write_text("generated-" + "z" * 40)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("POBRATYM_SECRET_KEY", raising=False)
    monkeypatch.setenv("POBRATYM_VAR_DIR", str(var))
    monkeypatch.setenv("POBRATYM_DATABASE_URL", "postgresql://postgres@127.0.0.1:1/none")
    result = CliRunner().invoke(main, ["serve", "--port", "1"])
    assert result.exit_code != 0
    assert "development secret" in result.output


def test_the_server_refuses_to_serve_postgresql_without_a_secret(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("POBRATYM_SECRET_KEY", raising=False)
    monkeypatch.setenv("POBRATYM_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("POBRATYM_DATABASE_URL", "postgresql://postgres@127.0.0.1:1/none")
    result = CliRunner().invoke(main, ["serve", "--port", "1"])
    assert result.exit_code != 0
    assert "POBRATYM_SECRET_KEY" in result.output


@pytest.mark.parametrize("database", ["postgresql://postgres@127.0.0.1:1/none", "sqlite:///x"])
def test_the_server_and_token_issue_refuse_a_secret_shorter_than_32_bytes(
    tmp_path, monkeypatch, database
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("POBRATYM_SECRET_KEY", "x")
    monkeypatch.setenv("POBRATYM_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("POBRATYM_DATABASE_URL", database)
    for args in (["serve", "--port", "1"], ["token", "issue", "--user", "o", "--role", "clerk"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code != 0
        assert "too short" in result.output and "32" in result.output
    from interfaces.http.asgi import create

    with pytest.raises(SystemExit, match="too short"):
        create()


# -- logs ------------------------------------------------------------------------------------


@pytest.fixture
def captured_logs() -> Iterator[io.StringIO]:
    """Everything logged, at every level, by every logger, while the test runs."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s %(args)s"))
    root = logging.getLogger()
    before = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(before)


def test_tokens_and_requester_contacts_never_reach_the_logs(memory_runtime, captured_logs):
    from interfaces.http.context import configure_logging

    configure_logging()  # the server's own logging set-up (access lines with request ids)
    logging.getLogger().setLevel(logging.DEBUG)
    bearer = token("clerk", "clerk-olena")
    email, phone = "private.person@example.org", "+380 50 123 45 67"
    request = {
        "requester": {
            "name": "Приватна особа",
            "kind": "individual",
            "email": email,
            "phone": phone,
        },
        "channel": "email",
        "received_on": "2026-11-20",
        "subject": "Запит",
        "text": "Текст",
    }
    with TestClient(create_app(memory_runtime), raise_server_exceptions=False) as client:
        headers = {"Authorization": f"Bearer {bearer}"}
        r = client.post("/foi-requests", json=request, headers=headers)
        assert r.status_code == 201, r.text
        rid = r.json()["id"]
        client.post(
            f"/foi-requests/{rid}/assign", json={"officer": email}, headers=headers
        )  # an error path too: a bad body naming the contact
        client.post("/foi-requests", json={**request, "channel": email}, headers=headers)
        client.get(f"/foi-requests/{rid}/history", headers=headers)
        client.get("/partners", headers={"Authorization": f"Bearer {bearer}x"})  # refused
    logged = captured_logs.getvalue()
    assert logged, "nothing was logged: the capture is broken"
    for secret in (bearer, bearer[-20:], email, phone, phone.replace(" ", "")):
        assert secret not in logged, f"{secret[:12]}... appears in the logs"
