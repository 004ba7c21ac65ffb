"""Bearer-token authentication and role guards."""

from collections.abc import Callable
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult

from infrastructure.tokens import InvalidToken, Principal, verify_token

READ = frozenset({"clerk", "manager", "auditor", "admin"})
WRITE = frozenset({"clerk", "manager", "admin"})
MANAGE = frozenset({"manager", "admin"})
ADMIN = frozenset({"admin"})

OPEN_PATHS = ["^/health$", "^/schema", "^/deadlines\\.ics$"]  # the feed checks its own token


class BearerAuth(AbstractAuthenticationMiddleware):
    """Reads `Authorization: Bearer <jwt>` and puts the principal on the connection."""

    async def authenticate_request(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> AuthenticationResult:
        """Verify the token with the server's secret."""
        header = connection.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise NotAuthorizedException("a bearer token is required")
        secret: str = connection.app.state.runtime.settings.secret_key
        try:
            principal = verify_token(secret, token.strip())
        except InvalidToken as e:
            raise NotAuthorizedException(f"invalid token: {e}") from None
        return AuthenticationResult(user=principal, auth=None)


def allow(
    roles: frozenset[str],
) -> Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], None]:
    """A guard that lets only the given roles through."""

    def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        user = connection.scope.get("user")
        if not isinstance(user, Principal):
            raise NotAuthorizedException("a bearer token is required")
        if user.role not in roles:
            raise PermissionDeniedException(
                f"role '{user.role}' may not do this; allowed: {', '.join(sorted(roles))}"
            )

    guard.__name__ = "allow_" + "_".join(sorted(roles))
    return guard


can_read = allow(READ)
can_write = allow(WRITE)
can_manage = allow(MANAGE)
can_admin = allow(ADMIN)
