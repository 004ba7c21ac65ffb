"""What the FOI request reads answer: the list (requester's name and kind only) and the stats.

The read model holds no contact details, so nobody (auditors included) can read an e-mail
address, phone or postal address from it; e-mails and phones typed into a subject are masked
for those who may not see contacts.
"""

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from uuid import UUID

import msgspec

from projections.foi_figures import utc
from projections.reads.convert import struct_of


class RequesterSummary(msgspec.Struct):
    """Who asked: name and kind (never how to reach them)."""

    name: str
    kind: str


class FoiRequestItem(msgspec.Struct):
    """An FOI request in a list, with its deadlines as of the calendar now in force."""

    id: UUID
    reference: str
    status: str
    outcome: str | None
    refusal_grounds: list[str]
    requester: RequesterSummary
    channel: str
    subject: str
    officer: str | None
    urgent: bool
    received_on: date
    received_at: datetime | None
    due_on: date
    urgent_due_at: datetime | None
    extension_notice_due_on: date
    extended: bool
    deferred_to: date | None
    days_left: int | None
    overdue: bool
    answered_on: date | None
    late: bool | None
    working_days_late: int | None
    outgoing_number: str | None
    transferred_on: date | None
    withdrawn_on: date | None
    version: int
    position: int
    owner: str | None = None
    """The officer, in the one word for whoever is responsible for a case (docs/CASE_TYPES.md)."""

    def __post_init__(self) -> None:
        self.owner = self.officer


class FoiRequestPage(msgspec.Struct):
    """A page of FOI requests, most recently received first."""

    items: list[FoiRequestItem]
    next_cursor: str | None


class FoiStats(msgspec.Struct):
    """FOI requests received in a period and what became of them (the council's public report)."""

    from_: date = msgspec.field(name="from")
    to: date
    received: int
    by_channel: dict[str, int]
    by_requester_kind: dict[str, int]
    by_status: dict[str, int]
    open: int
    answered: int
    answered_on_time: int
    answered_late: int
    on_time_share: float | None
    by_outcome: dict[str, int]
    by_refusal_ground: dict[str, int]
    transferred: int
    withdrawn: int
    median_working_days_to_answer: float | None


def foi_item(
    r: dict[str, Any], as_of: date, mask: Callable[[str], str] | None = None
) -> FoiRequestItem:
    """One row as the API shows it (the subject passed through `mask` if given)."""
    is_open = bool(r["open"])
    return struct_of(
        FoiRequestItem,
        r,
        requester={"name": r["requester_name"], "kind": r["requester_kind"]},
        subject=mask(r["subject"]) if mask else r["subject"],
        received_at=utc(r["received_at"]),
        urgent_due_at=utc(r["urgent_due_at"]),
        days_left=(r["due_on"] - as_of).days if is_open else None,
        overdue=is_open and r["due_on"] < as_of,
    )
