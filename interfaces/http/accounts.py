"""HTTP: staff accounts (admin commands, auditors' questions) and signing in (issue 13).

/users: open accounts, grant and revoke roles, disable, enable, reset a password (administrators);
list them, read an account's history, and ask who held a role on a date (auditors, managers).
/auth: sign in with a password (a server-side session in a cookie, with a CSRF token), sign out,
change a password, personal API keys and the short-lived access tokens made from them.
"""

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID
from zoneinfo import ZoneInfo

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.exceptions import NotFoundException, ValidationException
from litestar.params import Parameter

from application.accounts import AccountService
from application.commands.accounts import (
    ChangePassword,
    CreateAccount,
    CreateApiKey,
    DisableAccount,
    EnableAccount,
    GrantRole,
    ResetPassword,
    RevokeRole,
    SignIn,
    TokenRequest,
)
from application.service import Caller
from domain.user_account import UserAccount
from infrastructure.identity import (
    CSRF_COOKIE,
    SESSION_ABSOLUTE,
    SESSION_COOKIE,
    ApiKey,
    Identity,
    address_of,
)
from infrastructure.tokens import Principal
from interfaces.http.auth import can_admin, can_audit, can_read
from interfaces.http.context import case_response, runtime_of
from interfaces.http.deps import IfMatch
from interfaces.http.history import History, HistoryCursor, HistoryLimit, history_of
from projections.accounts import holders_on, list_accounts

Role = Literal["clerk", "manager", "auditor", "admin"]


class AccountDetail(msgspec.Struct):
    """A staff account: login, name, e-mail, roles, and whether it may sign in."""

    id: UUID
    login: str
    full_name: str
    email: str
    roles: list[str]
    status: str
    must_change_password: bool
    version: int


class AccountCreated(msgspec.Struct):
    """A new account, and its one-time password (shown this once; change at first sign-in)."""

    account: AccountDetail
    one_time_password: str


class PasswordReset(msgspec.Struct):
    """A one-time password (shown this once; its owner must change it to sign in)."""

    account: AccountDetail
    one_time_password: str


class AccountItem(msgspec.Struct):
    """An account in a list."""

    id: UUID
    login: str
    full_name: str
    roles: list[str]
    status: str


class AccountList(msgspec.Struct, kw_only=True):
    """Accounts by login."""

    # One of two answers of GET /users: `kind` tells them apart (and the schema's oneOf too).
    kind: Literal["accounts"] = "accounts"
    items: list[AccountItem]


class RoleHolderItem(msgspec.Struct):
    """An account that held the role on the day asked about, from history."""

    id: UUID
    login: str
    full_name: str
    held_from: datetime
    held_until: datetime | None
    disabled_that_day: bool


class RoleHolders(msgspec.Struct, kw_only=True):
    """Who held a role on a date (any moment of that day, Europe/Kyiv)."""

    kind: Literal["role_holders"] = "role_holders"
    role: str
    as_of: date
    items: list[RoleHolderItem]


class SignedInBody(msgspec.Struct):
    """A session was opened: the CSRF token to send as X-CSRF-Token on every change."""

    login: str
    roles: list[str]
    csrf_token: str
    expires_at: datetime


class Me(msgspec.Struct):
    """Who you are signed in as."""

    login: str
    role: str
    roles: list[str]
    via: str


class AccessToken(msgspec.Struct):
    """A short-lived bearer token made from an API key."""

    access_token: str
    token_type: str
    expires_in: int


class ApiKeyItem(msgspec.Struct):
    """An API key (its secret is shown only when created)."""

    id: UUID
    name: str
    role: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


class ApiKeyCreated(msgspec.Struct):
    """A new API key: the secret, shown this once (exchange it at POST /auth/token)."""

    key: ApiKeyItem
    api_key: str


class ApiKeyList(msgspec.Struct):
    """Your API keys, newest first."""

    items: list[ApiKeyItem]


def _detail(account: UserAccount) -> AccountDetail:
    return AccountDetail(
        id=account.id,
        login=account.login,
        full_name=account.full_name,
        email=account.email,
        roles=list(account.roles),
        status=str(account.status),
        must_change_password=account.must_change_password,
        version=account.version,
    )


def _key_item(key: ApiKey) -> ApiKeyItem:
    return msgspec.convert(key, ApiKeyItem, from_attributes=True)


def _identity(request: Request[Any, Any, Any]) -> Identity:
    return runtime_of(request).identity


def _principal(request: Request[Any, Any, Any]) -> Principal:
    user: Principal = request.user
    return user


