"""Read models `honorary_consuls` and `memberships`.

A consul's person is kept only sealed (key id and sealed text, opened for staff by the
application), blanked when erased; the office (state, seat, district, term) stays searchable.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

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
)

from domain.honorary_consul import UKRAINE, HonoraryConsul
from domain.membership import Membership
from projections.counterparts import newest_first
from projections.paging import Page
from projections.runtime.projection import Projection, handles
from projections.runtime.rows import Rows
from projections.schema import metadata
from projections.text import fold

honorary_consuls = Table(
    "honorary_consuls",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("reference", String(40), nullable=False),
    Column("represents", String(2), nullable=False),
    Column("seat_country", String(2), nullable=False),
    Column("seat_city", Text, nullable=False),
    Column("district", Text, nullable=False),
    Column("of_ukraine", Boolean, nullable=False),
    Column("appointed_on", Date, nullable=False),
    Column("term_ends_on", Date, nullable=True),
    Column("status", String(20), nullable=False),
    Column("ended_on", Date, nullable=True),
    Column("key_id", Uuid, nullable=False),
    Column("sealed", Text, nullable=True),  # NULL once the person is erased
    Column("erased_on", Date, nullable=True),
    Column("illustrative", Boolean, nullable=False, server_default=false()),
    Column("search", Text, nullable=False),
    Column("created_position", BigInteger, nullable=False),
    Column("version", Integer, nullable=False),
    Column("position", BigInteger, nullable=False),
    Index("ix_honorary_consuls_created", "created_position"),
    Index("ix_honorary_consuls_represents", "represents", "created_position"),
    Index("ix_honorary_consuls_term", "status", "term_ends_on"),
)
H = honorary_consuls.c

memberships = Table(
    "memberships",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("reference", String(40), nullable=False),
    Column("association", Text, nullable=False),
    Column("country", String(2), nullable=True),
    Column("joined_on", Date, nullable=False),
    Column("renewal_due_on", Date, nullable=True),
    Column("renewed_on", Date, nullable=True),
    Column("status", String(20), nullable=False),
    Column("ended_on", Date, nullable=True),
    Column("illustrative", Boolean, nullable=False, server_default=false()),
    Column("search", Text, nullable=False),
    Column("created_position", BigInteger, nullable=False),
    Column("version", Integer, nullable=False),
    Column("position", BigInteger, nullable=False),
    Index("ix_memberships_created", "created_position"),
    Index("ix_memberships_renewal", "status", "renewal_due_on"),
)
M = memberships.c


class ConsulsProjection(Projection):
    """Folds honorary consul and membership events into their tables."""

    name = "consuls"
    version = 1
    tables = (honorary_consuls, memberships)
    prefetch_by_originator = (honorary_consuls, memberships)

    @staticmethod
    def _set(rows: Rows, table: Table, e: Any, position: int, **values: Any) -> None:
        if rows.get(table, e.originator_id) is not None:
            rows.update(
                table, e.originator_id, version=e.originator_version, position=position, **values
            )

    @handles(HonoraryConsul.Appointed)
    def appointed(self, rows: Rows, e: HonoraryConsul.Appointed, position: int) -> None:
        """A consul appointed: the office in clear, the person sealed."""
        rows.put(
            honorary_consuls,
            {
                "id": e.originator_id,
                "reference": e.reference,
                "represents": e.represents,
                "seat_country": e.seat_country,
                "seat_city": e.seat_city,
                "district": e.district,
                "of_ukraine": e.represents == UKRAINE,
                "appointed_on": e.appointed_on,
                "term_ends_on": e.term_ends_on,
                "status": "serving",
                "ended_on": None,
                "key_id": e.key_id,
                "sealed": e.sealed,
                "erased_on": None,
                "illustrative": e.illustrative,
                "search": fold(e.reference, e.represents, e.seat_country, e.seat_city, e.district),
                "created_position": position,
                "version": e.originator_version,
                "position": position,
            },
        )

    @handles(HonoraryConsul.TermExtended)
    def term_extended(self, rows: Rows, e: HonoraryConsul.TermExtended, position: int) -> None:
        """A later term end."""
        self._set(rows, honorary_consuls, e, position, term_ends_on=e.term_ends_on)

    @handles(HonoraryConsul.Ended)
    def ended(self, rows: Rows, e: HonoraryConsul.Ended, position: int) -> None:
        """No longer serving."""
        self._set(rows, honorary_consuls, e, position, status="ended", ended_on=e.ended_on)

    @handles(HonoraryConsul.PersonChanged)
    def person_changed(self, rows: Rows, e: HonoraryConsul.PersonChanged, position: int) -> None:
        """New details of the consul, sealed."""
        self._set(rows, honorary_consuls, e, position, sealed=e.sealed)

    @handles(HonoraryConsul.PersonErased)
    def person_erased(self, rows: Rows, e: HonoraryConsul.PersonErased, position: int) -> None:
        """The consul's personal data erased: the sealed text is dropped from the row."""
        self._set(rows, honorary_consuls, e, position, sealed=None, erased_on=e.requested_on)

    @handles(HonoraryConsul.ReminderIssued)
    def consul_reminded(self, rows: Rows, e: HonoraryConsul.ReminderIssued, position: int) -> None:
        """A reminder before the term end: only the row's version moves."""
        self._set(rows, honorary_consuls, e, position)

    @handles(Membership.Joined)
    def joined(self, rows: Rows, e: Membership.Joined, position: int) -> None:
        """The city joined an association."""
        rows.put(
            memberships,
            {
                "id": e.originator_id,
                "reference": e.reference,
                "association": e.association,
                "country": e.country,
                "joined_on": e.joined_on,
                "renewal_due_on": e.renewal_due_on,
                "renewed_on": None,
                "status": "active",
                "ended_on": None,
                "illustrative": e.illustrative,
                "search": fold(e.reference, e.association, e.country),
                "created_position": position,
                "version": e.originator_version,
                "position": position,
            },
        )

    @handles(Membership.Renewed)
    def renewed(self, rows: Rows, e: Membership.Renewed, position: int) -> None:
        """Renewed; the next renewal."""
        self._set(
            rows,
            memberships,
            e,
            position,
            renewed_on=e.renewed_on,
            renewal_due_on=e.next_renewal_on,
        )

    @handles(Membership.Ended)
    def membership_ended(self, rows: Rows, e: Membership.Ended, position: int) -> None:
        """The city left."""
        self._set(rows, memberships, e, position, status="ended", ended_on=e.ended_on)

    @handles(Membership.ReminderIssued)
    def membership_reminded(self, rows: Rows, e: Membership.ReminderIssued, position: int) -> None:
        """A reminder before the renewal: only the row's version moves."""
        self._set(rows, memberships, e, position)


