"""/auth: sign in with a password (a server-side session in a cookie, with a CSRF token), sign
out, change a password, who am I, and the short-lived access token made from an API key.
"""

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import Cookie

from application.commands.accounts import ChangePassword, SignIn, TokenRequest
from infrastructure.identity import (
    CSRF_COOKIE,
    SESSION_ABSOLUTE,
    SESSION_COOKIE,
    SignedIn,
    address_of,
)
from interfaces.http.accounts.bodies import AccessToken, Me, SignedInBody
from interfaces.http.accounts.principal import identity_of, principal_of, secure_of
from interfaces.http.auth import can_read


def session_cookies(request: Request[Any, Any, Any], signed: SignedIn) -> list[Cookie]:
    """The session cookie (HttpOnly, SameSite=Lax, Secure over HTTPS) and the CSRF cookie."""
    secure = secure_of(request)
    seconds = int(SESSION_ABSOLUTE.total_seconds())
    return [
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


class SessionRoutes(Controller):
    """Signing in and out, passwords, who am I, and access tokens from API keys."""

    path = "/auth"

    @post("/sign-in", sync_to_thread=True, status_code=200)
    def sign_in(self, request: Request[Any, Any, Any], data: SignIn) -> Response[SignedInBody]:
        """Open a session (cookie) with a login and password; a new session id every time."""
        identity = identity_of(request)
        old = request.cookies.get(SESSION_COOKIE)
        signed = identity.sign_in(
            data.login, data.password, address_of(request.client.host if request.client else None)
        )
        if old:
            identity.sign_out(old)  # rotated: the id a browser held before is worthless now
        cookies = session_cookies(request, signed)
        body = SignedInBody(
            signed.account.login, list(signed.account.roles), signed.csrf_token, signed.expires_at
        )
        return Response(body, cookies=cookies, headers={"Cache-Control": "no-store"})

    @post("/sign-out", guards=[can_read], sync_to_thread=True, status_code=204)
    def sign_out(self, request: Request[Any, Any, Any]) -> Response[None]:
        """End this session (a bearer token simply expires)."""
        session = request.cookies.get(SESSION_COOKIE)
        if session:
            identity_of(request).sign_out(session)
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
        identity_of(request).change_password(
            data.login,
            data.old_password,
            data.new_password,
            address_of(request.client.host if request.client else None),
        )
        return Response(None, status_code=204)

    @get("/me", guards=[can_read], sync_to_thread=False)
    def me(self, request: Request[Any, Any, Any]) -> Me:
        """Who you are signed in as, and how."""
        user = principal_of(request)
        via = "session" if user.session else ("api-key" if user.key else "token")
        return Me(user.subject, user.role, sorted(user.roles), via)

    @post("/token", sync_to_thread=True, status_code=200)
    def token(self, request: Request[Any, Any, Any], data: TokenRequest) -> AccessToken:
        """Exchange an API key for an access token (15 minutes)."""
        token, seconds = identity_of(request).exchange(data.api_key)
        return AccessToken(token, "Bearer", seconds)
