"""The request field types now live with the commands (application.commands.fields)."""

from application.commands.fields import (
    Body,
    Command,
    CountryCode,
    CurrencyCode,
    LongText,
    Name,
    Note,
    Ref,
    Text,
    check_country,
    check_currency,
)

__all__ = [
    "Body",
    "Command",
    "CountryCode",
    "CurrencyCode",
    "LongText",
    "Name",
    "Note",
    "SEES_CONTACTS",
    "Ref",
    "Text",
    "check_country",
    "check_currency",
]

# Who may see an FOI requester's personal data: the staff who handle requests, not auditors.
SEES_CONTACTS = frozenset({"clerk", "manager", "admin"})
