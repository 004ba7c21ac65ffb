"""Browser sessions: opened by sign-in, kept server-side, CSRF-checked, idle and absolute limits."""

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID, uuid4

from sqlalchemy import insert, select, update

from application.errors import (
    AccountDisabled,
    CsrfRefused,
    NotSignedIn,
    PasswordChangeRequired,
    RoleNotHeld,
)
from application.service import Caller
from domain.errors import RuleViolation
from domain.user_account import UserAccount, primary_role
from infrastructure.identity.base import IdentityBase
from infrastructure.identity.passwords import check_password
from infrastructure.identity.tables import digest, sessions, utc
from infrastructure.tokens import Principal

SESSION_COOKIE = "pobratym_session"
CSRF_COOKIE = "pobratym_csrf"
CSRF_HEADER = "x-csrf-token"
SESSION_IDLE = timedelta(minutes=30)
SESSION_ABSOLUTE = timedelta(hours=12)
TOUCH_EVERY = timedelta(seconds=60)  # last_seen_at moves at most once a minute per session
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class SignedIn:
    """A new browser session: the secrets to set as cookies (shown this once)."""

    account: UserAccount
    session_id: str
    csrf_token: str
    expires_at: datetime


class Sessions(IdentityBase):
    """Sign-in, password change, sign-out, and the principal of a session cookie."""

    def sign_in(self, login: str, password: str, address: str) -> SignedIn:
        """A new session for a right login and password (401, 403 for a reset one, 429)."""
        account, must_change = self._verify(login, password, address)
        if must_change:
            raise PasswordChangeRequired()
        return self.open_session(account)

    def open_session(self, account: UserAccount) -> SignedIn:
        """A new session for an account that proved who it is (password, or single sign-on)."""
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
        created, seen = utc(row.created_at), utc(row.last_seen_at)
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


def address_of(client_host: str | None) -> str:
    """A client address for throttling (never logged)."""
    return client_host or "unknown"
