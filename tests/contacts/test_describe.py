"""Describers of the directory's, consuls' and memberships' events: both languages, labels for
every kind, and never a person (their data is sealed)."""

from domain.counterpart import CounterpartKind
from domain.describe import contact as words
from domain.describe import describe_both


def test_every_counterpart_kind_has_a_ukrainian_label():
    assert sorted({k.value for k in CounterpartKind} - words.KIND_UK.keys()) == []


def test_a_consul_appointment_names_the_office_and_says_the_person_is_sealed():
    said = describe_both(
        "HonoraryConsul.Appointed",
        {
            "reference": "HCN-2026-0001",
            "represents": "AT",
            "seat_country": "UA",
            "seat_city": "Kharkiv",
            "district": "Kharkiv region",
            "appointed_on": "2020-05-12",
            "term_ends_on": "2027-02-01",
            "key_id": "00000000-0000-4000-8000-000000000001",
            "sealed": "[sealed]",
            "illustrative": False,
        },
    )
    assert said.en == (
        "Honorary consul of AT in Kharkiv (UA) appointed on 12.05.2020, term to 01.02.2027; "
        "district: Kharkiv region (person sealed)"
    )
    assert "повноваження до 01.02.2027" in said.uk and "зашифровано" in said.uk


def test_an_erasure_says_when_and_why_and_nothing_about_the_person():
    facts = {"requested_on": "2026-11-20", "grounds": "request under Art. 8"}
    said = describe_both("Contact.Erased", facts)
    assert said.en == (
        "The contact person's personal data erased at the request of 20.11.2026: "
        "request under Art. 8"
    )
    assert said.uk.startswith("Персональні дані контактної особи знищено за запитом від 20.11.2026")
    consul = describe_both("HonoraryConsul.PersonErased", facts)
    assert consul.uk.startswith("Персональні дані почесного консула знищено")
