"""Sign-in, browser sessions, API keys and the per-request account check (issue 13).

Secrets live outside the event log (`tables`). The parts, each in its module: `passwords`
(argon2id and the rules), `throttling` (failed sign-ins, lockouts), `sessions` (browser sessions,
CSRF), `api_keys` (personal keys and the access tokens made from them). `Identity` joins them and
checks every credential against its account, looked up on every request
(`AccountService.current`: a per-process cache checked against the log position of the account's
newest event, one indexed read), so disabling an account or revoking a role takes effect on the
very next request, in every process.
"""

from sqlalchemy import select

from application.errors import AccountDisabled, NotSignedIn, RoleNotHeld
from application.service import Caller
from domain.user_account import account_id, normal_login
from infrastructure.identity.api_keys import (
    ACCESS_TOKEN_SECONDS,
    API_KEY_PREFIX,
    MAX_KEYS_PER_ACCOUNT,
    MAX_LISTED,
    ApiKey,
    ApiKeys,
)
from infrastructure.identity.passwords import (
    COMMON_PASSWORDS,
    HASHER,
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    Passwords,
    check_password,
    dummy_hash,
    one_time_password,
)
from infrastructure.identity.sessions import (
    CSRF_COOKIE,
    CSRF_HEADER,
    SAFE_METHODS,
    SESSION_ABSOLUTE,
    SESSION_COOKIE,
    SESSION_IDLE,
    TOUCH_EVERY,
    Sessions,
    SignedIn,
    address_of,
)
from infrastructure.identity.tables import api_keys, credentials, digest, sessions, throttle
from infrastructure.identity.throttling import (
    ACCOUNT_FAILURES,
    ADDRESS_FAILURES,
    LOCKOUT,
    SYSTEM_ACTOR,
    WINDOW,
    Throttling,
)
from infrastructure.tokens import Principal, issue_token


class Identity(Passwords, Throttling, Sessions, ApiKeys):
    """Who is asking: passwords, sessions, API keys and the check of every credential."""

    def token_principal(self, principal: Principal) -> Principal:
        """A verified JWT's principal, if its account is enabled and still holds the role."""
        account = self.accounts.find(principal.subject)
        if account is None:
            hook = type(self).unknown_subject
            if hook is not None and hook(principal.subject, principal.role):
                return principal
            raise NotSignedIn("the token names no account")
        if not account.enabled:
            raise AccountDisabled()
        if principal.role not in account.roles:
            raise RoleNotHeld(principal.role)
        if principal.key is not None:
            key = self._key_row(principal.key)
            if key is None or key.revoked_at is not None or key.expires_at <= self.now():
                raise NotSignedIn("the API key this token came from is revoked or expired")
        return principal

    def issue_for(self, login: str, role: str, ttl_seconds: int) -> str:
        """`pobratym token issue`: a token for an existing, enabled account holding the role."""
        account = self.accounts.find(login)
        if account is None:
            raise NotSignedIn(f"no account with the login {normal_login(login)!r}")
        if not account.enabled:
            raise AccountDisabled()
        if role not in account.roles:
            raise RoleNotHeld(role)
        return issue_token(self.secret, account.login, role, ttl_seconds)

    def feed_allowed(self, subject: str, role: str) -> bool:
        """A calendar feed token opens the feed while its account is enabled and holds the role."""
        account = self.accounts.find(subject)
        if account is None:
            hook = type(self).unknown_subject
            return bool(hook is not None and hook(subject, role))
        return account.holds(role)

    # -- administration --------------------------------------------------------------------------

    def bootstrap(self, login: str, full_name: str, email: str) -> str | None:
        """The first administrator, with a one-time password; None if any account exists."""
        from application.commands.accounts import CreateAccount

        with self.engine.connect() as conn:
            known = conn.execute(select(credentials.c.account_id).limit(1)).first()
        if known is not None or self.accounts.find(login) is not None:
            return None
        caller = Caller(actor="system:bootstrap")
        saved = self.accounts.create_account(
            CreateAccount(
                login=login,
                full_name=full_name,
                email=email,
                roles=["admin"],
                reason="the first administrator (pobratym users bootstrap)",
            ),
            caller,
        )
        return self.reset_password(saved.case.id, caller)


__all__ = [
    "ACCESS_TOKEN_SECONDS",
    "ACCOUNT_FAILURES",
    "ADDRESS_FAILURES",
    "API_KEY_PREFIX",
    "COMMON_PASSWORDS",
    "CSRF_COOKIE",
    "CSRF_HEADER",
    "HASHER",
    "LOCKOUT",
    "MAX_KEYS_PER_ACCOUNT",
    "MAX_LISTED",
    "MAX_PASSWORD_LENGTH",
    "MIN_PASSWORD_LENGTH",
    "SAFE_METHODS",
    "SESSION_ABSOLUTE",
    "SESSION_COOKIE",
    "SESSION_IDLE",
    "SYSTEM_ACTOR",
    "TOUCH_EVERY",
    "WINDOW",
    "ApiKey",
    "Identity",
    "SignedIn",
    "account_id",
    "address_of",
    "api_keys",
    "check_password",
    "credentials",
    "digest",
    "dummy_hash",
    "one_time_password",
    "sessions",
    "throttle",
]