def _secure(request: Request[Any, Any, Any]) -> bool:
    setting = runtime_of(request).settings.cookie_secure
    if setting is not None:
        return setting
    return request.url.scheme == "https"


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
        password = _identity(request).reset_password(saved.case.id, caller)
        account = accounts.get_account(saved.case.id)
        return case_response(
            AccountCreated(_detail(account), password),
            account.version,
            201,
            f"/users/{account.id}",
        )

    @get("/{account_id:uuid}", guards=[can_audit], sync_to_thread=True)
    def detail(self, account_id: UUID, accounts: AccountService) -> Response[AccountDetail]:
        """An account as it stands."""
        account = accounts.get_account(account_id)
        return case_response(_detail(account), account.version)

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
        return case_response(_detail(saved.case), saved.case.version)

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
        return case_response(_detail(saved.case), saved.case.version)

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
        _identity(request).revoke_sessions(account_id)
        return case_response(_detail(saved.case), saved.case.version)

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
        return case_response(_detail(saved.case), saved.case.version)

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
        password = _identity(request).reset_password(
            account_id, Caller(caller.actor, caller.role, data.reason, caller.correlation_id)
        )
        return PasswordReset(_detail(accounts.get_account(account_id)), password)


class AuthController(Controller):
    """Signing in and out, passwords, personal API keys and access tokens."""

    path = "/auth"

    @post("/sign-in", sync_to_thread=True, status_code=200)
    def sign_in(self, request: Request[Any, Any, Any], data: SignIn) -> Response[SignedInBody]:
        """Open a session (cookie) with a login and password; a new session id every time."""
        identity = _identity(request)
        old = request.cookies.get(SESSION_COOKIE)
        signed = identity.sign_in(
            data.login, data.password, address_of(request.client.host if request.client else None)
        )
        if old:
            identity.sign_out(old)  # rotated: the id a browser held before is worthless now
        secure = _secure(request)
        seconds = int(SESSION_ABSOLUTE.total_seconds())
        cookies = [
            Cookie(
                key=SESSION_COOKIE,
                value=signed.session_id,
                httponly=True,
                samesite="lax",
                secure=secure,
                path="/",
                max_age=seconds,
            ),
            Cookie(
                key=CSRF_COOKIE,
                value=signed.csrf_token,
                httponly=False,
                samesite="lax",
                secure=secure,
                path="/",
                max_age=seconds,
            ),
        ]
        body = SignedInBody(
            signed.account.login, list(signed.account.roles), signed.csrf_token, signed.expires_at
        )
        return Response(body, cookies=cookies, headers={"Cache-Control": "no-store"})

    @post("/sign-out", guards=[can_read], sync_to_thread=True, status_code=204)
    def sign_out(self, request: Request[Any, Any, Any]) -> Response[None]:
        """End this session (a bearer token simply expires)."""
        session = request.cookies.get(SESSION_COOKIE)
        if session:
            _identity(request).sign_out(session)
        return Response(
            None,
            status_code=204,
            cookies=[
                Cookie(key=SESSION_COOKIE, value="", max_age=0, path="/", httponly=True),
                Cookie(key=CSRF_COOKIE, value="", max_age=0, path="/"),
            ],
        )

    @post("/password", sync_to_thread=True, status_code=204)
    def change_password(
        self, request: Request[Any, Any, Any], data: ChangePassword
    ) -> Response[None]:
        """Change a password with the current (or one-time) one; other sessions end."""
        _identity(request).change_password(
            data.login,
            data.old_password,
            data.new_password,
            address_of(request.client.host if request.client else None),
        )
        return Response(None, status_code=204)

    @get("/me", guards=[can_read], sync_to_thread=False)
    def me(self, request: Request[Any, Any, Any]) -> Me:
        """Who you are signed in as, and how."""
        user = _principal(request)
        via = "session" if user.session else ("api-key" if user.key else "token")
        return Me(user.subject, user.role, sorted(user.roles), via)

    @post("/token", sync_to_thread=True, status_code=200)
    def token(self, request: Request[Any, Any, Any], data: TokenRequest) -> AccessToken:
        """Exchange an API key for an access token (15 minutes)."""
        token, seconds = _identity(request).exchange(data.api_key)
        return AccessToken(token, "Bearer", seconds)

    @post("/keys", guards=[can_read], sync_to_thread=True, status_code=201)
    def create_key(self, request: Request[Any, Any, Any], data: CreateApiKey) -> ApiKeyCreated:
        """A personal API key (shown once), in a role you hold, expiring."""
        key, secret = _identity(request).create_key(
            _principal(request), data.name, data.role, data.expires_in_days
        )
        return ApiKeyCreated(_key_item(key), secret)

    @get("/keys", guards=[can_read], sync_to_thread=True)
    def keys(self, request: Request[Any, Any, Any], accounts: AccountService) -> ApiKeyList:
        """Your API keys, newest first."""
        account = accounts.find(_principal(request).subject)
        if account is None:
            return ApiKeyList([])
        return ApiKeyList([_key_item(k) for k in _identity(request).keys_of(account.id)])

    @post("/keys/{key_id:uuid}/revoke", guards=[can_read], sync_to_thread=True, status_code=200)
    def revoke_key(
        self, request: Request[Any, Any, Any], key_id: UUID, accounts: AccountService
    ) -> ApiKeyItem:
        """Revoke one of your API keys (an administrator may revoke anyone's)."""
        user = _principal(request)
        account = accounts.find(user.subject)
        owner = None if "admin" in user.roles else (account.id if account else UUID(int=0))
        key = _identity(request).revoke_key(key_id, owner)
        if key is None:
            raise NotFoundException(f"you have no API key {key_id}")
        return _key_item(key)
