"""Single sign-on by OpenID Connect (issue 13 item 5), against the test provider in this folder.

The provider (tests/accounts/oidc_provider.py, built from authlib's server components) runs as a
real HTTP server on a loopback port; Pobratym fetches its discovery document, keys and tokens
over HTTP like from any provider. On SQLite and PostgreSQL.
"""

import logging
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import httpx
import pytest
from litestar.testing import TestClient

from application.accounts import AccountService
from domain.user_account import account_id
from infrastructure.bootstrap import Runtime, build
from infrastructure.identity import SESSION_COOKIE
from infrastructure.migrations import upgrade
from infrastructure.settings import ConfigurationError, Settings
from tests.accounts.oidc_provider import CLIENT_ID, CLIENT_SECRET, OidcTestProvider
from tests.accounts.test_accounts import ADMIN
from tests.conftest import auth, make_settings

PUBLIC_URL = "http://testserver.local"  # the Litestar test client's base URL


@pytest.fixture
def provider() -> Iterator[OidcTestProvider]:
    found = OidcTestProvider()
    found.register(PUBLIC_URL + "/auth/sso/callback")
    found.start()
    try:
        yield found
    finally:
        found.stop()


@pytest.fixture
def sso_runtime(
    store_urls: tuple[str, str], provider: OidcTestProvider, clock: Any
) -> Iterator[Runtime]:
    settings = make_settings(
        *store_urls,
        public_url=PUBLIC_URL,
        oidc_enabled=True,
        oidc_issuer=provider.issuer,
        oidc_client_id=CLIENT_ID,
        oidc_client_secret=CLIENT_SECRET,
        oidc_group_roles="clerks=clerk,managers=manager,council-it=admin",
        oidc_timeout_seconds=10,
    )
    upgrade(settings)
    rt = build(settings, clock)
    try:
        yield rt
    finally:
        rt.close()


@pytest.fixture
def sso(sso_runtime: Runtime, client_for: Callable[[Runtime], TestClient]) -> TestClient:
    return client_for(sso_runtime)


def sso_sign_in(client: TestClient, *, state: str | None = None) -> httpx.Response:
    """Start at Pobratym, sign in at the provider (real HTTP), come back with its answer."""
    start = client.get("/auth/sso/start", follow_redirects=False)
    assert start.status_code == 302, start.text
    at_provider = httpx.get(start.headers["location"], follow_redirects=False, timeout=10)
    assert at_provider.status_code == 302, at_provider.text
    back = urlsplit(at_provider.headers["location"])
    assert f"{back.scheme}://{back.netloc}{back.path}" == PUBLIC_URL + "/auth/sso/callback"
    params = {k: v[0] for k, v in parse_qs(back.query).items()}
    if state is not None:
        params["state"] = state
    return client.get("/auth/sso/callback", params=params)


def history(client: TestClient, login: str) -> list[dict[str, Any]]:
    answer = client.get(f"/users/{account_id(login)}/history", headers=ADMIN)
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


def nothing_stored(accounts: AccountService) -> bool:
    return accounts.current(account_id("olena")) is None


def test_sso_opens_an_account_from_the_groups_and_the_same_session_as_a_password(
    sso: TestClient, sso_runtime: Runtime
) -> None:
    answer = sso_sign_in(sso)
    assert answer.status_code == 200, answer.text
    assert answer.json()["login"] == "olena" and answer.json()["roles"] == ["clerk"]
    assert answer.headers["cache-control"] == "no-store"
    cookie = next(
        c for c in answer.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE + "=")
    )
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    me = sso.get("/auth/me")
    assert me.json() == {"login": "olena", "role": "clerk", "roles": ["clerk"], "via": "session"}
    csrf = {"X-CSRF-Token": answer.json()["csrf_token"]}
    assert sso.post("/auth/keys", json={"name": "x"}, headers=csrf).status_code == 201
    events = history(sso, "olena")
    assert [e["type"] for e in events] == ["Created", "ProviderLinked"]
    assert {e["actor"] for e in events} == {"system:sso"}
    account = sso_runtime.accounts.current(account_id("olena"))
    assert account is not None and account.sso_subject == "u-1001"


