"""Read model `letters`: the correspondence register, searchable, exported a year at a time."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Date,
    Index,
    Integer,
    Table,
    Text,
    Uuid,
    select,
    tuple_,
)

from domain.correspondence import Letter
from projections.paging import Page, as_uuid, decode_cursor, page_of
from projections.runtime.projection import Projection, handles
from projections.runtime.rows import Rows
from projections.schema import metadata
from projections.text import fold

MAX_EXPORT_ROWS = 100_000  # a year of the department's letters is a few thousand

letters = Table(
    "letters",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("direction", Text, nullable=False),
    Column("number", Text, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("year", Integer, nullable=False),
    Column("registered_on", Date, nullable=False),
    Column("correspondent", Text, nullable=False),
    Column("subject", Text, nullable=False),
    Column("sender_number", Text, nullable=True),
    Column("sender_dated_on", Date, nullable=True),
    Column("case_type", Text, nullable=True),
    Column("case_id", Uuid, nullable=True),
    Column("case_reference", Text, nullable=True),
    Column("document_id", Uuid, nullable=True),
    Column("search", Text, nullable=False),
    Column("position", BigInteger, nullable=False),
    Index("ix_letters_year", "year", "direction", "seq"),
    Index("ix_letters_case", "case_id"),
)
T = letters.c


def _seq(number: str) -> int:
    """972 of 17/0/972-24 or ВХ-972-24."""
    body = number.rsplit("-", 1)[0]
    return int(body.replace("/", "-").rsplit("-", 1)[-1])


class CorrespondenceProjection(Projection):
    """Folds registered letters into the `letters` table."""

    name = "letters"
    version = 1
    tables = (letters,)

    @handles(Letter.Registered)
    def registered(self, rows: Rows, e: Letter.Registered, position: int) -> None:
        """A letter registered."""
        rows.put(
            letters,
            {
                "id": e.originator_id,
                "direction": str(e.direction),
                "number": e.number,
                "seq": _seq(e.number),
                "year": e.registered_on.year,
                "registered_on": e.registered_on,
                "correspondent": e.correspondent,
                "subject": e.subject,
                "sender_number": e.sender_number,
                "sender_dated_on": e.sender_dated_on,
                "case_type": e.case_type,
                "case_id": e.case_id,
                "case_reference": e.case_reference,
                "document_id": e.document_id,
                "search": fold(e.number, e.correspondent, e.subject, e.case_reference or ""),
                "position": position,
            },
        )


@dataclass(frozen=True)
class LetterFilter:
    """What GET /letters may ask for."""

    year: int | None = None
    direction: str | None = None
    case_id: Any = None
    q: str | None = None


def _where(f: LetterFilter) -> list[Any]:
    where: list[Any] = []
    if f.year is not None:
        where.append(T.year == f.year)
    if f.direction:
        where.append(T.direction == f.direction)
    if f.case_id is not None:
        where.append(T.case_id == f.case_id)
    if f.q and fold(f.q):
        where.append(T.search.contains(fold(f.q), autoescape=True))
    return where


def list_letters(conn: Connection, f: LetterFilter, limit: int, cursor: str | None = None) -> Page:
    """Letters newest first (year, direction, number), a page at a time."""
    query = select(letters).where(*_where(f))
    after = decode_cursor(cursor, 3)
    if after is not None:
        query = query.where(
            tuple_(T.year, T.seq, T.id) < (int(after[0]), int(after[1]), as_uuid(after[2]))
        )
    query = query.order_by(T.year.desc(), T.seq.desc(), T.id.desc()).limit(limit + 1)
    rows = [dict(r) for r in conn.execute(query).mappings()]
    return page_of(rows, limit, lambda r: [r["year"], r["seq"], str(r["id"])])


def letters_of_year(conn: Connection, year: int) -> list[dict[str, Any]]:
    """A year's register in number order, outgoing then incoming (the yearly export)."""
    query = (
        select(letters)
        .where(T.year == year)
        .order_by(T.direction.desc(), T.seq, T.id)
        .limit(MAX_EXPORT_ROWS)
    )
    return [dict(r) for r in conn.execute(query).mappings()]


def registered_between(conn: Connection, start: date, end: date) -> int:
    """How many letters were registered in a period."""
    query = select(T.id).where(T.registered_on >= start, T.registered_on <= end)
    return len(conn.execute(query).all())
