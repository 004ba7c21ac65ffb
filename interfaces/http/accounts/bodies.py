"""The bodies the account and sign-in routes answer with (msgspec structs)."""

from datetime import date, datetime
from typing import Literal
from uuid import UUID

import msgspec

from domain.user_account import UserAccount
from infrastructure.identity import ApiKey


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


def detail_of(account: UserAccount) -> AccountDetail:
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


def key_item(key: ApiKey) -> ApiKeyItem:
    return msgspec.convert(key, ApiKeyItem, from_attributes=True)
