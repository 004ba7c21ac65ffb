"""The `case_type` query parameter: every spelling of every case type, one check for all filters.

GET /audit/events, /deadlines and /reminders take the same values (domain.case_types): the
slug (`shipment`), the class name (`AidShipment`) or the URL collection (`shipments`). An
unknown spelling is a 400 problem naming `case_type`.
"""

from typing import Annotated

from litestar.exceptions import ValidationException
from litestar.params import Parameter

from domain.case_types import CASE_TYPES, UnknownCaseType, case_type

CaseTypeParam = Annotated[
    str | None,
    Parameter(
        pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,39}$",
        description=(
            "a case type, in any of its spellings: "
            + "; ".join(" = ".join(t.spellings) for t in CASE_TYPES)
        ),
    ),
]


def case_type_filter(spelling: str | None, name: str = "case_type") -> str | None:
    """The slug of a case type named in a query (None: no filter); else a 400 naming it."""
    if spelling is None:
        return None
    try:
        return case_type(spelling).slug
    except UnknownCaseType as e:
        raise ValidationException(str(e), extra=[{"key": name, "message": str(e)}]) from None
