"""Commands on honorary consuls and on the city's association memberships."""

from datetime import date

from application.commands.contacts import PersonFields
from application.commands.fields import Command, CountryCode, Name, Ref, Text, check_country


class AppointConsul(Command, kw_only=True):
    """An honorary consul of Ukraine abroad (represents UA) or of another state in Kharkiv."""

    person: PersonFields
    represents: CountryCode
    seat_country: CountryCode
    seat_city: Name
    district: Text
    appointed_on: date
    term_ends_on: date | None = None

    def __post_init__(self) -> None:
        self.represents = check_country(self.represents, "represents")
        self.seat_country = check_country(self.seat_country, "seat_country")


class ExtendConsulTerm(Command, kw_only=True):
    """A renewed appointment: the new end of the term."""

    term_ends_on: date
    decision_ref: Ref


class EndConsul(Command, kw_only=True):
    """The consul no longer serves."""

    ended_on: date
    reason: Text


class ChangeConsulPerson(Command, kw_only=True):
    """Corrected or new contact details of the consul (sealed anew)."""

    person: PersonFields


class JoinAssociation(Command, kw_only=True):
    """The city joined an association."""

    association: Name
    country: CountryCode | None = None
    joined_on: date
    renewal_due_on: date | None = None

    def __post_init__(self) -> None:
        if self.country is not None:
            self.country = check_country(self.country)


class RenewMembership(Command, kw_only=True):
    """A membership renewed; when the next renewal falls due."""

    renewed_on: date
    next_renewal_on: date | None = None


class EndMembership(Command, kw_only=True):
    """The city left the association."""

    ended_on: date
    reason: Text
