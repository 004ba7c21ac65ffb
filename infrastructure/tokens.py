"""Signed JWT bearer tokens: HS256 only, issuer, audience and expiry always checked."""

import time
import uuid
from dataclasses import dataclass, field

import jwt

from domain.user_account import ROLES
from infrastructure.settings import AUDIENCE, ISSUER

ALGORITHM = "HS256"
LEEWAY_SECONDS = 30
MAX_TTL_SECONDS = 90 * 24 * 3600


class InvalidToken(Exception):
    """The token is missing, forged, expired or otherwise unusable."""


@dataclass(frozen=True)
class Principal:
    """The authenticated user: the account's login and the role acted in (all roles held)."""

    subject: str
    role: str
    roles: frozenset[str] = field(default_factory=frozenset)
    session: uuid.UUID | None = None  # signed in by a browser session (cookie)
    key: uuid.UUID | None = None  # an access token made from this API key

    def __post_init__(self) -> None:
        if not self.roles:
            object.__setattr__(self, "roles", frozenset({self.role}))


def parse_ttl(text: str) -> int:
    """'8h', '30m', '2d', '3600' -> seconds."""
    text = text.strip().lower()
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    try:
        if text and text[-1] in units:
            seconds = int(text[:-1]) * units[text[-1]]
        else:
            seconds = int(text)
    except ValueError:
        raise ValueError(f"not a duration: {text!r} (use e.g. 30m, 8h, 7d)") from None
    if not 0 < seconds <= MAX_TTL_SECONDS:
        raise ValueError("the lifetime must be positive and at most 90 days")
    return seconds


def issue_token(
    secret: str,
    subject: str,
    role: str,
    ttl_seconds: int = 8 * 3600,
    key_id: uuid.UUID | None = None,
) -> str:
    """A signed token for a user and role (made from an API key when `key_id` is given)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    if not subject.strip():
        raise ValueError("the user must not be empty")
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": subject,
        "role": role,
        "iat": now,
        "nbf": now,
        "exp": now + ttl_seconds,
        "jti": uuid.uuid4().hex,
    }
    if key_id is not None:
        claims["key"] = str(key_id)
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def verify_token(secret: str, token: str) -> Principal:
    """Check signature, algorithm, issuer, audience and lifetime; return the principal."""
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            issuer=ISSUER,
            audience=AUDIENCE,
            leeway=LEEWAY_SECONDS,
            options={"require": ["exp", "iat", "sub", "iss", "aud"]},
        )
    except jwt.PyJWTError as e:
        raise InvalidToken(str(e)) from None
    exp = claims["exp"]
    if not isinstance(exp, int | float) or exp > time.time() + MAX_TTL_SECONDS + LEEWAY_SECONDS:
        # No token this service issues lives longer: a far expiry is a leaked key's doing.
        raise InvalidToken("the token expires beyond the longest lifetime (90 days)")
    role = claims.get("role")
    subject = claims.get("sub")
    if role not in ROLES or not isinstance(subject, str) or not subject:
        raise InvalidToken("the token names no valid role or subject")
    key = claims.get("key")
    try:
        key_id = uuid.UUID(key) if isinstance(key, str) else None
    except ValueError:
        raise InvalidToken("the token names no valid API key") from None
    return Principal(subject=subject, role=role, key=key_id)
