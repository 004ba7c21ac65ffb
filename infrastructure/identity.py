"""Sign-in, browser sessions, API keys and the per-request account check (issue 13).

Secrets live here, outside the event log: the argon2id hash of each password, the SHA-256 of each
session id, CSRF token and API key (256 random bits each, so a plain hash is enough), and the
throttle of failed sign-ins. The account itself (roles, enabled) is looked up on every request
(`AccountService.current`: a per-process cache checked against the log position of the account's
newest event, one indexed read), so disabling an account or revoking a role takes effect on the
very next request, in every process.
"""

import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib.resources import files
from typing import Any, ClassVar
from uuid import UUID, uuid4

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Engine,
    Index,
    Integer,
    String,
    Table,
    Uuid,
    delete,
    insert,
    select,
    update,
)

from application.accounts import AccountService
from application.errors import (
    AccountDisabled,
    CsrfRefused,
    NotSignedIn,
    PasswordChangeRequired,
    RoleNotHeld,
    TooManyAttempts,
)
from application.service import Caller
from domain.errors import RuleViolation
from domain.user_account import UserAccount, account_id, normal_login, primary_role
from infrastructure.readdb import metadata
from infrastructure.tokens import Principal, issue_token

log = logging.getLogger("pobratym.identity")

# OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, type=Type.ID)
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024

SESSION_COOKIE = "pobratym_session"
CSRF_COOKIE = "pobratym_csrf"
CSRF_HEADER = "x-csrf-token"
SESSION_IDLE = timedelta(minutes=30)
SESSION_ABSOLUTE = timedelta(hours=12)
TOUCH_EVERY = timedelta(seconds=60)  # last_seen_at moves at most once a minute per session

ACCESS_TOKEN_SECONDS = 15 * 60
API_KEY_PREFIX = "pak_"
MAX_KEYS_PER_ACCOUNT = 10
MAX_LISTED = 100

# Throttling of failed sign-ins (and password changes), per login and per client address.
WINDOW = timedelta(minutes=15)
ACCOUNT_FAILURES = 5  # then the login is locked for LOCKOUT (a LockedOut event on the account)
ADDRESS_FAILURES = 20  # then the address is locked for LOCKOUT
LOCKOUT = timedelta(minutes=15)

SYSTEM_ACTOR = "system:sign-in"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

