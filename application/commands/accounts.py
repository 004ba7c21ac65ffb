"""Commands on staff accounts (issue 13): who may do what, each change with its reason."""

from typing import Annotated, Literal

import msgspec

from application.commands.fields import Command, Name, Text

Role = Literal["clerk", "manager", "auditor", "admin"]
Login = Annotated[str, msgspec.Meta(min_length=2, max_length=63)]
Email = Annotated[str, msgspec.Meta(min_length=3, max_length=254)]
Reason = Annotated[str, msgspec.Meta(min_length=1, max_length=500)]
Secret = Annotated[str, msgspec.Meta(min_length=1, max_length=1024)]
KeyName = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]


class CreateAccount(Command):
    """Open an account for a member of staff, with their roles (a one-time password follows)."""

    login: Login
    full_name: Name
    email: Email
    roles: Annotated[list[Role], msgspec.Meta(min_length=1, max_length=4)]
    reason: Reason | None = None


class GrantRole(Command):
    """Grant a role, saying why."""

    role: Role
    reason: Reason


class RevokeRole(Command):
    """Revoke a role, saying why."""

    role: Role
    reason: Reason


class DisableAccount(Command):
    """Disable an account (sessions, keys, tokens and feeds stop at once), saying why."""

    reason: Reason


class EnableAccount(Command):
    """Enable a disabled account again, saying why."""

    reason: Reason


class ResetPassword(Command):
    """Give the account a one-time password; its owner must change it at the next sign-in."""

    reason: Text | None = None


class SignIn(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A login and password (never logged, never stored)."""

    login: Login
    password: Secret


class ChangePassword(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A new password for the account, proved by the current (or one-time) one."""

    login: Login
    old_password: Secret
    new_password: Secret


class CreateApiKey(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A personal API key for a program: named, shown once, expiring."""

    name: KeyName
    role: Role | None = None
    expires_in_days: Annotated[int, msgspec.Meta(ge=1, le=365)] = 90


class TokenRequest(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """An API key exchanged for a short-lived access token."""

    api_key: Secret
