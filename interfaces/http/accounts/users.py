"""/users: administrators open accounts, grant and revoke roles, disable, enable, reset passwords;
auditors and managers list accounts, read an account's history and ask who held a role on a date.
"""

from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID
from zoneinfo import ZoneInfo

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import ValidationException
from litestar.params import Parameter

from application.accounts import AccountService
from application.commands.accounts import (
    CreateAccount,
    DisableAccount,
    EnableAccount,
    GrantRole,
    ResetPassword,
    RevokeRole,
)
from application.service import Caller
from domain.user_account import UserAccount
from interfaces.http.accounts.bodies import (
    AccountCreated,
    AccountDetail,
    AccountItem,
    AccountList,
    PasswordReset,
    RoleHolderItem,
    RoleHolders,
    detail_of,
)
from interfaces.http.accounts.principal import identity_of
from interfaces.http.auth import can_admin, can_audit
from interfaces.http.context import case_response, runtime_of
from interfaces.http.deps import IfMatch
from interfaces.http.history import History, HistoryCursor, HistoryLimit, history_of
from projections.accounts import holders_on, list_accounts

Role = Literal["clerk", "manager", "auditor", "admin"]


class UserController(Controller):
    """Staff accounts: administrators change them; auditors ask who could do what, when."""

    path = "/users"

    @get("", guards=[can_audit], sync_to_thread=True)
    def list_users(
        self,
        request: Request[Any, Any, Any],
        role: Annotated[Role | None, Parameter(description="only accounts holding it")] = None,
        as_of: Annotated[
            date | None, Parameter(description="with role: who held it on this day")
        ] = None,
    ) -> AccountList | RoleHolders:
        """Accounts by login; with `role` and `as_of`, who held the role that day (history)."""
        rt = runtime_of(request)
        if as_of is not None:
            if role is None:
                raise ValidationException(
                    "as_of needs a role", extra=[{"key": "role", "message": "give the role"}]
                )
            with rt.read_engine.connect() as conn:
                found = holders_on(conn, role, as_of, ZoneInfo(rt.settings.timezone))
            return RoleHolders(
                role=role,
                as_of=as_of,
                items=[
                    RoleHolderItem(
                        h.account_id,
                        h.login,
                        h.full_name,
                        h.held_from,
                        h.held_until,
                        h.disabled_that_day,
                    )
                    for h in found
                ],
            )
        with rt.read_engine.connect() as conn:
            rows = list_accounts(conn, role)
        return AccountList(
            items=[
                AccountItem(r["id"], r["login"], r["full_name"], r["roles"].split(","), r["status"])
                for r in rows
            ]
        )

    @post("", guards=[can_admin], sync_to_thread=True, status_code=201)
    def create(
        self,
        request: Request[Any, Any, Any],
        data: CreateAccount,
        accounts: AccountService,
        caller: Caller,
    ) -> Response[AccountCreated]:
        """Open an account; its one-time password is shown once and must be changed."""
        saved = accounts.create_account(data, caller)
        password = identity_of(request).reset_password(saved.case.id, caller)
        account = accounts.get_account(saved.case.id)
        return case_response(
            AccountCreated(detail_of(account), password),
            account.version,
            201,
            f"/users/{account.id}",
        )

    @get("/{account_id:uuid}", guards=[can_audit], sync_to_thread=True)
    def detail(self, account_id: UUID, accounts: AccountService) -> Response[AccountDetail]:
        """An account as it stands."""
        account = accounts.get_account(account_id)
        return case_response(detail_of(account), account.version)

    @get("/{account_id:uuid}/history", guards=[can_audit], sync_to_thread=True)
    def history(
        self,
        request: Request[Any, Any, Any],
        account_id: UUID,
        limit: HistoryLimit = 100,
        cursor: HistoryCursor = None,
    ) -> History:
        """Every change to the account: who granted or revoked what, when, and why."""
        return history_of(request, UserAccount, account_id, limit, cursor)

    @post("/{account_id:uuid}/grant", guards=[can_admin], sync_to_thread=True, status_code=200)
    def grant(
        self,
        account_id: UUID,
        data: GrantRole,
        accounts: AccountService,
        caller: Caller,
        if_match: IfMatch,
    ) -> Response[AccountDetail]:
        """Grant a role, saying why."""
        saved = accounts.grant_role(account_id, data, caller, if_match)
        return case_response(detail_of(saved.case), saved.case.version)

    @post("/{account_id:uuid}/revoke", guards=[can_admin], sync_to_thread=True, status_code=200)
    def revoke(
        self,
        account_id: UUID,
        data: RevokeRole,
        accounts: AccountService,
        caller: Caller,
        if_match: IfMatch,
    ) -> Response[AccountDetail]:
        """Revoke a role, saying why: credentials acting in it stop at the next request."""
        saved = accounts.revoke_role(account_id, data, caller, if_match)
        return case_response(detail_of(saved.case), saved.case.version)

    @post("/{account_id:uuid}/disable", guards=[can_admin], sync_to_thread=True, status_code=200)
    def disable(
        self,
        request: Request[Any, Any, Any],
        account_id: UUID,
        data: DisableAccount,
        accounts: AccountService,
        caller: Caller,
        if_match: IfMatch,
    ) -> Response[AccountDetail]:
        """Disable an account: its sessions end; its keys, tokens and feeds stop working."""
        saved = accounts.disable_account(account_id, data, caller, if_match)
        identity_of(request).revoke_sessions(account_id)
        return case_response(detail_of(saved.case), saved.case.version)

    @post("/{account_id:uuid}/enable", guards=[can_admin], sync_to_thread=True, status_code=200)
    def enable(
        self,
        account_id: UUID,
        data: EnableAccount,
        accounts: AccountService,
        caller: Caller,
        if_match: IfMatch,
    ) -> Response[AccountDetail]:
        """Enable a disabled account again, saying why."""
        saved = accounts.enable_account(account_id, data, caller, if_match)
        return case_response(detail_of(saved.case), saved.case.version)

    @post(
        "/{account_id:uuid}/reset-password",
        guards=[can_admin],
        sync_to_thread=True,
        status_code=200,
    )
    def reset_password(
        self,
        request: Request[Any, Any, Any],
        account_id: UUID,
        data: ResetPassword,
        accounts: AccountService,
        caller: Caller,
    ) -> PasswordReset:
        """A one-time password (shown once); its owner must change it before signing in."""
        password = identity_of(request).reset_password(
            account_id, Caller(caller.actor, caller.role, data.reason, caller.correlation_id)
        )
        return PasswordReset(detail_of(accounts.get_account(account_id)), password)
