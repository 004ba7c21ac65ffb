"""Optional single sign-on: OpenID Connect, authorization code flow with PKCE (authlib).

`start` sends the browser to the provider with a fresh `state`, `nonce` and PKCE challenge; the
three secrets travel in a short-lived cookie signed with the service secret (HttpOnly, Lax, only
under /auth/sso), so nothing is stored until the person comes back. `finish` checks the state
against that cookie, exchanges the code (with the PKCE verifier) at the token endpoint, checks
the ID token (signature by the provider's published keys, issuer, audience, expiry, nonce; by
authlib's `CodeIDToken`), maps the provider's groups to roles, opens or links the local account
(`application.single_sign_on.provision`: events like any account change) and opens the same
server-side session as a password sign-in. Every wait at the provider has a timeout.
"""

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from application.errors import SingleSignOnRefused, SingleSignOnUnavailable
from application.single_sign_on import ProviderIdentity, provision
from infrastructure.identity.sessions import SignedIn
from infrastructure.settings import Settings

TRANSACTION_COOKIE = "pobratym_sso"
TRANSACTION_SECONDS = 10 * 60  # the person has 10 minutes at the provider
LEEWAY_SECONDS = 60  # clock skew allowed on the ID token's times
MAX_GROUPS = 500  # bound the work on a provider that lists very many groups
METADATA_SECONDS = 3600  # the discovery document and keys are fetched again after an hour


@dataclass(frozen=True)
class SsoStart:
    """Where to send the browser, and the signed transaction cookie to set."""

    url: str
    cookie: str


