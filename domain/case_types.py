"""The case types and every spelling of each: one entry a case type, pure data.

A case type is written four ways, each where it belongs: the aggregate class (`AidShipment`, in
stored event topics and the audit trail), the slug (`shipment`, in deadlines, reminders and
webhooks: the one spelling to use in new API output and docs), the URL collection
(`shipments`) and the prefix of its reference numbers (`SHP-2026-0001`). Every filter on a case
type accepts any of the spellings (`spellings`); `case_type()` turns one into its entry.

A new case type adds one `CaseType` line to `CASE_TYPES`; the routes, filters, reminder links,
the audit trail and the docs table (docs/CASE_TYPES.md, checked by a test) follow from it.
Aggregates that are registers rather than cases (reference sequences, the working calendar,
user accounts) are listed in `RECORDS`: the audit trail can be filtered by them too.
"""

from dataclasses import dataclass
from typing import Any, Final


@dataclass(frozen=True)
class CaseType:
    """A kind of case (or register) and its spellings."""

    aggregate: str
    """The aggregate class name, as in stored event topics: `AidShipment`."""
    slug: str
    """The one word for it in API output, deadlines, reminders and docs: `shipment`."""
    path: str | None = None
    """The URL collection of its cases: `shipments` (None: no public collection)."""
    prefix: str | None = None
    """The prefix of its reference numbers: `SHP` (None: its cases have no reference)."""

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every spelling a filter accepts, the slug first."""
        found = [self.slug, self.aggregate, self.path]
        return tuple(dict.fromkeys(s for s in found if s))


CASE_TYPES: Final[tuple[CaseType, ...]] = (
    CaseType("Agreement", "agreement", "agreements", "AGR"),
    CaseType("FoiRequest", "foi_request", "foi-requests", "FOI"),
    CaseType("AidShipment", "shipment", "shipments", "SHP"),
    CaseType("Partner", "partner", "partners"),
    CaseType("Engagement", "engagement", "engagements", "ENG"),
    CaseType("Project", "project", "projects", "PRJ"),
    CaseType("Counterpart", "counterpart", "counterparts", "CPT"),
    CaseType("Contact", "contact", "contacts", "CNT"),
    CaseType("HonoraryConsul", "honorary_consul", "consuls", "HCN"),
    CaseType("Membership", "membership", "memberships", "MEM"),
)
"""The case types: one line each."""

RECORDS: Final[tuple[CaseType, ...]] = (
    CaseType("UserAccount", "user_account", "users"),
    CaseType("ReferenceSequence", "reference_sequence"),
    CaseType("PartnerNameClaim", "partner_name_claim"),
    CaseType("CalendarRegister", "calendar_register"),
    CaseType("Letter", "letter", "letters"),
)
"""Other aggregates whose events stand in the log (and so in the audit trail)."""

EVERY_TYPE: Final = CASE_TYPES + RECORDS

_BY_SPELLING: Final[dict[str, CaseType]] = {s: t for t in EVERY_TYPE for s in t.spellings}


class UnknownCaseType(ValueError):
    """A case type spelled in no known way."""

    def __init__(self, spelling: str) -> None:
        self.spelling = spelling
        known = ", ".join(t.slug for t in EVERY_TYPE)
        super().__init__(f"unknown case type {spelling!r}; known: {known} (or their class names)")


def case_type(spelling: str) -> CaseType:
    """The case type of any of its spellings (`shipment`, `AidShipment`, `shipments`)."""
    found = _BY_SPELLING.get(spelling)
    if found is None:
        raise UnknownCaseType(spelling)
    return found


def every_spelling(types: tuple[CaseType, ...] = EVERY_TYPE) -> tuple[str, ...]:
    """Every spelling of the given types, in registry order."""
    return tuple(s for t in types for s in t.spellings)


def case_type_of(case_or_event: Any) -> CaseType:
    """The case type of an aggregate, its class, or one of its events (`Agreement.Signed`)."""
    cls = case_or_event if isinstance(case_or_event, type) else type(case_or_event)
    return case_type(cls.__qualname__.split(".")[0])


def slug_of(spelling: str) -> str:
    """The slug of a spelling: how deadlines and reminders store a case type."""
    return case_type(spelling).slug


def aggregate_of(spelling: str) -> str:
    """The class name of a spelling: how the audit trail stores a case type."""
    return case_type(spelling).aggregate


def path_of(spelling: str) -> str:
    """The URL collection of a case type (its slug when it has none)."""
    t = case_type(spelling)
    return t.path or t.slug


def url_of(spelling: str, case_id: object = None) -> str:
    """The URL of a case type's collection (`/shipments`), or of one case in it."""
    collection = f"/{path_of(spelling)}"
    return collection if case_id is None else f"{collection}/{case_id}"


def prefix_of(spelling: str) -> str:
    """The prefix of a case type's reference numbers (`SHP`)."""
    t = case_type(spelling)
    if t.prefix is None:
        raise ValueError(f"{t.slug} cases have no reference numbers")
    return t.prefix