def test_each_sso_sign_in_makes_the_roles_those_the_groups_map_to_with_events(
    sso: TestClient, sso_runtime: Runtime, provider: OidcTestProvider
) -> None:
    assert sso_sign_in(sso).status_code == 200
    provider.user.groups = ["clerks", "managers", "choir"]
    assert sso_sign_in(sso).json()["roles"] == ["clerk", "manager"]
    provider.user.groups = ["managers"]
    assert sso_sign_in(sso).json()["roles"] == ["manager"]
    events = history(sso, "olena")
    changes = [(e["type"], e["facts"].get("role")) for e in events[2:]]
    assert changes == [("RoleGranted", "manager"), ("RoleRevoked", "clerk")]
    assert "managers" in events[2]["facts"]["reason"]
    assert sso.get("/auth/me").json()["roles"] == ["manager"]
    sso_runtime.extras["projections"].catch_up(timeout=30)
    managers = sso.get(
        "/users",
        params={
            "role": "manager",
            "as_of": datetime.now(ZoneInfo("Europe/Kyiv")).date().isoformat(),
        },
        headers=auth("auditor"),
    )
    assert [h["login"] for h in managers.json()["items"]] == ["olena"]


def test_a_state_that_does_not_match_is_refused_and_nothing_is_stored(
    sso: TestClient, sso_runtime: Runtime
) -> None:
    answer = sso_sign_in(sso, state="forged-state")
    assert answer.status_code == 401
    assert answer.json()["type"].endswith("sso-refused") and "state" in answer.json()["detail"]
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert nothing_stored(sso_runtime.accounts)
    assert SESSION_COOKIE not in sso.cookies


def test_a_callback_without_the_transaction_cookie_is_refused(
    sso: TestClient, sso_runtime: Runtime, client_for: Callable[[Runtime], TestClient]
) -> None:
    start = sso.get("/auth/sso/start", follow_redirects=False)
    back = httpx.get(start.headers["location"], follow_redirects=False, timeout=10)
    params = {k: v[0] for k, v in parse_qs(urlsplit(back.headers["location"]).query).items()}
    other_browser = client_for(sso_runtime)
    answer = other_browser.get("/auth/sso/callback", params=params)
    assert answer.status_code == 401 and answer.json()["type"].endswith("sso-refused")
    assert nothing_stored(sso_runtime.accounts)


