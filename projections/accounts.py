"""Read models `accounts` and `account_intervals`: staff accounts, and who held which role when.

`account_intervals` holds one row per period an account held a role (kind "role:<name>") or was
disabled (kind "disabled"), from the event that began it to the one that ended it (NULL while
open). "Who held role R on date D" is then one query over history (issue 13), not a replay.
"""

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    DateTime,
    Index,
    Integer,
    String,
    Table,
    Text,
    Uuid,
    or_,
    select,
)

from domain.user_account import UserAccount
from projections.runtime.projection import Projection, handles
from projections.runtime.rows import Rows
from projections.schema import metadata

accounts = Table(
    "accounts",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("login", String(63), nullable=False),
    Column("full_name", Text, nullable=False),
    Column("email", Text, nullable=False),
    Column("roles", Text, nullable=False),  # comma-separated, sorted
    Column("status", String(20), nullable=False),
    Column("open_intervals", Text, nullable=False),  # JSON: kind -> version that opened it
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    Column("position", BigInteger, nullable=False),
    Index("ix_accounts_login", "login", unique=True),
)
intervals = Table(
    "account_intervals",
    metadata,
    Column("account_id", Uuid, primary_key=True),
    Column("kind", String(20), primary_key=True),
    Column("since_version", Integer, primary_key=True),
    Column("login", String(63), nullable=False),
    Column("began_at", DateTime(timezone=True), nullable=False),
    Column("ended_at", DateTime(timezone=True), nullable=True),
    Index("ix_account_intervals_kind", "kind", "began_at"),
)
A = accounts.c
I = intervals.c  # noqa: E741


class AccountsProjection(Projection):
    """Folds account events into `accounts` and their role and disabled periods."""

    name = "accounts"
    version = 1
    tables = (accounts, intervals)
    prefetch_by_originator = (accounts,)

    def _open(self, rows: Rows, e: Any, row: dict[str, Any], kind: str) -> None:
        opened = json.loads(row["open_intervals"])
        opened[kind] = e.originator_version
        row["open_intervals"] = json.dumps(opened, sort_keys=True)
        rows.put(
            intervals,
            {
                "account_id": e.originator_id,
                "kind": kind,
                "since_version": e.originator_version,
                "login": row["login"],
                "began_at": e.timestamp,
                "ended_at": None,
            },
        )

    def _close(self, rows: Rows, e: Any, row: dict[str, Any], kind: str) -> None:
        opened = json.loads(row["open_intervals"])
        since = opened.pop(kind, None)
        row["open_intervals"] = json.dumps(opened, sort_keys=True)
        if since is not None:
            rows.update(intervals, e.originator_id, kind, since, ended_at=e.timestamp)

    def _save(self, rows: Rows, e: Any, row: dict[str, Any], position: int) -> None:
        row["version"] = e.originator_version
        row["position"] = position
        rows.put(accounts, row)

    @handles(UserAccount.Created)
    def created(self, rows: Rows, e: UserAccount.Created, position: int) -> None:
        """A new account and its first roles."""
        row: dict[str, Any] = {
            "id": e.originator_id,
            "login": e.login,
            "full_name": e.full_name,
            "email": e.email,
            "roles": ",".join(sorted(e.roles)),
            "status": "active",
            "open_intervals": "{}",
            "created_at": e.timestamp,
        }
        for role in sorted(e.roles):
            self._open(rows, e, row, f"role:{role}")
        self._save(rows, e, row, position)

    @handles(UserAccount.RoleGranted, UserAccount.RoleRevoked)
    def role_changed(
        self, rows: Rows, e: UserAccount.RoleGranted | UserAccount.RoleRevoked, position: int
    ) -> None:
        """A role granted opens a period; a role revoked closes it."""
        row = rows.get(accounts, e.originator_id)
        if row is None:
            return
        roles = set(filter(None, row["roles"].split(",")))
        if type(e).__name__ == "RoleGranted":
            roles.add(e.role)
            self._open(rows, e, row, f"role:{e.role}")
        else:
            roles.discard(e.role)
            self._close(rows, e, row, f"role:{e.role}")
        row["roles"] = ",".join(sorted(roles))
        self._save(rows, e, row, position)

    @handles(UserAccount.Disabled, UserAccount.Enabled)
    def status_changed(
        self, rows: Rows, e: UserAccount.Disabled | UserAccount.Enabled, position: int
    ) -> None:
        """Disabling opens a disabled period; enabling closes it."""
        row = rows.get(accounts, e.originator_id)
        if row is None:
            return
        if type(e).__name__ == "Disabled":
            row["status"] = "disabled"
            self._open(rows, e, row, "disabled")
        else:
            row["status"] = "active"
            self._close(rows, e, row, "disabled")
        self._save(rows, e, row, position)


# -- queries -----------------------------------------------------------------------------------

MAX_ACCOUNTS = 1000  # a department's staff: one bounded page


@dataclass(frozen=True)
class RoleHolder:
    """An account that held a role on a date, and whether it was enabled all that day."""

    account_id: Any
    login: str
    full_name: str
    held_from: datetime
    held_until: datetime | None
    disabled_that_day: bool


def list_accounts(conn: Connection, role: str | None = None) -> list[dict[str, Any]]:
    """Accounts by login (those holding `role` now, when given)."""
    query = select(accounts).order_by(A.login).limit(MAX_ACCOUNTS)
    rows = [dict(r) for r in conn.execute(query).mappings()]
    if role:
        rows = [r for r in rows if role in r["roles"].split(",")]
    return rows


def holders_on(conn: Connection, role: str, day: date, zone: ZoneInfo) -> list[RoleHolder]:
    """Every account that held `role` at any moment of `day` (business time zone), from history."""
    start = datetime.combine(day, time(0), zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), zone).astimezone(UTC)
    query = (
        select(I.account_id, I.login, I.began_at, I.ended_at, A.full_name)
        .join(accounts, A.id == I.account_id)
        .where(
            I.kind == f"role:{role}",
            I.began_at < end,
            or_(I.ended_at.is_(None), I.ended_at > start),
        )
        .order_by(I.login, I.began_at)
        .limit(MAX_ACCOUNTS)
    )
    found = conn.execute(query).all()
    disabled = {
        r.account_id
        for r in conn.execute(
            select(I.account_id).where(
                I.kind == "disabled",
                I.began_at < end,
                or_(I.ended_at.is_(None), I.ended_at > start),
                I.account_id.in_([f.account_id for f in found] or [None]),
            )
        )
    }
    return [
        RoleHolder(
            f.account_id,
            f.login,
            f.full_name,
            _aware(f.began_at),
            _aware(f.ended_at) if f.ended_at is not None else None,
            f.account_id in disabled,
        )
        for f in found
    ]


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
