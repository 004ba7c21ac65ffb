"""Commands on the register of partners: the HTTP bodies of /partners."""

from datetime import date
from typing import Annotated

import msgspec

from application.commands.fields import Command, CountryCode, Name, Ref, Text, check_country
from domain.partner import PartnerKind, Relationship


class RegisterPartner(Command, kw_only=True):
    """Register a partner abroad."""

    name: Name
    name_uk: Name | None = None
    country: CountryCode
    kind: PartnerKind
    relationship: Relationship = Relationship.NONE
    since: Annotated[int, msgspec.Meta(ge=1000, le=9999)] | None = None
    # DOMAIN.md §7: a partner of the same name in the same country is refused (409) unless it
    # is declared distinct, with the reason.
    distinct: bool = False
    distinct_reason: Text | None = None

    def __post_init__(self) -> None:
        self.country = check_country(self.country)


class PartnerDecision(Command, kw_only=True):
    """A decision about a partner: suspend, resume or sever."""

    decided_on: date
    decision_ref: Ref
    grounds: Text | None = None