@pytest.mark.parametrize(
    ("claims", "named"),
    [
        ({"nonce": "not-the-one-sent"}, "nonce"),
        ({"aud": "another-client"}, "aud"),
        ({"iss": "http://127.0.0.1:1/not-the-provider"}, "iss"),
        ({"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}, "expired"),
    ],
    ids=["nonce-mismatch", "wrong-audience", "wrong-issuer", "expired"],
)
def test_an_id_token_with_a_wrong_claim_is_refused_and_nothing_is_stored(
    sso: TestClient,
    sso_runtime: Runtime,
    provider: OidcTestProvider,
    claims: dict[str, Any],
    named: str,
) -> None:
    provider.id_token_claims = claims
    answer = sso_sign_in(sso)
    assert answer.status_code == 401, answer.text
    problem = answer.json()
    assert problem["type"].endswith("sso-refused") and named in problem["detail"].lower()
    assert nothing_stored(sso_runtime.accounts)
    assert SESSION_COOKIE not in sso.cookies


def test_no_group_that_maps_to_a_role_is_refused_with_403_and_nothing_is_stored(
    sso: TestClient, sso_runtime: Runtime, provider: OidcTestProvider
) -> None:
    provider.user.groups = ["choir", "cleaners"]
    answer = sso_sign_in(sso)
    assert answer.status_code == 403
    assert answer.json()["type"].endswith("sso-no-role")
    assert "POBRATYM_OIDC_GROUP_ROLES" in answer.json()["detail"]
    assert nothing_stored(sso_runtime.accounts)


def test_an_existing_account_with_the_same_email_is_linked(sso: TestClient) -> None:
    made = sso.post(
        "/users",
        json={
            "login": "olena",
            "full_name": "Olena K",
            "email": "Olena@city.kharkiv.ua",
            "roles": ["auditor"],
            "reason": "joined",
        },
        headers=ADMIN,
    )
    assert made.status_code == 201
    answer = sso_sign_in(sso)
    assert answer.status_code == 200 and answer.json()["roles"] == ["clerk"]
    types = [e["type"] for e in history(sso, "olena")]
    assert types[-3:] == ["ProviderLinked", "RoleGranted", "RoleRevoked"]


def test_an_existing_account_with_another_email_is_not_taken_over(sso: TestClient) -> None:
    sso.post(
        "/users",
        json={
            "login": "olena",
            "full_name": "Another Olena",
            "email": "other@city.kharkiv.ua",
            "roles": ["admin"],
            "reason": "joined",
        },
        headers=ADMIN,
    )
    before = history(sso, "olena")
    answer = sso_sign_in(sso)
    assert answer.status_code == 409 and answer.json()["type"].endswith("sso-conflict")
    assert history(sso, "olena") == before


def test_a_disabled_account_is_refused_through_sso_too(sso: TestClient) -> None:
    assert sso_sign_in(sso).status_code == 200
    sso.cookies.clear()
    disabled = sso.post(
        f"/users/{account_id('olena')}/disable", json={"reason": "left"}, headers=ADMIN
    )
    assert disabled.status_code == 200
    answer = sso_sign_in(sso)
    assert answer.status_code == 401 and answer.json()["type"].endswith("account-disabled")


def test_sso_is_off_by_default_and_its_routes_answer_404(client: TestClient) -> None:
    for path in ("/auth/sso/start", "/auth/sso/callback?code=x&state=y"):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 404, answer.text
        assert answer.headers["content-type"].startswith("application/problem+json")


def test_an_unreachable_provider_is_a_503(
    store_urls: tuple[str, str], client_for: Callable[[Runtime], TestClient], clock: Any
) -> None:
    settings = make_settings(
        *store_urls,
        oidc_enabled=True,
        oidc_issuer="http://127.0.0.1:9",  # discard: nothing answers
        oidc_client_id=CLIENT_ID,
        oidc_group_roles="clerks=clerk",
        oidc_timeout_seconds=2,
    )
    upgrade(settings)
    rt = build(settings, clock)
    try:
        answer = client_for(rt).get("/auth/sso/start", follow_redirects=False)
        assert answer.status_code == 503 and answer.json()["type"].endswith("sso-unavailable")
    finally:
        rt.close()


def test_enabling_sso_needs_an_issuer_a_client_and_a_group_mapping() -> None:
    base = {"POBRATYM_SECRET_KEY": "k" * 40, "POBRATYM_OIDC_ENABLED": "true"}
    with pytest.raises(ConfigurationError, match="POBRATYM_OIDC_ISSUER"):
        Settings.from_env(base)
    with pytest.raises(ConfigurationError, match="POBRATYM_OIDC_GROUP_ROLES"):
        Settings.from_env(
            {**base, "POBRATYM_OIDC_ISSUER": "https://id.example", "POBRATYM_OIDC_CLIENT_ID": "p"}
        )
    with pytest.raises(ConfigurationError, match="POBRATYM_OIDC_GROUP_ROLES"):
        Settings.from_env({**base, "POBRATYM_OIDC_GROUP_ROLES": "council=boss"})
    assert Settings.from_env({"POBRATYM_SECRET_KEY": "k" * 40}).oidc_enabled is False


def test_no_code_state_or_session_reaches_a_log_line_of_the_service(
    sso: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    start = sso.get("/auth/sso/start", follow_redirects=False)
    back = httpx.get(start.headers["location"], follow_redirects=False, timeout=10)
    params = {k: v[0] for k, v in parse_qs(urlsplit(back.headers["location"]).query).items()}
    answer = sso.get("/auth/sso/callback", params=params)
    assert answer.status_code == 200
    service = "\n".join(
        r.getMessage() for r in caplog.records if r.name.startswith(("pobratym", "litestar"))
    )
    assert "/auth/sso/callback" in service  # the access log line is there, without its query
    for secret in (params["code"], params["state"], sso.cookies.get(SESSION_COOKIE)):
        assert secret and secret not in service
