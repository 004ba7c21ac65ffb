"""The `deadlines` read model's tables and the helpers every case type's rules use.

One row per obligation of a case: (case_id, kind) -> due date, open or closed. Case types add
their obligations as mixins of `DeadlineRules` (see projections/deadlines/agreements.py).
"""

from datetime import date, datetime
from typing import Any
from uuid import UUID

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

from projections.runtime.rows import Rows
from projections.schema import metadata

deadlines = Table(
    "deadlines",
    metadata,
    Column("case_id", Uuid, primary_key=True),
    Column("kind", String(40), primary_key=True),
    Column("case_type", String(20), nullable=False),
    Column("reference", String(40), nullable=False),
    Column("title", Text, nullable=True),
    Column("owner", Text, nullable=True),
    Column("case_status", String(30), nullable=False),
    Column("due_on", Date, nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=True),
    Column("open", Boolean, nullable=False),
    Column("resolution", String(30), nullable=True),
    Column("closed_on", Date, nullable=True),
    Column("version", Integer, nullable=False),
    Column("position", BigInteger, nullable=False),
    Index("ix_deadlines_open_due", "open", "due_on", "case_id", "kind"),
    Index("ix_deadlines_kind_due", "kind", "open", "due_on"),
    Index("ix_deadlines_owner_due", "owner", "open", "due_on", "case_id", "kind"),
)
"""Every obligation with a due date: FOI answers, shipment reports, agreement expiries..."""

deadline_cases = Table(
    "deadline_cases",
    metadata,
    Column("case_id", Uuid, primary_key=True),
    Column("case_type", String(20), nullable=False),
    Column("reference", String(40), nullable=False),
    Column("title", Text, nullable=True),
    Column("owner", Text, nullable=True),
    Column("status", String(30), nullable=False),
    Column("kinds", JSON, nullable=False),
    Column("facts", JSON, nullable=False),
)
"""What the rules remember of each case between its events (JSON-ready facts only)."""

_SHARED = ("reference", "title", "owner")


class DeadlineRules:
    """Helpers for the handlers that open and close the obligations of one case type."""

    def remember_case(
        self,
        rows: Rows,
        case_type: str,
        case_id: UUID,
        *,
        reference: str,
        status: str,
        title: str | None = None,
        owner: str | None = None,
        **facts: Any,
    ) -> None:
        """Start following a case (on its creation event)."""
        rows.put(
            deadline_cases,
            {
                "case_id": case_id,
                "case_type": case_type,
                "reference": reference,
                "title": title,
                "owner": owner,
                "status": status,
                "kinds": [],
                "facts": facts,
            },
        )

    def case(self, rows: Rows, case_id: UUID) -> dict[str, Any] | None:
        """What is remembered of a case, or None if it is not followed."""
        return rows.get(deadline_cases, case_id)

    def update_case(
        self, rows: Rows, e: Any, position: int, facts: dict[str, Any] | None = None, **values: Any
    ) -> dict[str, Any] | None:
        """Change a followed case (status, owner, ...) and show it on its deadline rows."""
        case = self.case(rows, e.originator_id)
        if case is None:
            return None
        if facts:
            values["facts"] = {**case["facts"], **facts}
        case = rows.update(deadline_cases, e.originator_id, **values)
        shown = {k: case[k] for k in _SHARED}
        shown["case_status"] = case["status"]
        for kind in case["kinds"]:
            rows.update(
                deadlines,
                e.originator_id,
                kind,
                version=e.originator_version,
                position=position,
                **shown,
            )
        return case

    def open_deadline(
        self,
        rows: Rows,
        e: Any,
        position: int,
        kind: str,
        due_on: date,
        due_at: datetime | None = None,
    ) -> None:
        """Open (or move) one obligation of the case the event belongs to."""
        case = self.case(rows, e.originator_id)
        if case is None:
            return
        if kind not in case["kinds"]:
            rows.update(deadline_cases, e.originator_id, kinds=[*case["kinds"], kind])
        rows.put(
            deadlines,
            {
                "case_id": e.originator_id,
                "kind": kind,
                "case_type": case["case_type"],
                "reference": case["reference"],
                "title": case["title"],
                "owner": case["owner"],
                "case_status": case["status"],
                "due_on": due_on,
                "due_at": due_at,
                "open": True,
                "resolution": None,
                "closed_on": None,
                "version": e.originator_version,
                "position": position,
            },
        )

    def close_deadline(
        self, rows: Rows, e: Any, position: int, kind: str, resolution: str, closed_on: date
    ) -> None:
        """Close an open obligation: met, lapsed or no longer owed."""
        row = rows.get(deadlines, e.originator_id, kind)
        if row is None or not row["open"]:
            return
        rows.update(
            deadlines,
            e.originator_id,
            kind,
            open=False,
            resolution=resolution,
            closed_on=closed_on,
            version=e.originator_version,
            position=position,
        )

    def close_all(
        self, rows: Rows, e: Any, position: int, resolution: str, closed_on: date
    ) -> None:
        """Close every open obligation of the case."""
        case = self.case(rows, e.originator_id)
        for kind in case["kinds"] if case else []:
            self.close_deadline(rows, e, position, kind, resolution, closed_on)
