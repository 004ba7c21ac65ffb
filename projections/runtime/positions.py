"""Where each projection stands in the log: one row per projection, locked while a batch runs."""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    DateTime,
    Integer,
    String,
    Table,
    Text,
    case,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from projections.schema import metadata

MAX_ERROR_LENGTH = 4000

projection_positions = Table(
    "projection_positions",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("position", BigInteger, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("last_error", Text, nullable=True),
    Column("error_position", BigInteger, nullable=True),
    Column("error_at", DateTime(timezone=True), nullable=True),
    Column("rebuild_token", String(36), nullable=True),
    Column("rebuild_position", BigInteger, nullable=True),
    Column("rebuild_heartbeat_at", DateTime(timezone=True), nullable=True),
)
P = projection_positions.c


@dataclass(frozen=True)
class PositionRow:
    """One projection's stored state."""

    name: str
    version: int
    position: int
    updated_at: datetime
    last_error: str | None
    error_position: int | None
    error_at: datetime | None
    rebuild_token: str | None
    rebuild_position: int | None
    rebuild_heartbeat_at: datetime | None


def utc(moment: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes: they were stored in UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _row(mapping: object) -> PositionRow:
    m = dict(mapping)  # type: ignore[call-overload]
    for key in ("updated_at", "error_at", "rebuild_heartbeat_at"):
        m[key] = utc(m[key])
    return PositionRow(**m)


def ensure(conn: Connection, name: str, version: int) -> None:
    """Create the row of a new projection at position 0 (harmless if it exists)."""
    if exists(conn, name):
        return
    try:
        with conn.begin_nested():
            conn.execute(
                insert(projection_positions).values(
                    name=name, version=version, position=0, updated_at=datetime.now(UTC)
                )
            )
    except IntegrityError:
        pass  # another worker created it first


def exists(conn: Connection, name: str) -> bool:
    """Whether a projection has its row."""
    return conn.execute(select(P.name).where(P.name == name)).first() is not None


def lock(conn: Connection, name: str, *, skip_locked: bool) -> PositionRow | None:
    """Read and lock a projection's row for this transaction; None if another holds it."""
    query = select(projection_positions).where(P.name == name)
    if conn.dialect.name == "postgresql":
        # On SQLite the read database's BEGIN IMMEDIATE already serialises writers.
        query = query.with_for_update(skip_locked=skip_locked)
    row = conn.execute(query).mappings().first()
    return None if row is None else _row(row)


def lock_many(conn: Connection, names: list[str], *, skip_locked: bool) -> dict[str, PositionRow]:
    """Read and lock several projections' rows for this transaction (those another holds are
    left out with skip_locked), by name."""
    query = select(projection_positions).where(P.name.in_(names)).order_by(P.name)
    if conn.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=skip_locked)
    return {r["name"]: _row(r) for r in conn.execute(query).mappings()}


def existing(conn: Connection, names: list[str]) -> set[str]:
    """Which of the named projections have their row (locked or not)."""
    return set(conn.execute(select(P.name).where(P.name.in_(names))).scalars())


def read_all(conn: Connection) -> dict[str, PositionRow]:
    """Every projection's row, by name."""
    return {r["name"]: _row(r) for r in conn.execute(select(projection_positions)).mappings()}


def advance(conn: Connection, row: PositionRow, position: int) -> None:
    """Move a locked projection to a new position; a stored error is cleared once passed."""
    values: dict[str, object] = {"position": position, "updated_at": datetime.now(UTC)}
    if row.error_position is not None and position >= row.error_position:
        values.update(last_error=None, error_position=None, error_at=None)
    conn.execute(update(projection_positions).where(P.name == row.name).values(**values))


def advance_many(conn: Connection, moves: list[tuple[PositionRow, int]]) -> None:
    """Move several locked projections in one statement (one with a stored error alone)."""
    plain = {}
    for row, position in moves:
        if row.error_position is not None and position >= row.error_position:
            advance(conn, row, position)
        elif position != row.position:
            plain[row.name] = position
    if plain:
        conn.execute(
            update(projection_positions)
            .where(P.name.in_(list(plain)))
            .values(position=case(plain, value=P.name), updated_at=datetime.now(UTC))
        )


def record_error(conn: Connection, name: str, position: int, message: str) -> None:
    """Remember why a projection stopped and at which event."""
    conn.execute(
        update(projection_positions)
        .where(P.name == name)
        .values(
            last_error=message[:MAX_ERROR_LENGTH],
            error_position=position,
            error_at=datetime.now(UTC),
        )
    )


def reset(conn: Connection, name: str, version: int, position: int) -> None:
    """Set a projection's position and version after a rebuild was swapped in."""
    conn.execute(
        update(projection_positions)
        .where(P.name == name)
        .values(
            version=version,
            position=position,
            updated_at=datetime.now(UTC),
            last_error=None,
            error_position=None,
            error_at=None,
            rebuild_token=None,
            rebuild_position=None,
            rebuild_heartbeat_at=None,
        )
    )


def claim_rebuild(conn: Connection, name: str, token: str, stale_after: float) -> bool:
    """Claim the right to rebuild a projection unless a live rebuild holds it."""
    row = lock(conn, name, skip_locked=False)
    if row is None:
        return False
    now = datetime.now(UTC)
    beat = row.rebuild_heartbeat_at
    if row.rebuild_token and beat is not None and (now - beat).total_seconds() < stale_after:
        return False
    conn.execute(
        update(projection_positions)
        .where(P.name == name)
        .values(rebuild_token=token, rebuild_position=0, rebuild_heartbeat_at=now)
    )
    return True


def heartbeat(conn: Connection, name: str, token: str, position: int) -> bool:
    """Show a rebuild's progress; False if its claim was lost."""
    result = conn.execute(
        update(projection_positions)
        .where(P.name == name, P.rebuild_token == token)
        .values(rebuild_position=position, rebuild_heartbeat_at=datetime.now(UTC))
    )
    return result.rowcount == 1


def release_rebuild(conn: Connection, name: str, token: str) -> None:
    """Give up a rebuild claim (after a failure or an interruption)."""
    conn.execute(
        update(projection_positions)
        .where(P.name == name, P.rebuild_token == token)
        .values(rebuild_token=None, rebuild_position=None, rebuild_heartbeat_at=None)
    )
