"""Personal API keys: shown once, stored hashed, expiring; exchanged for short access tokens."""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import insert, select, update

from application.errors import AccountDisabled, NotSignedIn, RoleNotHeld
from domain.errors import RuleViolation
from domain.user_account import primary_role
from infrastructure.identity.base import IdentityBase
from infrastructure.identity.tables import api_keys, digest, utc
from infrastructure.tokens import Principal, issue_token

ACCESS_TOKEN_SECONDS = 15 * 60
API_KEY_PREFIX = "pak_"
MAX_KEYS_PER_ACCOUNT = 10
MAX_LISTED = 100


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
        created_at=utc(row.created_at) or row.created_at,
        expires_at=utc(row.expires_at) or row.expires_at,
        revoked_at=utc(row.revoked_at),
        last_used_at=utc(row.last_used_at),
    )


class ApiKeys(IdentityBase):
    """Creating, listing, revoking and exchanging an account's API keys."""

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