class SingleSignOn:
    """The OpenID Connect relying party of one provider (settings POBRATYM_OIDC_*)."""

    def __init__(self, settings: Settings, identity: Any) -> None:
        self.settings = settings
        self.identity = identity
        self.key = hmac.new(
            settings.secret_key.encode("utf-8"), b"pobratym:sso-transaction", hashlib.sha256
        ).digest()
        self._metadata: dict[str, Any] | None = None
        self._metadata_at = 0.0
        self._keys: dict[str, Any] | None = None

    @property
    def group_roles(self) -> dict[str, frozenset[str]]:
        """Each provider group and the roles it gives."""
        out: dict[str, set[str]] = {}
        for group, role in self.settings.oidc_group_roles:
            out.setdefault(group, set()).add(role)
        return {g: frozenset(r) for g, r in out.items()}

    def redirect_uri(self) -> str:
        """Where the provider sends the browser back to."""
        configured = self.settings.oidc_redirect_uri
        return configured or self.settings.public_url.rstrip("/") + "/auth/sso/callback"

    def _get_json(self, url: str) -> dict[str, Any]:
        try:
            answer = httpx.get(url, timeout=self.settings.oidc_timeout_seconds)
            answer.raise_for_status()
            found = answer.json()
        except (httpx.HTTPError, ValueError) as e:
            raise SingleSignOnUnavailable(
                f"the identity provider did not answer ({type(e).__name__})"
            ) from None
        if not isinstance(found, dict):
            raise SingleSignOnUnavailable("the identity provider answered nonsense")
        return found

    def metadata(self) -> dict[str, Any]:
        """The provider's discovery document (cached for an hour)."""
        if self._metadata is None or time.monotonic() - self._metadata_at > METADATA_SECONDS:
            issuer = str(self.settings.oidc_issuer).rstrip("/")
            found = self._get_json(issuer + "/.well-known/openid-configuration")
            needed = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
            if any(not isinstance(found.get(k), str) for k in needed):
                raise SingleSignOnUnavailable("the provider's discovery document is incomplete")
            self._metadata, self._metadata_at, self._keys = found, time.monotonic(), None
        return self._metadata

    def _key_set(self, refresh: bool = False) -> KeySet:
        if self._keys is None or refresh:
            self._keys = self._get_json(self.metadata()["jwks_uri"])
        return KeySet.import_key_set(self._keys)  # type: ignore[arg-type]

    # -- the transaction cookie ------------------------------------------------------------------

    def _seal(self, values: dict[str, Any]) -> str:
        body = base64.urlsafe_b64encode(json.dumps(values).encode("utf-8")).decode().rstrip("=")
        mac = hmac.new(self.key, body.encode("ascii"), hashlib.sha256).hexdigest()
        return f"{body}.{mac}"

    def _open(self, cookie: str | None) -> dict[str, Any]:
        refused = SingleSignOnRefused(
            "this sign-in did not start here or took too long (state mismatch): start again"
        )
        if not cookie or len(cookie) > 2000 or "." not in cookie:
            raise refused
        body, _, mac = cookie.rpartition(".")
        expected = hmac.new(self.key, body.encode("ascii", "replace"), hashlib.sha256)
        if not hmac.compare_digest(expected.hexdigest(), mac):
            raise refused
        try:
            values = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        except ValueError:
            raise refused from None
        if not isinstance(values, dict) or float(values.get("exp", 0)) < time.time():
            raise refused
        return values

    # -- the flow --------------------------------------------------------------------------------

    def start(self) -> SsoStart:
        """The provider's authorization URL (code flow, S256 PKCE, nonce) and the cookie."""
        state, nonce = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        verifier = secrets.token_urlsafe(48)
        url = prepare_grant_uri(
            self.metadata()["authorization_endpoint"],
            client_id=self.settings.oidc_client_id,
            response_type="code",
            redirect_uri=self.redirect_uri(),
            scope=self.settings.oidc_scopes,
            state=state,
            nonce=nonce,
            code_challenge=create_s256_code_challenge(verifier),
            code_challenge_method="S256",
        )
        values = {
            "state": state,
            "nonce": nonce,
            "verifier": verifier,
            "exp": time.time() + TRANSACTION_SECONDS,
        }
        return SsoStart(url, self._seal(values))

    def finish(self, code: str | None, state: str | None, cookie: str | None) -> SignedIn:
        """Check the provider's answer and open a session (401, 403, 409 or 503 if refused)."""
        started = self._open(cookie)
        if not state or not hmac.compare_digest(str(started["state"]), state):
            raise SingleSignOnRefused(
                "the state does not match the one this sign-in started with: start again"
            )
        if not code or len(code) > 2000:
            raise SingleSignOnRefused("the identity provider sent no authorization code")
        token = self._exchange(code, str(started["verifier"]))
        claims = self._id_token(token, str(started["nonce"]))
        who = self._identity(claims)
        account = provision(self.identity.accounts, who, self.group_roles)
        return self.identity.open_session(account)  # type: ignore[no-any-return]

    def _exchange(self, code: str, verifier: str) -> dict[str, Any]:
        """The token endpoint's answer to the code and the PKCE verifier (RFC 6749 4.1.3)."""
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self.redirect_uri(),
            "code_verifier": verifier,
        }
        client_id, secret = str(self.settings.oidc_client_id), self.settings.oidc_client_secret
        auth = None
        if secret:  # client_secret_basic: both parts form-encoded first (RFC 6749 2.3.1)
            auth = httpx.BasicAuth(quote(client_id, safe=""), quote(secret, safe=""))
        else:
            form["client_id"] = client_id
        try:
            answer = httpx.post(
                self.metadata()["token_endpoint"],
                data=form,
                auth=auth,
                headers={"Accept": "application/json"},
                timeout=self.settings.oidc_timeout_seconds,
            )
            token = answer.json()
        except (httpx.HTTPError, ValueError) as e:
            raise SingleSignOnUnavailable(
                f"the identity provider's token endpoint did not answer ({type(e).__name__})"
            ) from None
        if answer.status_code >= 500 or not isinstance(token, dict):
            raise SingleSignOnUnavailable("the identity provider's token endpoint failed")
        if answer.status_code != 200:
            error = str(token.get("error", "refused"))[:60]
            raise SingleSignOnRefused(f"the identity provider refused the code ({error})")
        if not isinstance(token.get("id_token"), str):
            raise SingleSignOnRefused("the identity provider sent no ID token")
        return token

    def _id_token(self, token: dict[str, Any], nonce: str) -> CodeIDToken:
        meta = self.metadata()
        registry = JWSRegistry(algorithms=meta.get("id_token_signing_alg_values_supported"))
        try:
            try:
                decoded = jwt.decode(token["id_token"], self._key_set(), registry=registry)
            except InvalidKeyIdError:  # the provider rolled its keys: fetch them once more
                decoded = jwt.decode(token["id_token"], self._key_set(True), registry=registry)
            claims = CodeIDToken(
                decoded.claims,
                decoded.header,
                {
                    "iss": {"essential": True, "value": str(meta["issuer"])},
                    "aud": {"essential": True, "value": str(self.settings.oidc_client_id)},
                },
                {
                    "nonce": nonce,
                    "client_id": self.settings.oidc_client_id,
                    "access_token": token.get("access_token"),
                },
            )
            claims.validate(leeway=LEEWAY_SECONDS)
        except (JoseError, ValueError) as e:
            reason = getattr(e, "description", None) or getattr(e, "error", None) or "invalid"
            raise SingleSignOnRefused(f"the ID token was refused: {reason}") from None
        return claims

    def _identity(self, claims: CodeIDToken) -> ProviderIdentity:
        login = claims.get(self.settings.oidc_login_claim) or ""
        email = claims.get("email") or ""
        if not isinstance(login, str) or not login or not isinstance(email, str) or not email:
            raise SingleSignOnRefused(
                f"the ID token names no {self.settings.oidc_login_claim} or e-mail: "
                "ask for the scopes profile and email"
            )
        raw = claims.get(self.settings.oidc_groups_claim) or []
        groups = tuple(str(g) for g in raw[:MAX_GROUPS]) if isinstance(raw, list) else ()
        mapping = self.group_roles
        roles = frozenset(r for g in groups for r in mapping.get(g, frozenset()))
        return ProviderIdentity(
            issuer=str(claims["iss"]),
            subject=str(claims["sub"]),
            login=login,
            full_name=str(claims.get("name") or login),
            email=email,
            groups=groups,
            roles=roles,
        )
