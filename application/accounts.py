"""Use cases for staff accounts: open, grant and revoke roles, disable, enable, passwords.

Every change is an event on the account with its actor and reason (issue 13), so "who could
approve agreements in March 2023?" is answered from history. Passwords never enter the log: the
use cases here record only that one was set; the hash is kept by infrastructure.identity.
"""

from datetime import timedelta
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from application.commands.accounts import (
    CreateAccount,
    DisableAccount,
    EnableAccount,
    GrantRole,
    RevokeRole,
)
from application.errors import AccountExists, ConcurrentWrite
from application.service import Caller, CaseService, Saved, store_errors
from domain.user_account import UserAccount, account_id, check_login


class AccountService(CaseService):
    """What administrators do with staff accounts, and what sign-in records on them."""

    def find(self, login: str) -> UserAccount | None:
        """The account of a login, or None (read from the event log: always current)."""
        with store_errors():
            try:
                found: object = self.app.repository.get(account_id(login))
            except AggregateNotFoundError:
                return None
        return found if isinstance(found, UserAccount) else None

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

    def record_lockout(
        self, account: UUID, caller: Caller, *, seconds: int, failures: int
    ) -> Saved:
        """Record that repeated failed sign-ins locked the account for a while."""
        found = self.get(UserAccount, account)
        ctx = self.ctx(caller)
        found.lock_out(ctx, until=ctx.now + timedelta(seconds=seconds), failures=failures)
        return self.saved(found)
