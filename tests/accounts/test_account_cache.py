"""The per-process account cache (issue 13): fast, bounded, and never a request behind the log.

Two runtimes built on one store stand for two server processes: one changes an account, the
other, whose cache already holds it, must refuse on its very next request.
"""

from collections.abc import Callable, Iterator

import pytest
from litestar.testing import TestClient

from application.account_cache import AccountCache
from application.commands.accounts import CreateAccount, DisableAccount, GrantRole, RevokeRole
from application.service import Caller
from domain.user_account import account_id
from infrastructure.bootstrap import Runtime, build
from infrastructure.migrations import upgrade
from infrastructure.tokens import issue_token
from tests.accounts.test_accounts import ADMIN, create, sign_in
from tests.conftest import SECRET, make_settings

ROOT = Caller(actor="root-admin", role="admin")


@pytest.fixture
def second(store_urls: tuple[str, str], runtime: Runtime) -> Iterator[Runtime]:
    """Another runtime (another process, as far as caches go) on the same store."""
    settings = make_settings(*store_urls)
    upgrade(settings)
    rt = build(settings, runtime.clock)
    try:
        yield rt
    finally:
        rt.close()


def open_account(rt: Runtime, login: str, *roles: str) -> None:
    rt.accounts.create_account(
        CreateAccount(login=login, full_name="T", email=f"{login}@x.ua", roles=list(roles)), ROOT
    )


def test_an_unchanged_account_comes_from_the_cache_and_a_change_reloads_it(
    runtime: Runtime,
) -> None:
    open_account(runtime, "olena", "clerk")
    accounts = runtime.accounts
    first = accounts.current(account_id("olena"))
    assert first is not None and accounts.current(account_id("olena")) is first
    assert accounts.cache.hits >= 1
    accounts.grant_role(
        account_id("olena"), GrantRole(role="manager", reason="promoted"), ROOT, None
    )
    assert account_id("olena") not in accounts.cache  # this process forgot it at once
    again = accounts.current(account_id("olena"))
    assert again is not None and again is not first and "manager" in again.roles


def test_a_change_made_by_another_process_is_seen_by_the_next_lookup(
    runtime: Runtime, second: Runtime
) -> None:
    open_account(runtime, "taras", "clerk", "manager")
    cached = second.accounts.current(account_id("taras"))
    assert cached is not None and account_id("taras") in second.accounts.cache
    runtime.accounts.revoke_role(
        account_id("taras"), RevokeRole(role="manager", reason="moved"), ROOT, None
    )
    # `second` was not told: its cached entry is still there, but its position is outdated.
    assert account_id("taras") in second.accounts.cache
    seen = second.accounts.current(account_id("taras"))
    assert seen is not None and seen.roles == ["clerk"]


def test_a_disabled_account_and_a_revoked_role_are_refused_by_the_other_process_next_request(
    runtime: Runtime, second: Runtime, client_for: Callable[[Runtime], TestClient]
) -> None:
    admin_side, other = client_for(runtime), client_for(second)
    account = create(admin_side, "olena", "clerk", "manager")
    manager = {"Authorization": f"Bearer {issue_token(SECRET, 'olena', 'manager')}"}
    clerk = {"Authorization": f"Bearer {issue_token(SECRET, 'olena', 'clerk')}"}
    csrf = sign_in(other, "olena")
    for _ in range(3):  # warm the other process's cache
        assert other.get("/partners", headers=manager).status_code == 200
        assert other.get("/auth/me").status_code == 200
    assert account_id("olena") in second.accounts.cache
    revoked = admin_side.post(
        f"/users/{account['id']}/revoke", json={"role": "manager", "reason": "x"}, headers=ADMIN
    )
    assert revoked.status_code == 200
    r = other.get("/partners", headers=manager)
    assert r.status_code == 403 and r.json()["type"].endswith("role-not-held")
    assert other.get("/partners", headers=clerk).status_code == 200
    assert other.get("/auth/me").json()["roles"] == ["clerk"]
    disabled = admin_side.post(
        f"/users/{account['id']}/disable", json={"reason": "left"}, headers=ADMIN
    )
    assert disabled.status_code == 200
    r = other.get("/partners", headers=clerk)
    assert r.status_code == 401 and r.json()["type"].endswith("account-disabled")
    assert (
        other.post("/auth/keys", json={"name": "x"}, headers={"X-CSRF-Token": csrf}).status_code
        == 401
    )


def test_the_cache_is_bounded_and_drops_the_least_recently_used(memory_runtime: Runtime) -> None:
    rt = memory_runtime
    rt.accounts.cache = AccountCache(size=2)
    for login in ("anna", "borys", "vira"):
        open_account(rt, login, "clerk")
    rt.accounts.current(account_id("anna"))
    rt.accounts.current(account_id("borys"))
    rt.accounts.current(account_id("anna"))  # anna used last: borys is the oldest
    rt.accounts.current(account_id("vira"))
    assert len(rt.accounts.cache) == 2
    assert account_id("borys") not in rt.accounts.cache
    assert account_id("anna") in rt.accounts.cache and account_id("vira") in rt.accounts.cache


def test_a_cache_holds_at_least_one_account() -> None:
    with pytest.raises(ValueError):
        AccountCache(size=0)


def test_an_unknown_account_is_not_cached(runtime: Runtime) -> None:
    assert runtime.accounts.current(account_id("nobody")) is None
    assert account_id("nobody") not in runtime.accounts.cache
    assert len(runtime.accounts.cache) == 0


def test_disabling_in_this_process_is_seen_at_once(runtime: Runtime) -> None:
    open_account(runtime, "olena", "clerk")
    assert runtime.accounts.current(account_id("olena")).enabled  # type: ignore[union-attr]
    runtime.accounts.disable_account(account_id("olena"), DisableAccount(reason="left"), ROOT, None)
    assert not runtime.accounts.current(account_id("olena")).enabled  # type: ignore[union-attr]
