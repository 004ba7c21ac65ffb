"""What every part of the identity service shares: the read database, the accounts, the clock."""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import ClassVar

from sqlalchemy import Engine

from application.accounts import AccountService


class IdentityBase:
    """The engine of the secrets' tables, the account use cases, the token secret, the clock."""

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
