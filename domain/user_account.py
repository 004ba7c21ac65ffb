"""UserAccount: a member of staff who may sign in, and the roles they hold (issue 13).

Who may do what is itself an audited history: every creation, role granted or revoked,
disabling, re-enabling, password set and lockout is an event with its actor and reason, like any
case. A password never enters an event (not even its hash): the event says only that one was
set; the argon2id hash lives in a credentials table outside the log.
"""

import re
from datetime import datetime
from enum import StrEnum
from typing import ClassVar, Final
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from domain.case import Case
from domain.errors import RuleViolation
from domain.meta import Ctx, Meta

ROLES: Final = ("clerk", "manager", "auditor", "admin")
# The role a principal acts in when an account holds several: the widest first.
ROLE_ORDER: Final = ("admin", "manager", "clerk", "auditor")
LOGIN = re.compile(r"^[a-z][a-z0-9._-]{1,62}$")
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{1,63}$")


class AccountStatus(StrEnum):
    """Whether the account may sign in and act."""

    ACTIVE = "active"
    DISABLED = "disabled"


S = AccountStatus
TRANSITIONS: Final = {
    "disable": (frozenset({S.ACTIVE}), S.DISABLED),
    "enable": (frozenset({S.DISABLED}), S.ACTIVE),
}


def normal_login(login: str) -> str:
    """A login as stored: trimmed and lower-case."""
    return login.strip().lower()


def account_id(login: str) -> UUID:
    """The deterministic id of a login's account: two creations of one login race for one id."""
    return uuid5(NAMESPACE_URL, f"pobratym:user-account:{normal_login(login)}")


def check_login(login: str) -> str:
    """A login is 2-63 lower-case letters, digits, '.', '_' or '-', starting with a letter."""
    value = normal_login(login)
    if not LOGIN.match(value):
        raise RuleViolation.on(
            "login", "a login is 2-63 letters, digits, '.', '_' or '-', starting with a letter"
        )
    return value


def check_role(role: str, field: str = "role") -> str:
    """One of the four staff roles (API.md: clerk, manager, auditor, admin)."""
    if role not in ROLES:
        raise RuleViolation.on(field, f"unknown role {role!r}; one of {', '.join(ROLES)}")
    return role


def check_reason(reason: str | None) -> str:
    """Changing who may do what needs a reason on record (issue 13: audited like any case)."""
    text = (reason or "").strip()
    if not text:
        raise RuleViolation.on("reason", "say why (the reason is kept in the account's history)")
    return text


def primary_role(roles: list[str] | tuple[str, ...] | frozenset[str]) -> str | None:
    """The widest role held (admin, manager, clerk, auditor), or None for no role."""
    for role in ROLE_ORDER:
        if role in roles:
            return role
    return None


