"""Field types and checks shared by the request schemas (API.md conventions)."""

from typing import Annotated

import msgspec
import pycountry

Text = Annotated[str, msgspec.Meta(min_length=1, max_length=500)]
LongText = Annotated[str, msgspec.Meta(min_length=1, max_length=20000)]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Ref = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
Note = Annotated[str, msgspec.Meta(max_length=2000)]
CountryCode = Annotated[str, msgspec.Meta(pattern="^[A-Za-z]{2}$")]
CurrencyCode = Annotated[str, msgspec.Meta(pattern="^[A-Za-z]{3}$")]


class Body(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Base of request bodies: unknown fields are refused (400), `note` is always accepted."""

    note: Note | None = None


def check_country(code: str, field: str = "country") -> str:
    """An ISO 3166-1 alpha-2 code, upper-cased; otherwise a schema error (400)."""
    upper = code.upper()
    if pycountry.countries.get(alpha_2=upper) is None:
        raise ValueError(f"{field}: '{code}' is not an ISO 3166-1 alpha-2 country code")
    return upper


def check_currency(code: str, field: str = "currency") -> str:
    """An ISO 4217 currency code, upper-cased; otherwise a schema error (400)."""
    upper = code.upper()
    if pycountry.currencies.get(alpha_3=upper) is None:
        raise ValueError(f"{field}: '{code}' is not an ISO 4217 currency code")
    return upper


# Who may see an FOI requester's personal data: the staff who handle requests, not auditors.
SEES_CONTACTS = frozenset({"clerk", "manager", "admin"})
