"""Read models `counterparts` and `contacts`: the counterparts directory.

`contacts` holds no personal data in clear: only the person's sealed text and key id (opened
for staff by the application, page by page), blanked (NULL) when the person is erased. A
rebuild from the log blanks it again at the erasure event, so the rebuilt table is the same.
The text search covers the reference and the counterpart's name and country, never the person.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Date,
    Index,
    Integer,
    String,
    Table,
    Text,
    Uuid,
    false,
    select,
)

from domain.contact import Contact
from domain.counterpart import Counterpart
from projections.paging import Page, as_int, decode_cursor, page_of
from projections.runtime.projection import Projection, handles
from projections.runtime.rows import Rows
from projections.schema import metadata
from projections.text import fold

counterparts = Table(
    "counterparts",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("reference", String(40), nullable=False),
    Column("name", Text, nullable=False),
    Column("country", String(2), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("city", Text, nullable=True),
    Column("status", String(20), nullable=False),
    Column("closed_on", Date, nullable=True),
    Column("illustrative", Boolean, nullable=False, server_default=false()),
    Column("search", Text, nullable=False),
    Column("created_position", BigInteger, nullable=False),
    Column("version", Integer, nullable=False),
    Column("position", BigInteger, nullable=False),
    Index("ix_counterparts_created", "created_position"),
    Index("ix_counterparts_kind", "kind", "created_position"),
    Index("ix_counterparts_country", "country", "created_position"),
)
C = counterparts.c

contacts = Table(
    "contacts",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("reference", String(40), nullable=False),
    Column("counterpart_id", Uuid, nullable=True),
    Column("partner_id", Uuid, nullable=True),
    Column("key_id", Uuid, nullable=False),
    Column("sealed", Text, nullable=True),  # NULL once the person is erased
    Column("status", String(20), nullable=False),
    Column("erased_on", Date, nullable=True),
    Column("illustrative", Boolean, nullable=False, server_default=false()),
    Column("search", Text, nullable=False),
    Column("created_position", BigInteger, nullable=False),
    Column("version", Integer, nullable=False),
    Column("position", BigInteger, nullable=False),
    Index("ix_contacts_created", "created_position"),
    Index("ix_contacts_counterpart", "counterpart_id", "created_position"),
    Index("ix_contacts_partner", "partner_id", "created_position"),
)
P = contacts.c


class CounterpartsProjection(Projection):
    """Folds counterpart and contact events into `counterparts` and `contacts`."""

    name = "counterparts"
    version = 1
    tables = (counterparts, contacts)
    prefetch_by_originator = (counterparts, contacts)

    def prefetch(self, rows: Rows, events: Sequence[Any]) -> None:
        """The batch's rows, and the counterparts its new contacts belong to."""
        super().prefetch(rows, events)
        owners = {getattr(e, "counterpart_id", None) for e in events} - {None}
        rows.prefetch(counterparts, [(cid,) for cid in owners])

    @staticmethod
    def _set(rows: Rows, table: Table, e: Any, position: int, **values: Any) -> None:
        if rows.get(table, e.originator_id) is not None:
            rows.update(
                table, e.originator_id, version=e.originator_version, position=position, **values
            )

    @handles(Counterpart.Registered)
    def registered(self, rows: Rows, e: Counterpart.Registered, position: int) -> None:
        """A new mission or organisation."""
        rows.put(
            counterparts,
            {
                "id": e.originator_id,
                "reference": e.reference,
                "name": e.name,
                "country": e.country,
                "kind": str(e.kind),
                "city": e.city,
                "status": "active",
                "closed_on": None,
                "illustrative": e.illustrative,
                "search": fold(e.reference, e.name, e.country, e.city),
                "created_position": position,
                "version": e.originator_version,
                "position": position,
            },
        )

    @handles(Counterpart.Closed)
    def closed(self, rows: Rows, e: Counterpart.Closed, position: int) -> None:
        """No longer worked with."""
        self._set(rows, counterparts, e, position, status="closed", closed_on=e.closed_on)

    @handles(Counterpart.Reopened)
    def reopened(self, rows: Rows, e: Counterpart.Reopened, position: int) -> None:
        """Worked with again."""
        self._set(rows, counterparts, e, position, status="active", closed_on=None)

    @handles(Contact.Registered)
    def contact_registered(self, rows: Rows, e: Contact.Registered, position: int) -> None:
        """A new contact person: sealed, searchable by reference and counterpart only."""
        owner = rows.get(counterparts, e.counterpart_id) if e.counterpart_id else None
        rows.put(
            contacts,
            {
                "id": e.originator_id,
                "reference": e.reference,
                "counterpart_id": e.counterpart_id,
                "partner_id": e.partner_id,
                "key_id": e.key_id,
                "sealed": e.sealed,
                "status": "active",
                "erased_on": None,
                "illustrative": e.illustrative,
                "search": fold(e.reference, *((owner["name"], owner["country"]) if owner else ())),
                "created_position": position,
                "version": e.originator_version,
                "position": position,
            },
        )

    @handles(Contact.DetailsChanged)
    def contact_changed(self, rows: Rows, e: Contact.DetailsChanged, position: int) -> None:
        """New details, sealed."""
        self._set(rows, contacts, e, position, sealed=e.sealed)

    @handles(Contact.Erased)
    def contact_erased(self, rows: Rows, e: Contact.Erased, position: int) -> None:
        """Erased: the sealed text is dropped from the row."""
        self._set(
            rows, contacts, e, position, sealed=None, status="erased", erased_on=e.requested_on
        )


# -- queries -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CounterpartFilter:
    """What GET /counterparts may ask for."""

    kind: str | None = None
    country: str | None = None
    status: str | None = None
    q: str | None = None


@dataclass(frozen=True)
class ContactFilter:
    """What GET /contacts may ask for."""

    counterpart_id: UUID | None = None
    partner_id: UUID | None = None
    status: str | None = None
    q: str | None = None


def newest_first(
    conn: Connection, table: Table, where: list[Any], limit: int, cursor: str | None
) -> Page:
    """Rows most recently created first, a page at a time (cursor: the last created position)."""
    after = decode_cursor(cursor, 1)
    if after is not None:
        where = [*where, table.c.created_position < as_int(after[0])]
    query = select(table).where(*where).order_by(table.c.created_position.desc()).limit(limit + 1)
    rows = [dict(r) for r in conn.execute(query).mappings()]
    return page_of(rows, limit, lambda r: [r["created_position"]])


def list_counterparts(
    conn: Connection, f: CounterpartFilter, limit: int, cursor: str | None = None
) -> Page:
    """Counterparts, newest first."""
    where: list[Any] = []
    if f.kind:
        where.append(C.kind == f.kind)
    if f.country:
        where.append(C.country == f.country.upper())
    if f.status:
        where.append(C.status == f.status)
    if f.q and fold(f.q):
        where.append(C.search.contains(fold(f.q), autoescape=True))
    return newest_first(conn, counterparts, where, limit, cursor)


def list_contacts(
    conn: Connection, f: ContactFilter, limit: int, cursor: str | None = None
) -> Page:
    """Contact persons (sealed), newest first."""
    where: list[Any] = []
    if f.counterpart_id is not None:
        where.append(P.counterpart_id == f.counterpart_id)
    if f.partner_id is not None:
        where.append(P.partner_id == f.partner_id)
    if f.status:
        where.append(P.status == f.status)
    if f.q and fold(f.q):
        where.append(P.search.contains(fold(f.q), autoescape=True))
    return newest_first(conn, contacts, where, limit, cursor)