# -- queries -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsulFilter:
    """What GET /consuls may ask for."""

    represents: str | None = None
    seat_country: str | None = None
    of_ukraine: bool | None = None
    status: str | None = None
    term_ends_before: date | None = None
    q: str | None = None


@dataclass(frozen=True)
class MembershipFilter:
    """What GET /memberships may ask for."""

    status: str | None = None
    renewal_due_before: date | None = None
    q: str | None = None


def list_consuls(conn: Connection, f: ConsulFilter, limit: int, cursor: str | None = None) -> Page:
    """Honorary consuls (persons sealed), newest first."""
    where: list[Any] = []
    if f.represents:
        where.append(H.represents == f.represents.upper())
    if f.seat_country:
        where.append(H.seat_country == f.seat_country.upper())
    if f.of_ukraine is not None:
        where.append(H.of_ukraine == f.of_ukraine)
    if f.status:
        where.append(H.status == f.status)
    if f.term_ends_before is not None:
        where.append(H.term_ends_on < f.term_ends_before)
    if f.q and fold(f.q):
        where.append(H.search.contains(fold(f.q), autoescape=True))
    return newest_first(conn, honorary_consuls, where, limit, cursor)


def list_memberships(
    conn: Connection, f: MembershipFilter, limit: int, cursor: str | None = None
) -> Page:
    """Association memberships, newest first."""
    where: list[Any] = []
    if f.status:
        where.append(M.status == f.status)
    if f.renewal_due_before is not None:
        where.append(M.renewal_due_on < f.renewal_due_before)
    if f.q and fold(f.q):
        where.append(M.search.contains(fold(f.q), autoescape=True))
    return newest_first(conn, memberships, where, limit, cursor)
