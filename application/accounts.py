"""Use cases for staff accounts: open, grant and revoke roles, disable, enable, passwords.

Every change is an event on the account with its actor and reason (issue 13), so "who could
approve agreements in March 2023?" is answered from history. Passwords never enter the log: the
use cases here record only that one was set; the hash is kept by infrastructure.identity.
"""

from datetime import timedelta
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from application.account_cache import AccountCache
from application.casework import Casework
from application.clock import Clock
from application.commands.accounts import (
    CreateAccount,
    DisableAccount,
    EnableAccount,
    GrantRole,
    RevokeRole,
)
from application.errors import AccountExists, ConcurrentWrite
from application.service import Caller, CaseService, Policy, Saved, store_errors
from domain.user_account import UserAccount, account_id, check_login


class AccountService(CaseService):
    """What administrators do with staff accounts, and what sign-in records on them."""

    def __init__(
        self,
        app: Casework,
        clock: Clock,
        policy: Policy | None = None,
        cache: AccountCache | None = None,
    ) -> None:
        super().__init__(app, clock, policy)
        self.cache = cache or AccountCache()

    def find(self, login: str) -> UserAccount | None:
        """The account of a login, or None (always current: see `current`)."""
        return self.current(account_id(login))

    def current(self, account: UUID) -> UserAccount | None:
        """The account as it stands now, or None; for reading only (it may be shared).

        One indexed read of the store gives the log position of the account's newest event; the
        cached account is used while that is unchanged, else it is loaded again. So a change
        committed by any process sharing the store is seen by the next lookup.
        """
        with store_errors():
            position = self.app.event_log.last_position(account)
        if position is None:
            self.cache.forget(account)
            return None
        cached = self.cache.get(account, position)
        if cached is not None:
            return cached
        with store_errors():
            try:
                found: object = self.app.repository.get(account)
            except AggregateNotFoundError:
                return None
        if not isinstance(found, UserAccount):
            return None
        # Loaded after `position` was read: never older than it (a newer one is reloaded next).
        self.cache.put(account, position, found)
        return found

    def get_account(self, account: UUID, version: int | None = None) -> UserAccount:
        """An account now, or at a version (404 if none)."""
        if version is not None:
            return self.get_as_of(UserAccount, account, version)
        return self.get(UserAccount, account)

    def create_account(self, cmd: CreateAccount, caller: Caller) -> Saved:
        """Open an account; a login is unique (409), also when two creations race."""
        login = check_login(cmd.login)
        if self.find(login) is not None:
            raise AccountExists(account_id(login))
        account = UserAccount.create(
            self.ctx(caller, cmd.reason or cmd.note),
            login=login,
            full_name=cmd.full_name,
            email=cmd.email,
            roles=list(cmd.roles),
        )
        try:
            return self.saved(account)
        except ConcurrentWrite:
            raise AccountExists(account.id) from None

    def grant_role(
        self, account: UUID, cmd: GrantRole, caller: Caller, expected_version: int | None
    ) -> Saved:
        """Grant a role."""
        found = self.get(UserAccount, account, expected_version)
        found.grant(self.ctx(caller, cmd.note), role=cmd.role, reason=cmd.reason)
        return self.saved(found, expected_version)

    def revoke_role(
        self, account: UUID, cmd: RevokeRole, caller: Caller, expected_version: int | None
    ) -> Saved:
        """Revoke a role: credentials acting in it are refused from the next request."""
        found = self.get(UserAccount, account, expected_version)
        found.revoke(self.ctx(caller, cmd.note), role=cmd.role, reason=cmd.reason)
        return self.saved(found, expected_version)

    def disable_account(
        self, account: UUID, cmd: DisableAccount, caller: Caller, expected_version: int | None
    ) -> Saved:
        """Disable an account: everything it holds is refused from the next request."""
        found = self.get(UserAccount, account, expected_version)
        found.disable(self.ctx(caller, cmd.note), reason=cmd.reason)
        return self.saved(found, expected_version)

    def enable_account(
        self, account: UUID, cmd: EnableAccount, caller: Caller, expected_version: int | None
    ) -> Saved:
        """Enable a disabled account."""
        found = self.get(UserAccount, account, expected_version)
        found.enable(self.ctx(caller, cmd.note), reason=cmd.reason)
        return self.saved(found, expected_version)

    def record_password_set(
        self, account: UUID, caller: Caller, *, must_change: bool, note: str | None = None
    ) -> Saved:
        """Record that a password was set (its owner's, or a one-time one by a reset)."""
        found = self.get(UserAccount, account)
        found.password_set(self.ctx(caller, note), must_change=must_change)
        return self.saved(found)

    def saved(self, case: Any, expected_version: int | None = None, *others: Any) -> Saved:
        """Store a changed account; this process forgets its cached copy at once."""
        try:
            return super().saved(case, expected_version, *others)
        finally:
            self.cache.forget(case.id)

    def record_lockout(
        self, account: UUID, caller: Caller, *, seconds: int, failures: int
    ) -> Saved:
        """Record that repeated failed sign-ins locked the account for a while."""
        found = self.get(UserAccount, account)
        ctx = self.ctx(caller)
        found.lock_out(ctx, until=ctx.now + timedelta(seconds=seconds), failures=failures)
        return self.saved(found)