class UserAccount(Case):
    """A member of staff's account: login, name, e-mail, roles, and whether it is enabled."""

    TRANSITIONS: ClassVar = TRANSITIONS

    login: str
    full_name: str
    email: str
    roles: list[str]
    status: AccountStatus
    must_change_password: bool
    password_set_at: datetime | None
    locked_until: datetime | None
    # Single sign-on (issue 13 item 5): the identity provider account linked, if any. Class-level
    # defaults, so accounts opened (or snapshotted) before single sign-on existed load too.
    sso_issuer: str | None = None
    sso_subject: str | None = None

    @staticmethod
    def create_id(login: str) -> UUID:
        """One account per login, found again by it."""
        return account_id(login)

    @classmethod
    def create(
        cls, ctx: Ctx, *, login: str, full_name: str, email: str, roles: list[str]
    ) -> "UserAccount":
        """Open an account with at least one role."""
        value = check_login(login)
        if not full_name.strip():
            raise RuleViolation.on("full_name", "the full name must not be empty")
        if not EMAIL.match(email.strip()):
            raise RuleViolation.on("email", "not an e-mail address")
        if not roles:
            raise RuleViolation.on("roles", "an account holds at least one role")
        held = sorted({check_role(r, "roles") for r in roles})
        return cls(
            meta=ctx.meta, login=value, full_name=full_name.strip(), email=email.strip(), roles=held
        )

    @event("Created")
    def __init__(
        self, meta: Meta, login: str, full_name: str, email: str, roles: list[str]
    ) -> None:
        self.login = login
        self.full_name = full_name
        self.email = email
        self.roles = list(roles)
        self.status = AccountStatus.ACTIVE
        self.must_change_password = False
        self.password_set_at = None
        self.locked_until = None

    @property
    def enabled(self) -> bool:
        """Whether the account may sign in and act."""
        return self.status is AccountStatus.ACTIVE

    def holds(self, role: str) -> bool:
        """Whether the account is enabled and holds the role."""
        return self.enabled and role in self.roles

    def grant(self, ctx: Ctx, *, role: str, reason: str) -> None:
        """Grant a role, with the reason on record."""
        check_role(role)
        why = check_reason(reason)
        if role in self.roles:
            raise RuleViolation.on("role", f"{self.login} already holds the role {role}")
        self._granted(ctx.meta, role, why)

    @event("RoleGranted")
    def _granted(self, meta: Meta, role: str, reason: str) -> None:
        self.roles = sorted({*self.roles, role})

    def revoke(self, ctx: Ctx, *, role: str, reason: str) -> None:
        """Revoke a role; nobody revokes their own administrator role (no lock-out by mistake)."""
        check_role(role)
        why = check_reason(reason)
        if role not in self.roles:
            raise RuleViolation.on("role", f"{self.login} does not hold the role {role}")
        if role == "admin" and ctx.actor == self.login:
            # Keeps at least one administrator: the last one cannot remove themself.
            raise RuleViolation.on("role", "you cannot revoke your own administrator role")
        self._revoked(ctx.meta, role, why)

    @event("RoleRevoked")
    def _revoked(self, meta: Meta, role: str, reason: str) -> None:
        self.roles = [r for r in self.roles if r != role]

    def disable(self, ctx: Ctx, *, reason: str) -> None:
        """Disable the account: its sessions, keys, tokens and feeds stop at the next request."""
        self._require("disable")
        why = check_reason(reason)
        if ctx.actor == self.login:
            raise RuleViolation.on("login", "you cannot disable your own account")
        self._disabled(ctx.meta, why)

    @event("Disabled")
    def _disabled(self, meta: Meta, reason: str) -> None:
        self.status = AccountStatus.DISABLED

    def enable(self, ctx: Ctx, *, reason: str) -> None:
        """Enable a disabled account again."""
        self._require("enable")
        self._enabled(ctx.meta, check_reason(reason))

    @event("Enabled")
    def _enabled(self, meta: Meta, reason: str) -> None:
        self.status = AccountStatus.ACTIVE
        self.locked_until = None

    def password_set(self, ctx: Ctx, *, must_change: bool) -> None:
        """Record that a password was set (never the password): by its owner, or a reset."""
        self._password_set(ctx.meta, must_change, ctx.now)

    @event("PasswordSet")
    def _password_set(self, meta: Meta, must_change: bool, at: datetime) -> None:
        self.must_change_password = must_change
        self.password_set_at = at

    def lock_out(self, ctx: Ctx, *, until: datetime, failures: int) -> None:
        """Record a lockout after repeated failed sign-ins (no secret, no address)."""
        self._locked_out(ctx.meta, until, failures)

    @event("LockedOut")
    def _locked_out(self, meta: Meta, until: datetime, failures: int) -> None:
        self.locked_until = until

    def link_provider(self, ctx: Ctx, *, issuer: str, subject: str) -> bool:
        """Link an identity provider's account (its issuer and subject) for single sign-on.

        False (and nothing recorded) if it is linked already; one account links to one only.
        """
        if not issuer.strip() or not subject.strip():
            raise RuleViolation.on("subject", "an identity provider account has an issuer and id")
        if self.sso_issuer == issuer and self.sso_subject == subject:
            return False
        if self.sso_issuer is not None:
            raise RuleViolation.on(
                "login", f"{self.login} is linked to another identity provider account"
            )
        self._provider_linked(ctx.meta, issuer, subject)
        return True

    @event("ProviderLinked")
    def _provider_linked(self, meta: Meta, issuer: str, subject: str) -> None:
        self.sso_issuer = issuer
        self.sso_subject = subject