credentials = Table(
    "account_credentials",
    metadata,
    Column("account_id", Uuid, primary_key=True),
    Column("password_hash", String(255), nullable=False),
    Column("must_change", Boolean, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
sessions = Table(
    "account_sessions",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("session_hash", String(64), nullable=False),
    Column("csrf_hash", String(64), nullable=False),
    Column("account_id", Uuid, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Index("ix_account_sessions_hash", "session_hash", unique=True),
    Index("ix_account_sessions_account", "account_id", "created_at"),
)
api_keys = Table(
    "api_keys",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("account_id", Uuid, nullable=False),
    Column("name", String(100), nullable=False),
    Column("role", String(20), nullable=False),
    Column("key_hash", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Column("last_used_at", DateTime(timezone=True), nullable=True),
    Index("ix_api_keys_hash", "key_hash", unique=True),
    Index("ix_api_keys_account", "account_id", "created_at"),
)
throttle = Table(
    "sign_in_throttle",
    metadata,
    Column("key", String(80), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("window_start", DateTime(timezone=True), nullable=False),
    Column("locked_until", DateTime(timezone=True), nullable=True),
)


def digest(secret: str) -> str:
    """The stored form of a random secret."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _common_passwords() -> frozenset[str]:
    text = files("infrastructure").joinpath("data/common_passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


COMMON_PASSWORDS = _common_passwords()
_DUMMY_HASH: list[str] = []


def dummy_hash() -> str:
    """A hash to verify against when there is no account, so both take the same time."""
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(HASHER.hash(secrets.token_urlsafe(16)))
    return _DUMMY_HASH[0]


def check_password(password: str, login: str, field: str = "new_password") -> None:
    """At least 12 characters, not a common password, not the login (OWASP ASVS 2.1)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise RuleViolation.on(field, f"a password has at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise RuleViolation.on(field, f"a password has at most {MAX_PASSWORD_LENGTH} characters")
    folded = password.strip().lower()
    if folded in COMMON_PASSWORDS:
        raise RuleViolation.on(field, "this password is in the list of common passwords")
    if normal_login(login) in folded:
        raise RuleViolation.on(field, "a password must not contain the login")


def one_time_password() -> str:
    """A random password to hand over once (about 120 bits)."""
    return secrets.token_urlsafe(15)


@dataclass(frozen=True)
class SignedIn:
    """A new browser session: the secrets to set as cookies (shown this once)."""

    account: UserAccount
    session_id: str
    csrf_token: str
    expires_at: datetime


@dataclass(frozen=True)
class ApiKey:
    """An API key's record (never its secret)."""

    id: UUID
    account_id: UUID
    name: str
    role: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


def _key(row: Any) -> ApiKey:
    return ApiKey(
        id=row.id,
        account_id=row.account_id,
        name=row.name,
        role=row.role,
        created_at=_utc(row.created_at) or row.created_at,
        expires_at=_utc(row.expires_at) or row.expires_at,
        revoked_at=_utc(row.revoked_at),
        last_used_at=_utc(row.last_used_at),
    )


class Identity:
    """Who is asking: passwords, sessions, API keys and the check of every credential."""

    # Tests only: a token subject with no account may pass when this says so (tests/conftest.py
    # sets it for the subjects its `auth()` helper issued tokens to). Never set in production.
    unknown_subject: ClassVar[Callable[[str, str], bool] | None] = None

    def __init__(self, engine: Engine, accounts: AccountService, secret: str) -> None:
        self.engine = engine
        self.accounts = accounts
        self.secret = secret

    @staticmethod
    def now() -> datetime:
        """The wall clock (UTC) for sessions and throttling."""
        return datetime.now(UTC)

    # -- passwords -------------------------------------------------------------------------------

    def set_password(
        self, account: UserAccount, password: str, caller: Caller, *, must_change: bool
    ) -> None:
        """Store the hash of a new password, then record on the account that one was set."""
        hashed = HASHER.hash(password)
        now = self.now()
        with self.engine.begin() as conn:
            conn.execute(delete(credentials).where(credentials.c.account_id == account.id))
            conn.execute(
                insert(credentials).values(
                    account_id=account.id,
                    password_hash=hashed,
                    must_change=must_change,
                    updated_at=now,
                )
            )
        self.accounts.record_password_set(account.id, caller, must_change=must_change)

    def reset_password(self, account_id_: UUID, caller: Caller) -> str:
        """A one-time password for an account; it must be changed at the next sign-in."""
        account = self.accounts.get_account(account_id_)
        password = one_time_password()
        self.set_password(account, password, caller, must_change=True)
        self.revoke_sessions(account.id)
        return password

    def _stored_hash(self, account: UserAccount | None) -> tuple[str, bool, bool]:
        """(hash to verify, whether it is real, must change)."""
        if account is not None:
            with self.engine.connect() as conn:
                row = conn.execute(
                    select(credentials).where(credentials.c.account_id == account.id)
                ).first()
            if row is not None:
                return row.password_hash, True, bool(row.must_change)
        return dummy_hash(), False, False

    def _verify(self, login: str, password: str, address: str) -> tuple[UserAccount, bool]:
        """Check a login and password, throttled; the same answer for unknown and wrong."""
        login = normal_login(login)
        keys = [f"login:{digest(login)[:40]}", f"addr:{digest(address)[:40]}"]
        throttled = self._check_throttle(keys)
        account = self.accounts.find(login)
        stored, real, must_change = self._stored_hash(account)
        try:
            good = HASHER.verify(stored, password) and real
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            good = False
        if not good or account is None:
            self._fail(keys, account)
            raise NotSignedIn("wrong login or password")
        if keys[0] in throttled:
            self._clear(keys[0])  # a right password forgets the earlier failures
        if not account.enabled:
            raise AccountDisabled()
        if HASHER.check_needs_rehash(stored):
            self.set_password(account, password, Caller(actor=account.login), must_change=False)
        return account, must_change

    # -- throttling ------------------------------------------------------------------------------

    def _check_throttle(self, keys: list[str]) -> set[str]:
        """Refuse (429) while a key is locked; the keys that have failures on record."""
        now = self.now()
        with self.engine.connect() as conn:
            rows = conn.execute(select(throttle).where(throttle.c.key.in_(keys))).all()
        waits = [
            (_utc(r.locked_until) - now).total_seconds()  # type: ignore[operator]
            for r in rows
            if r.locked_until is not None and _utc(r.locked_until) > now  # type: ignore[operator]
        ]
        if waits:
            raise TooManyAttempts(int(max(waits)) + 1)
        return {r.key for r in rows}

    def _fail(self, keys: list[str], account: UserAccount | None) -> None:
        now = self.now()
        locked_login = False
        with self.engine.begin() as conn:
            for key in keys:
                limit = ACCOUNT_FAILURES if key.startswith("login:") else ADDRESS_FAILURES
                row = conn.execute(select(throttle).where(throttle.c.key == key)).first()
                if row is None or now - (_utc(row.window_start) or now) > WINDOW:
                    failures, start = 1, now
                    conn.execute(delete(throttle).where(throttle.c.key == key))
                    conn.execute(insert(throttle).values(key=key, failures=1, window_start=now))
                else:
                    failures, start = row.failures + 1, _utc(row.window_start)
                    conn.execute(
                        update(throttle).where(throttle.c.key == key).values(failures=failures)
                    )
                if failures >= limit:
                    conn.execute(
                        update(throttle)
                        .where(throttle.c.key == key)
                        .values(locked_until=now + LOCKOUT, failures=0, window_start=now)
                    )
                    if key.startswith("login:"):
                        locked_login = True
                    else:
                        log.warning("sign-in locked for an address after %d failures", failures)
                del start
        if locked_login and account is not None:
            # Recorded on the account (issue 13): who was locked out, when, until when.
            self.accounts.record_lockout(
                account.id,
                Caller(actor=SYSTEM_ACTOR),
                seconds=int(LOCKOUT.total_seconds()),
                failures=ACCOUNT_FAILURES,
            )

    def _clear(self, key: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(throttle).where(throttle.c.key == key))

    # -- sign-in and sessions --------------------------------------------------------------------

    def sign_in(self, login: str, password: str, address: str) -> SignedIn:
        """A new session for a right login and password (401, 403 for a reset one, 429)."""
        account, must_change = self._verify(login, password, address)
        if must_change:
            raise PasswordChangeRequired()
        session_id = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        now = self.now()
        with self.engine.begin() as conn:
            conn.execute(
                insert(sessions).values(
                    id=uuid4(),
                    session_hash=digest(session_id),
                    csrf_hash=digest(csrf),
                    account_id=account.id,
                    created_at=now,
                    last_seen_at=now,
                )
            )
        return SignedIn(account, session_id, csrf, now + SESSION_ABSOLUTE)

    def change_password(self, login: str, old: str, new: str, address: str) -> UserAccount:
        """Change a password, proved by the current one; ends the account's other sessions."""
        account, _ = self._verify(login, old, address)
        check_password(new, account.login)
        if new == old:
            raise RuleViolation.on("new_password", "the new password must differ from the old")
        self.set_password(account, new, Caller(actor=account.login), must_change=False)
        self.revoke_sessions(account.id)
        return account

    def sign_out(self, session_id: str) -> None:
        """End a session."""
        with self.engine.begin() as conn:
            conn.execute(
                update(sessions)
                .where(
                    sessions.c.session_hash == digest(session_id), sessions.c.revoked_at.is_(None)
                )
                .values(revoked_at=self.now())
            )

    def revoke_sessions(self, account: UUID) -> None:
        """End every session of an account (disabled, password changed or reset)."""
        with self.engine.begin() as conn:
            conn.execute(
                update(sessions)
                .where(sessions.c.account_id == account, sessions.c.revoked_at.is_(None))
                .values(revoked_at=self.now())
            )

    def session_principal(self, session_id: str, csrf: str | None, method: str) -> Principal:
        """The principal of a session cookie; a state-changing request needs its CSRF token."""
        if len(session_id) > 200:
            raise NotSignedIn("unknown, expired or revoked session")
        with self.engine.connect() as conn:
            row = conn.execute(
                select(sessions).where(sessions.c.session_hash == digest(session_id))
            ).first()
        now = self.now()
        if row is None or row.revoked_at is not None:
            raise NotSignedIn("unknown, expired or revoked session")
        created, seen = _utc(row.created_at), _utc(row.last_seen_at)
        assert created is not None and seen is not None
        if now - created > SESSION_ABSOLUTE or now - seen > SESSION_IDLE:
            raise NotSignedIn("the session has expired: sign in again")
        if method.upper() not in SAFE_METHODS and not (
            csrf and hmac.compare_digest(digest(csrf), row.csrf_hash)
        ):
            raise CsrfRefused()
        account = self.accounts.current(row.account_id)
        if account is None:
            raise NotSignedIn("unknown, expired or revoked session")
        if not account.enabled:
            self.revoke_sessions(account.id)
            raise AccountDisabled()
        role = primary_role(account.roles)
        if role is None:
            raise RoleNotHeld("any")
        if now - seen > TOUCH_EVERY:
            with self.engine.begin() as conn:
                conn.execute(
                    update(sessions).where(sessions.c.id == row.id).values(last_seen_at=now)
                )
        return Principal(
            subject=account.login, role=role, roles=frozenset(account.roles), session=row.id
        )

    # -- tokens and keys -------------------------------------------------------------------------

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

    def create_key(
        self, principal: Principal, name: str, role: str | None, days: int
    ) -> tuple[ApiKey, str]:
        """A personal API key (its secret shown only now), in a role its owner holds."""
        account = self.accounts.find(principal.subject)
        if account is None or not account.enabled:
            raise NotSignedIn("API keys belong to an enabled account")
        chosen = role or primary_role(account.roles)
        if chosen is None or chosen not in account.roles:
            raise RuleViolation.on("role", f"you do not hold the role {chosen!r}")
        secret = API_KEY_PREFIX + secrets.token_urlsafe(32)
        now = self.now()
        row = {
            "id": uuid4(),
            "account_id": account.id,
            "name": name,
            "role": chosen,
            "key_hash": digest(secret),
            "created_at": now,
            "expires_at": now + timedelta(days=days),
        }
        with self.engine.begin() as conn:
            active = conn.execute(
                select(api_keys.c.id).where(
                    api_keys.c.account_id == account.id,
                    api_keys.c.revoked_at.is_(None),
                    api_keys.c.expires_at > now,
                )
            ).all()
            if len(active) >= MAX_KEYS_PER_ACCOUNT:
                raise RuleViolation.on(
                    "name", f"you have {len(active)} active API keys (at most 10): revoke one"
                )
            conn.execute(insert(api_keys).values(**row))
        return ApiKey(
            row["id"], account.id, name, chosen, now, row["expires_at"], None, None
        ), secret

    def keys_of(self, account: UUID) -> list[ApiKey]:
        """An account's API keys, newest first."""
        query = (
            select(api_keys)
            .where(api_keys.c.account_id == account)
            .order_by(api_keys.c.created_at.desc())
            .limit(MAX_LISTED)
        )
        with self.engine.connect() as conn:
            return [_key(r) for r in conn.execute(query)]

    def _key_row(self, key_id: UUID) -> ApiKey | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(api_keys).where(api_keys.c.id == key_id)).first()
        return _key(row) if row is not None else None

    def revoke_key(self, key_id: UUID, owner: UUID | None) -> ApiKey | None:
        """Revoke a key (its owner's; any, when owner is None): None if there is none."""
        where = [api_keys.c.id == key_id]
        if owner is not None:
            where.append(api_keys.c.account_id == owner)
        with self.engine.begin() as conn:
            conn.execute(
                update(api_keys)
                .where(*where, api_keys.c.revoked_at.is_(None))
                .values(revoked_at=self.now())
            )
            row = conn.execute(select(api_keys).where(*where)).first()
        return _key(row) if row is not None else None

    def exchange(self, secret: str) -> tuple[str, int]:
        """A short-lived access token (JWT) for a valid API key of an enabled account."""
        if not secret.startswith(API_KEY_PREFIX) or len(secret) > 200:
            raise NotSignedIn("unknown, revoked or expired API key")
        with self.engine.connect() as conn:
            row = conn.execute(
                select(api_keys).where(api_keys.c.key_hash == digest(secret))
            ).first()
        now = self.now()
        if row is None:
            raise NotSignedIn("unknown, revoked or expired API key")
        key = _key(row)
        if key.revoked_at is not None or key.expires_at <= now:
            raise NotSignedIn("unknown, revoked or expired API key")
        account = self.accounts.current(key.account_id)
        if account is None:
            raise NotSignedIn("unknown, revoked or expired API key")
        if not account.enabled:
            raise AccountDisabled()
        if key.role not in account.roles:
            raise RoleNotHeld(key.role)
        with self.engine.begin() as conn:
            conn.execute(update(api_keys).where(api_keys.c.id == key.id).values(last_used_at=now))
        token = issue_token(
            self.secret, account.login, key.role, ACCESS_TOKEN_SECONDS, key_id=key.id
        )
        return token, ACCESS_TOKEN_SECONDS

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


def address_of(client_host: str | None) -> str:
    """A client address for throttling (never logged)."""
    return client_host or "unknown"


__all__ = ["Identity", "account_id"]
