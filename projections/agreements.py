"""Read model `agreements`: agreements and their partners (queries: reads.agreement_queries)."""

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    String,
    Table,
    Text,
    Uuid,
)

from domain.agreement import IN_FORCE, Agreement, AgreementStatus
from domain.calendar import STATUTORY, Calendar
from domain.partner import Partner
from projections.runtime.projection import Projection, handles
from projections.runtime.rows import Rows
from projections.schema import metadata
from projections.text import fold

agreements = Table(
    "agreements",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("reference", String(40), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("title", Text, nullable=False),
    Column("status", String(20), nullable=False),
    Column("status_before_suspension", String(20), nullable=True),
    Column("in_force", Boolean, nullable=False),
    Column("owner", Text, nullable=True),
    Column("auto_renew", Boolean, nullable=False),
    Column("notice_period_days", Integer, nullable=True),
    Column("reminder_windows_days", JSON, nullable=False),
    Column("partner_ids", JSON, nullable=False),
    Column("countries", JSON, nullable=False),
    Column("signed_on", Date, nullable=True),
    Column("effective_from", Date, nullable=True),
    Column("expires_on", Date, nullable=True),
    Column("notice_deadline_on", Date, nullable=True),
    Column("renewals", Integer, nullable=False),
    Column("renewed_on", Date, nullable=True),
    Column("ended_on", Date, nullable=True),
    Column("superseded_by", Uuid, nullable=True),
    Column("search", Text, nullable=False),
    Column("proposed_at", DateTime(timezone=True), nullable=False),
    Column("created_position", BigInteger, nullable=False),
    Column("version", Integer, nullable=False),
    Column("position", BigInteger, nullable=False),
    Index("ix_agreements_created", "created_position"),
    Index("ix_agreements_status", "status", "created_position"),
    Index("ix_agreements_kind", "kind", "created_position"),
    Index("ix_agreements_expiry", "in_force", "expires_on", "id"),
)
A = agreements.c

agreement_partners = Table(
    "agreement_partners",
    metadata,
    Column("agreement_id", Uuid, primary_key=True),
    Column("partner_id", Uuid, primary_key=True),
    Column("country", String(2), nullable=True),
    Index("ix_agreement_partners_partner", "partner_id", "agreement_id"),
    Index("ix_agreement_partners_country", "country", "agreement_id"),
)
L = agreement_partners.c

agreement_partner_names = Table(
    "agreement_partner_names",
    metadata,
    Column("partner_id", Uuid, primary_key=True),
    Column("name", Text, nullable=False),
    Column("name_uk", Text, nullable=True),
    Column("country", String(2), nullable=False),
)
"""The projection's own copy of partner names and countries (it reads no other read model)."""

IN_FORCE_VALUES = frozenset(str(s) for s in IN_FORCE)


def notice_deadline(
    expires_on: date | None, notice_period_days: int | None, calendar: Calendar = STATUTORY
) -> date | None:
    """The last day to give notice of non-renewal (as Agreement.notice_deadline)."""
    if expires_on is None or notice_period_days is None:
        return None
    # Civil Code Art. 254(5) (docs/DEADLINES.md). The `agreements` table keeps it on the law's
    # calendar; the HTTP reads compute it again with the overrides (see interfaces/http/lists).
    return calendar.term_end(expires_on - timedelta(days=notice_period_days))


class AgreementsProjection(Projection):
    """Folds agreement events (and partner names) into `agreements` and its partner links."""

    name = "agreements"
    version = 1
    tables = (agreements, agreement_partners, agreement_partner_names)
    prefetch_by_originator = (agreements,)

    def prefetch(self, rows: Rows, events: Sequence[Any]) -> None:
        """Load the batch's agreements and the names of the partners its proposals name."""
        super().prefetch(rows, events)
        named = [(pid,) for e in events if type(e) is Agreement.Proposed for pid in e.partner_ids]
        rows.prefetch(agreement_partner_names, named)

    @handles(Partner.Registered)
    def partner_registered(self, rows: Rows, e: Partner.Registered, position: int) -> None:
        """Remember a partner's names and country for the agreements that will name it."""
        rows.put(
            agreement_partner_names,
            {
                "partner_id": e.originator_id,
                "name": e.name,
                "name_uk": e.name_uk,
                "country": e.country,
            },
        )

    @handles(Agreement.Proposed)
    def proposed(self, rows: Rows, e: Agreement.Proposed, position: int) -> None:
        """A new agreement with its partners."""
        names: list[str | None] = []
        countries: list[str] = []
        for pid in e.partner_ids:
            partner = rows.get(agreement_partner_names, pid) or {}
            country = partner.get("country")
            names += [partner.get("name"), partner.get("name_uk")]
            if country and country not in countries:
                countries.append(country)
            rows.put(
                agreement_partners,
                {"agreement_id": e.originator_id, "partner_id": pid, "country": country},
            )
        rows.put(
            agreements,
            {
                "id": e.originator_id,
                "reference": e.reference,
                "kind": str(e.kind),
                "title": e.title,
                "status": AgreementStatus.PROPOSED.value,
                "in_force": False,
                "owner": e.owner,
                "auto_renew": e.auto_renew,
                "notice_period_days": e.notice_period_days,
                "reminder_windows_days": list(e.reminder_windows_days),
                "partner_ids": [str(p) for p in e.partner_ids],
                "countries": countries,
                "renewals": 0,
                "search": fold(e.reference, e.title, *names),
                "proposed_at": e.timestamp,
                "created_position": position,
                "version": e.originator_version,
                "position": position,
            },
        )

    def _set(self, rows: Rows, e: Any, position: int, **values: Any) -> dict[str, Any]:
        row = rows.get(agreements, e.originator_id) or {}
        if "status" in values:
            values["in_force"] = values["status"] in IN_FORCE_VALUES
        expires_on = values.get("expires_on", row.get("expires_on"))
        values["notice_deadline_on"] = notice_deadline(expires_on, row.get("notice_period_days"))
        return rows.update(
            agreements,
            e.originator_id,
            version=e.originator_version,
            position=position,
            **values,
        )

    @handles(Agreement.Approved)
    def approved(self, rows: Rows, e: Agreement.Approved, position: int) -> None:
        """Approved by the council."""
        self._set(rows, e, position, status=Agreement.status_after("approve"))

    @handles(Agreement.Signed)
    def signed(self, rows: Rows, e: Agreement.Signed, position: int) -> None:
        """Signed: in force until its expiry."""
        self._set(
            rows,
            e,
            position,
            status=Agreement.status_after("sign"),
            signed_on=e.signed_on,
            effective_from=e.effective_from,
            expires_on=e.expires_on,
        )

    @handles(Agreement.Renewed)
    def renewed(self, rows: Rows, e: Agreement.Renewed, position: int) -> None:
        """Renewed for a new term."""
        row = rows.get(agreements, e.originator_id) or {}
        self._set(
            rows,
            e,
            position,
            status=Agreement.status_after("renew"),
            renewed_on=e.renewed_on,
            expires_on=e.expires_on,
            renewals=(row.get("renewals") or 0) + 1,
            ended_on=None,
        )

    @handles(Agreement.Suspended)
    def suspended(self, rows: Rows, e: Agreement.Suspended, position: int) -> None:
        """On hold (still in force)."""
        row = rows.get(agreements, e.originator_id) or {}
        self._set(
            rows,
            e,
            position,
            status=Agreement.status_after("suspend"),
            status_before_suspension=row.get("status"),
        )

    @handles(Agreement.Resumed)
    def resumed(self, rows: Rows, e: Agreement.Resumed, position: int) -> None:
        """Back to the status it had before the suspension."""
        row = rows.get(agreements, e.originator_id) or {}
        before = row.get("status_before_suspension") or AgreementStatus.SIGNED.value
        self._set(rows, e, position, status=before, status_before_suspension=None)

    @handles(Agreement.Expired)
    def expired(self, rows: Rows, e: Agreement.Expired, position: int) -> None:
        """The term ran out."""
        self._set(rows, e, position, status=Agreement.status_after("expire"), ended_on=e.expired_on)

    @handles(Agreement.Terminated)
    def terminated(self, rows: Rows, e: Agreement.Terminated, position: int) -> None:
        """Ended at once."""
        self._set(
            rows, e, position, status=Agreement.status_after("terminate"), ended_on=e.terminated_on
        )

    @handles(Agreement.Withdrawn)
    def withdrawn(self, rows: Rows, e: Agreement.Withdrawn, position: int) -> None:
        """Abandoned before signature."""
        self._set(
            rows, e, position, status=Agreement.status_after("withdraw"), ended_on=e.withdrawn_on
        )

    @handles(Agreement.Superseded)
    def superseded(self, rows: Rows, e: Agreement.Superseded, position: int) -> None:
        """Replaced by another agreement."""
        self._set(
            rows,
            e,
            position,
            status=Agreement.status_after("supersede"),
            ended_on=e.superseded_on,
            superseded_by=e.by_agreement_id,
        )
