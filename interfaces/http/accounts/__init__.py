"""HTTP: staff accounts (admin commands, auditors' questions) and signing in (issue 13).

/users (`users`): open accounts, grant and revoke roles, disable, enable, reset a password
(administrators); list them, read an account's history, and ask who held a role on a date.
/auth (`sign_in`, `api_keys`): sign in with a password (a server-side session in a cookie, with a
CSRF token), sign out, change a password, personal API keys and the short-lived access tokens
made from them; /auth/sso (`single_sign_on`): optional OpenID Connect sign-in. The answers'
bodies are in `bodies`.
"""

from interfaces.http.accounts.api_keys import ApiKeyRoutes
from interfaces.http.accounts.sign_in import SessionRoutes
from interfaces.http.accounts.single_sign_on import SingleSignOnRoutes
from interfaces.http.accounts.users import UserController


class AuthController(SessionRoutes, ApiKeyRoutes):
    """Signing in and out, passwords, personal API keys and access tokens."""

    path = "/auth"


__all__ = ["AuthController", "SingleSignOnRoutes", "UserController"]
