"""The case-type registry: one entry a case type, no spelling shared, every aggregate listed."""

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest
from eventsourcing.domain import Aggregate

import domain
from domain.case_types import (
    CASE_TYPES,
    EVERY_TYPE,
    UnknownCaseType,
    case_type,
    case_type_of,
    path_of,
    prefix_of,
    slug_of,
    url_of,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "CASE_TYPES.md"


def _aggregates() -> set[str]:
    names = set()
    for info in pkgutil.walk_packages(domain.__path__, "domain."):
        module = importlib.import_module(info.name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, Aggregate) and value.__module__ == info.name:
                names.add(value.__name__)
    return names - {"Case"}


def test_every_aggregate_of_the_domain_has_an_entry_and_every_entry_an_aggregate():
    assert {t.aggregate for t in EVERY_TYPE} == _aggregates()


def test_no_spelling_names_two_case_types():
    spellings = [s for t in EVERY_TYPE for s in t.spellings]
    assert len(spellings) == len(set(spellings))


@pytest.mark.parametrize("entry", EVERY_TYPE, ids=lambda t: t.slug)
def test_every_spelling_of_a_case_type_finds_it(entry):
    assert entry.spellings[0] == entry.slug
    for spelling in entry.spellings:
        assert case_type(spelling) is entry
        assert slug_of(spelling) == entry.slug


def test_an_unknown_spelling_is_refused_with_the_known_ones():
    with pytest.raises(UnknownCaseType, match="unknown case type 'ship'.*shipment"):
        case_type("ship")


def test_the_old_spellings_of_each_filter_still_name_their_case_type():
    # /audit/events took class names, /deadlines and /reminders slugs, reminder links paths.
    assert slug_of("AidShipment") == slug_of("shipment") == slug_of("shipments") == "shipment"
    assert slug_of("FoiRequest") == slug_of("foi-requests") == "foi_request"
    assert path_of("foi_request") == "foi-requests"


def test_reference_prefixes_are_distinct_and_only_cases_with_references_have_one():
    prefixes = [t.prefix for t in CASE_TYPES if t.prefix]
    assert len(prefixes) == len(set(prefixes))
    assert prefix_of("shipment") == "SHP"
    with pytest.raises(ValueError, match="no reference numbers"):
        prefix_of("partner")


def test_an_event_names_its_case_type():
    from domain.agreement import Agreement

    assert case_type_of(Agreement.Signed).slug == "agreement"


def test_the_docs_table_lists_every_case_type_as_the_registry_does():
    rows = re.findall(r"^\| `(\w+)` \| `(\w+)` \| (\S+) \| (\S+) \|$", DOCS.read_text(), re.M)
    documented = {
        (slug, agg, path.strip("`/"), prefix.strip("`")) for slug, agg, path, prefix in rows
    }
    expected = {(t.slug, t.aggregate, t.path or "—", t.prefix or "—") for t in EVERY_TYPE}
    assert documented == expected


def test_routes_and_reminder_links_take_their_paths_from_the_registry():
    from interfaces.http.agreements import AgreementController
    from interfaces.http.consuls import ConsulController
    from interfaces.http.contacts import ContactController
    from interfaces.http.counterparts import CounterpartController
    from interfaces.http.engagements import EngagementController
    from interfaces.http.foi import FoiController
    from interfaces.http.memberships import MembershipController
    from interfaces.http.partners import PartnerController
    from interfaces.http.projects import ProjectController
    from interfaces.http.shipments import ShipmentController

    controllers = (
        AgreementController,
        FoiController,
        ShipmentController,
        PartnerController,
        EngagementController,
        ProjectController,
        CounterpartController,
        ContactController,
        ConsulController,
        MembershipController,
    )
    assert [c.path for c in controllers] == [f"/{t.path}" for t in CASE_TYPES]
    assert url_of("AidShipment", 7) == "/shipments/7"
