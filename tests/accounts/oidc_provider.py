"""A TEST OpenID Connect provider, built from authlib's server components (never for production).

No OpenID Connect provider installs from the package registries on this machine, so the single
sign-on tests run against this one: a real HTTP server on a free loopback port, speaking the
authorization code flow with PKCE (authlib's `AuthorizationCodeGrant`, `CodeChallenge` and
`OpenIDCode`), publishing its discovery document and its RSA signing key (JWKS). It signs in
whoever `OidcTestProvider.user` says, without asking; `id_token_claims` overrides claims of the
next ID tokens (a wrong audience, issuer, nonce, or an expiry in the past) for the tests that
must see them refused.
"""

import json
import secrets
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from authlib.oauth2 import AuthorizationServer, OAuth2Request
from authlib.oauth2.rfc6749 import ClientMixin, OAuth2Payload, grants
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import grants as oidc_grants
from authlib.oidc.core.models import AuthorizationCodeMixin
from joserfc.jwk import RSAKey

CLIENT_ID = "pobratym-test"
CLIENT_SECRET = "test-client-secret-" + "s" * 20


@dataclass
class ProviderUser:
    """Who the provider signs in."""

    sub: str
    preferred_username: str
    email: str
    name: str
    groups: list[str]


@dataclass
class RegisteredClient(ClientMixin):
    """The one registered client (Pobratym), confidential, with its redirect URI."""

    client_id: str
    client_secret: str
    redirect_uris: list[str]

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str:
        return self.redirect_uris[0]

    def get_allowed_scope(self, scope: str) -> str:
        return scope

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        return secrets.compare_digest(client_secret, self.client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method == "client_secret_basic"

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


@dataclass
class Code(AuthorizationCodeMixin):
    """An issued authorization code and what it was issued for."""

    code: str
    client_id: str
    redirect_uri: str
    scope: str
    user: ProviderUser
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time


class _Payload(OAuth2Payload):
    def __init__(self, values: dict[str, list[str]]) -> None:
        self._values = values

    @property
    def data(self) -> dict[str, str]:
        return {k: v[0] for k, v in self._values.items()}

    @property
    def datalist(self) -> defaultdict[str, list[str]]:
        return defaultdict(list, self._values)


class _Request(OAuth2Request):
    """A stdlib request as authlib wants it."""

    def __init__(self, method: str, uri: str, headers: Any, body: bytes) -> None:
        super().__init__(method, uri, headers=headers)
        self._args = parse_qs(urlsplit(uri).query)
        self._form = parse_qs(body.decode("utf-8")) if body else {}
        self.payload = _Payload({**self._args, **self._form})

    @property
    def args(self) -> dict[str, str]:
        return {k: v[0] for k, v in self._args.items()}

    @property
    def form(self) -> dict[str, str]:
        return {k: v[0] for k, v in self._form.items()}


class OidcTestProvider:
    """The test provider: start it, point Pobratym's settings at `issuer`, stop it."""

    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key-1", "use": "sig"})
        self.codes: dict[str, Code] = {}
        self.user = ProviderUser("u-1001", "olena", "olena@city.kharkiv.ua", "Olena K", ["clerks"])
        self.id_token_claims: dict[str, Any] = {}
        self.clients: dict[str, RegisteredClient] = {}
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self._http.server_address[1]}"
        self.server = self._authorization_server()
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)

    def register(self, redirect_uri: str) -> None:
        """Register Pobratym's client with its redirect URI."""
        self.clients[CLIENT_ID] = RegisteredClient(CLIENT_ID, CLIENT_SECRET, [redirect_uri])

    def start(self) -> "OidcTestProvider":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._http.shutdown()
        self._http.server_close()
        self._thread.join(timeout=10)

    # -- authlib's server, wired to this provider ------------------------------------------------

    def _authorization_server(self) -> AuthorizationServer:
        provider = self

        class Server(AuthorizationServer):  # type: ignore[misc]
            def query_client(self, client_id: str) -> RegisteredClient | None:
                return provider.clients.get(client_id)

            def save_token(self, token: dict[str, Any], request: OAuth2Request) -> None:
                return None

            def create_oauth2_request(self, request: Any) -> OAuth2Request:
                return request  # type: ignore[no-any-return]

            def handle_response(self, status: int, body: Any, headers: Any) -> Any:
                return status, body, headers

            def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
                return None

        class CodeGrant(grants.AuthorizationCodeGrant):  # type: ignore[misc]
            TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic"]

            def save_authorization_code(self, code: str, request: OAuth2Request) -> None:
                data = request.payload.data
                provider.codes[code] = Code(
                    code=code,
                    client_id=request.payload.client_id,
                    redirect_uri=request.payload.redirect_uri,
                    scope=request.payload.scope,
                    user=request.user,
                    nonce=data.get("nonce"),
                    code_challenge=data.get("code_challenge"),
                    code_challenge_method=data.get("code_challenge_method"),
                )

            def query_authorization_code(self, code: str, client: RegisteredClient) -> Code | None:
                found = provider.codes.get(code)
                return found if found and found.client_id == client.client_id else None

            def delete_authorization_code(self, authorization_code: Code) -> None:
                provider.codes.pop(authorization_code.code, None)

            def authenticate_user(self, authorization_code: Code) -> ProviderUser:
                return authorization_code.user

        class OpenID(oidc_grants.OpenIDCode):  # type: ignore[misc]
            def exists_nonce(self, nonce: str, request: OAuth2Request) -> bool:
                return False

            def resolve_client_private_key(self, client: RegisteredClient) -> RSAKey:
                return provider.key

            def get_client_algorithm(self, client: RegisteredClient) -> str:
                return "RS256"

            def get_encode_header(self, client: RegisteredClient) -> dict[str, str]:
                return {"alg": "RS256", "kid": "test-key-1"}

            def get_client_claims(self, client: RegisteredClient) -> dict[str, Any]:
                return {"iss": provider.issuer, "aud": [client.client_id]}

            def generate_user_info(self, user: ProviderUser, scope: str) -> dict[str, Any]:
                info = {
                    "sub": user.sub,
                    "preferred_username": user.preferred_username,
                    "email": user.email,
                    "name": user.name,
                    "groups": list(user.groups),
                }
                return {**info, **provider.id_token_claims}  # the tests' overrides win

        server = Server()
        server.register_token_generator(
            "default", BearerTokenGenerator(lambda **_: secrets.token_urlsafe(32))
        )
        server.register_grant(CodeGrant, [CodeChallenge(required=True), OpenID()])
        return server

    def metadata(self) -> dict[str, Any]:
        """The discovery document."""
        return {
            "issuer": self.issuer,
            "authorization_endpoint": self.issuer + "/authorize",
            "token_endpoint": self.issuer + "/token",
            "jwks_uri": self.issuer + "/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
        }

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return None  # quiet: the tests read no provider log

            def _send(self, status: int, body: Any, headers: Any = ()) -> None:
                data = body if isinstance(body, bytes) else str(body or "").encode()
                if isinstance(body, dict):
                    data = json.dumps(body).encode()
                self.send_response(status)
                for name, value in list(headers):
                    self.send_header(name, value)
                if isinstance(body, dict):
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _request(self, body: bytes = b"") -> _Request:
                return _Request(self.command, provider.issuer + self.path, self.headers, body)

            def do_GET(self) -> None:
                path = urlsplit(self.path).path
                if path == "/.well-known/openid-configuration":
                    self._send(200, provider.metadata())
                elif path == "/jwks":
                    self._send(200, {"keys": [provider.key.as_dict(private=False)]})
                elif path == "/authorize":
                    request = self._request()
                    grant = provider.server.get_consent_grant(request, provider.user)
                    self._send(
                        *provider.server.create_authorization_response(
                            request, grant_user=provider.user, grant=grant
                        )
                    )
                else:
                    self._send(404, {"error": "not_found"})

            def do_POST(self) -> None:
                length = min(int(self.headers.get("Content-Length") or 0), 64 * 1024)
                request = self._request(self.rfile.read(length))
                if urlsplit(self.path).path == "/token":
                    self._send(*provider.server.create_token_response(request))
                else:
                    self._send(404, {"error": "not_found"})

        return Handler
