"""/auth/sso: optional single sign-on by OpenID Connect (404 unless POBRATYM_OIDC_ENABLED).

GET /auth/sso/start sends the browser to the identity provider; the provider sends it back to
GET /auth/sso/callback, which opens the same session (cookies) as POST /auth/sign-in.
"""

from typing import Annotated, Any

from litestar import Controller, Request, Response, get
from litestar.datastructures import Cookie
from litestar.exceptions import NotFoundException
from litestar.params import Parameter, QueryParameter
from litestar.response import Redirect

from application.errors import SingleSignOnRefused
from infrastructure.identity.single_sign_on import (
    TRANSACTION_COOKIE,
    TRANSACTION_SECONDS,
    SingleSignOn,
)
from interfaces.http.accounts.bodies import SignedInBody
from interfaces.http.accounts.principal import identity_of, secure_of
from interfaces.http.accounts.sign_in import session_cookies
from interfaces.http.context import runtime_of

COOKIE_PATH = "/auth/sso"


def single_sign_on(request: Request[Any, Any, Any]) -> SingleSignOn:
    """The runtime's relying party (built once); 404 while single sign-on is off."""
    rt = runtime_of(request)
    if not rt.settings.oidc_enabled:
        raise NotFoundException("single sign-on is not enabled here")
    found = rt.extras.get("sso")
    if not isinstance(found, SingleSignOn):
        found = SingleSignOn(rt.settings, identity_of(request))
        rt.extras["sso"] = found
    return found


class SingleSignOnRoutes(Controller):
    """Signing in through the council's identity provider."""

    path = "/auth/sso"

    @get("/start", sync_to_thread=True, status_code=302)
    def start(self, request: Request[Any, Any, Any]) -> Redirect:
        """Go to the identity provider to sign in (OpenID Connect, code flow with PKCE)."""
        begun = single_sign_on(request).start()
        cookie = Cookie(
            key=TRANSACTION_COOKIE,
            value=begun.cookie,
            httponly=True,
            samesite="lax",
            secure=secure_of(request),
            path=COOKIE_PATH,
            max_age=TRANSACTION_SECONDS,
        )
        return Redirect(
            begun.url, status_code=302, cookies=[cookie], headers={"Cache-Control": "no-store"}
        )

    @get("/callback", sync_to_thread=True, status_code=200)
    def callback(
        self,
        request: Request[Any, Any, Any],
        code: Annotated[str | None, Parameter(max_length=2000)] = None,
        oauth_state: Annotated[str | None, QueryParameter(name="state", max_length=200)] = None,
        error: Annotated[str | None, Parameter(max_length=200)] = None,
    ) -> Response[SignedInBody]:
        """Back from the identity provider: check its answer and open a session (cookies)."""
        sso = single_sign_on(request)
        if error is not None:
            raise SingleSignOnRefused("the identity provider did not sign you in")
        signed = sso.finish(code, oauth_state, request.cookies.get(TRANSACTION_COOKIE))
        cookies = [
            *session_cookies(request, signed),
            Cookie(key=TRANSACTION_COOKIE, value="", max_age=0, path=COOKIE_PATH, httponly=True),
        ]
        body = SignedInBody(
            signed.account.login, list(signed.account.roles), signed.csrf_token, signed.expires_at
        )
        return Response(body, cookies=cookies, headers={"Cache-Control": "no-store"})
