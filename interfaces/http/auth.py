"""Authentication (bearer token or session cookie) and role guards.

Every credential belongs to an account (issue 13): a bearer JWT's subject must be an enabled
account still holding the token's role, a session cookie opens only while its account is enabled
(and a state-changing request by cookie needs the session's CSRF token), so disabling an account
or revoking a role takes effect on the very next request.
"""

from collections.abc import Callable
from typing import Any

import anyio
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult

from infrastructure.identity import CSRF_HEADER, SESSION_COOKIE, Identity
from infrastructure.tokens import InvalidToken, Principal, verify_token

READ = frozenset({"clerk", "manager", "auditor", "admin"})
WRITE = frozenset({"clerk", "manager", "admin"})
MANAGE = frozenset({"manager", "admin"})
ADMIN = frozenset({"admin"})
AUDIT = frozenset({"auditor", "manager", "admin"})

OPEN_PATHS = [
    "^/assets/",  # the vendored script and style of the API reference page
    "^/health$",
    "^/health/(live|ready)$",
    "^/metrics$",  # checks its own token, or serves loopback clients only
    "^/schema",
    "^/deadlines\\.ics$",  # the feed checks its own token
    "^/auth/sign-in$",  # these three check a password or an API key themselves
    "^/auth/password$",
    "^/auth/token$",
    "^/auth/sso/(start|callback)$",  # single sign-on: 404 unless enabled; checks its own state
]


class BearerAuth(AbstractAuthenticationMiddleware):
    """Reads `Authorization: Bearer <jwt>` or the session cookie; puts the principal on it."""

    async def authenticate_request(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> AuthenticationResult:
        """Verify the token or session, then the account behind it (enabled, role held)."""
        identity: Identity = connection.app.state.runtime.identity
        header = connection.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            secret: str = connection.app.state.runtime.settings.secret_key
            try:
                principal = verify_token(secret, token.strip())
            except InvalidToken as e:
                raise NotAuthorizedException(f"invalid token: {e}") from None
            checked = await anyio.to_thread.run_sync(identity.token_principal, principal)
            return AuthenticationResult(user=checked, auth=None)
        session = connection.cookies.get(SESSION_COOKIE)
        if session:
            csrf = connection.headers.get(CSRF_HEADER)
            method = connection.scope.get("method", "GET")
            checked = await anyio.to_thread.run_sync(
                identity.session_principal, session, csrf, method
            )
            return AuthenticationResult(user=checked, auth=None)
        raise NotAuthorizedException("a bearer token is required")


def allow(
    roles: frozenset[str],
) -> Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], None]:
    """A guard that lets only the given roles through."""

    def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        user = connection.scope.get("user")
        if not isinstance(user, Principal):
            raise NotAuthorizedException("a bearer token is required")
        if not user.roles & roles:
            raise PermissionDeniedException(
                f"role '{user.role}' may not do this; allowed: {', '.join(sorted(roles))}"
            )

    guard.__name__ = "allow_" + "_".join(sorted(roles))
    return guard


can_read = allow(READ)
can_write = allow(WRITE)
can_manage = allow(MANAGE)
can_admin = allow(ADMIN)
can_audit = allow(AUDIT)
