"""Throttling of failed sign-ins and password changes, per login and per client address."""

import logging
from datetime import timedelta

from sqlalchemy import delete, insert, select, update

from application.errors import TooManyAttempts
from application.service import Caller
from domain.user_account import UserAccount
from infrastructure.identity.base import IdentityBase
from infrastructure.identity.tables import throttle, utc

log = logging.getLogger("pobratym.identity")

WINDOW = timedelta(minutes=15)
ACCOUNT_FAILURES = 5  # then the login is locked for LOCKOUT (a LockedOut event on the account)
ADDRESS_FAILURES = 20  # then the address is locked for LOCKOUT
LOCKOUT = timedelta(minutes=15)

SYSTEM_ACTOR = "system:sign-in"


class Throttling(IdentityBase):
    """Failures counted in a window; a lockout (429 + Retry-After) after too many."""

    def _check_throttle(self, keys: list[str]) -> set[str]:
        """Refuse (429) while a key is locked; the keys that have failures on record."""
        now = self.now()
        with self.engine.connect() as conn:
            rows = conn.execute(select(throttle).where(throttle.c.key.in_(keys))).all()
        waits = [
            (utc(r.locked_until) - now).total_seconds()  # type: ignore[operator]
            for r in rows
            if r.locked_until is not None and utc(r.locked_until) > now  # type: ignore[operator]
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
                if row is None or now - (utc(row.window_start) or now) > WINDOW:
                    failures, start = 1, now
                    conn.execute(delete(throttle).where(throttle.c.key == key))
                    conn.execute(insert(throttle).values(key=key, failures=1, window_start=now))
                else:
                    failures, start = row.failures + 1, utc(row.window_start)
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
