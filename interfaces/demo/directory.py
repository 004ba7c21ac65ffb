"""Demo counterparts, contact persons, honorary consuls and memberships (issue 17).

What the public sources say (../shared/data/kharkiv-facts.md, ../shared/seeds/): in 2018 Kharkiv
had 12 honorary consuls (their states, names and dates are not given), and in 2023 the mayor met
diplomatic and consular missions and international organisations over 70 times (which ones is
not given); regions cooperate "through associations of cities and regions". So every record
here is illustrative, flagged on its creation event and labelled in its audit note: the
organisations are real bodies but the department's dealings with them are not documented, and
the persons are made up (no real person's data in a demo), with e-mail addresses at example.org.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from application.clock import FixedClock
from application.commands.consuls import AppointConsul, JoinAssociation
from application.commands.contacts import PersonFields, RegisterContact, RegisterCounterpart
from application.consuls import ConsulService
from application.contacts import ContactService
from application.counterparts import CounterpartService
from application.memberships import MembershipService
from application.service import Policy
from domain.counterpart import CounterpartKind
from infrastructure.bootstrap import Runtime
from interfaces.demo.clock import illustrative

BLOCKED = frozenset({"RU"})


@dataclass(frozen=True)
class Org:
    """A counterpart with its made-up contact persons."""

    name: str
    country: str
    kind: CounterpartKind
    city: str | None
    registered_on: date
    contacts: tuple[PersonFields, ...] = ()


@dataclass(frozen=True)
class Consul:
    """A made-up honorary consul (the sources give only the count)."""

    represents: str
    seat_country: str
    seat_city: str
    district: str
    appointed_on: date
    term_ends_on: date | None
    person: PersonFields


K = CounterpartKind
ORGS = (
    Org(
        "Consulate General of the Republic of Poland in Kharkiv",
        "PL",
        K.CONSULAR_OFFICE,
        "Kharkiv",
        date(2023, 2, 14),
        (
            PersonFields(
                name="Illustrative Contact A",
                position="Consul (illustrative)",
                email="contact.a@example.org",
                language="pl",
            ),
        ),
    ),
    Org("Embassy of France in Ukraine", "FR", K.DIPLOMATIC_MISSION, "Kyiv", date(2023, 3, 2)),
    Org(
        "International Committee of the Red Cross, delegation in Ukraine",
        "CH",
        K.INTERNATIONAL_ORGANISATION,
        "Kyiv",
        date(2023, 4, 11),
        (
            PersonFields(
                name="Illustrative Contact B",
                position="Head of sub-delegation (illustrative)",
                email="contact.b@example.org",
                phone="+41 22 000 00 00",
                language="en",
            ),
        ),
    ),
    Org("UNDP in Ukraine", "UA", K.INTERNATIONAL_ORGANISATION, "Kyiv", date(2023, 5, 23)),
)

CONSULS = (
    Consul(
        "LT",
        "UA",
        "Kharkiv",
        "Kharkiv region (illustrative)",
        date(2019, 9, 1),
        date(2027, 1, 15),
        PersonFields(name="Illustrative Consul of Lithuania", language="uk"),
    ),
    Consul(
        "AT",
        "UA",
        "Kharkiv",
        "Kharkiv, Poltava and Sumy regions (illustrative)",
        date(2016, 6, 1),
        date(2031, 5, 31),
        PersonFields(name="Illustrative Consul of Austria", language="de"),
    ),
    Consul(
        "UA",
        "DE",
        "Nuremberg",
        "Middle Franconia (illustrative)",
        date(2021, 3, 1),
        date(2026, 12, 31),
        PersonFields(name="Illustrative Consul of Ukraine in Nuremberg", language="de"),
    ),
)

MEMBERSHIPS = (
    ("Association of Ukrainian Cities", "UA", date(2000, 1, 1), date(2026, 12, 31)),
    ("Eurocities", "BE", date(2016, 1, 1), date(2027, 1, 31)),
)


def load(runtime: Runtime) -> Iterator[str]:
    """Register the counterparts and their contacts, the consuls, the memberships."""
    clock = FixedClock.on(date(2023, 1, 2), runtime.settings.timezone)
    policy = Policy(blocked_countries=BLOCKED)
    counterparts = CounterpartService(runtime.app, clock, policy)
    contacts = ContactService(runtime.app, clock, policy, vault=runtime.vault)
    consuls = ConsulService(runtime.app, clock, policy, vault=runtime.vault)
    memberships = MembershipService(runtime.app, clock, policy)
    people = 0
    for org in ORGS:
        clock.set(org.registered_on)
        saved = counterparts.register_counterpart(
            RegisterCounterpart(name=org.name, country=org.country, kind=org.kind, city=org.city),
            illustrative("dealings with this body are not documented"),
            illustrative=True,
        )
        org_id: UUID = saved.case.id
        for person in org.contacts:
            contacts.register_contact(
                RegisterContact(counterpart_id=org_id, person=person),
                illustrative("a made-up contact person"),
                illustrative=True,
            )
            people += 1
    clock.set(date(2023, 6, 1))
    for c in CONSULS:
        consuls.appoint_consul(
            AppointConsul(
                person=c.person,
                represents=c.represents,
                seat_country=c.seat_country,
                seat_city=c.seat_city,
                district=c.district,
                appointed_on=c.appointed_on,
                term_ends_on=c.term_ends_on,
            ),
            illustrative("Kharkiv had 12 honorary consuls in 2018; who, is not documented"),
            illustrative=True,
        )
    for association, country, joined_on, renewal_due_on in MEMBERSHIPS:
        memberships.join_association(
            JoinAssociation(
                association=association,
                country=country,
                joined_on=joined_on,
                renewal_due_on=renewal_due_on,
            ),
            illustrative("membership and its dates are not documented in the sources"),
            illustrative=True,
        )
    yield (
        f"counterparts: {len(ORGS)} organisations, {people} contact persons, "
        f"{len(CONSULS)} honorary consuls, {len(MEMBERSHIPS)} memberships (all illustrative)"
    )
