"""Passwords: argon2id hashes (OWASP parameters), the password rules, and checking one."""

import secrets
from importlib.resources import files
from uuid import UUID

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, insert, select

from application.errors import AccountDisabled, NotSignedIn
from application.service import Caller
from domain.errors import RuleViolation
from domain.user_account import UserAccount, normal_login
from infrastructure.identity.base import IdentityBase
from infrastructure.identity.tables import credentials, digest

# OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, type=Type.ID)
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024


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


class Passwords(IdentityBase):
    """Setting, resetting and verifying passwords (throttled by `Throttling`)."""

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
