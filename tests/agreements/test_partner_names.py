"""When two partner names are the same name (DOMAIN.md §7): pure keys, no store."""

import pytest

from domain.partner_names import claim_id, name_key, plain_latin, transliterate


@pytest.mark.parametrize("spelling", ["Wrocław", "Wroclaw", "WROCŁAW", "Вроцлав", " wrocław "])
def test_the_spellings_of_wroclaw_share_one_key(spelling):
    assert name_key(spelling) == name_key("Wrocław")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Warsaw", "Wrocław"),
        ("Brno", "Bern"),
        ("Lille", "Lviv"),
        ("Kaunas", "Kassel"),
        ("District 11", "District 1"),  # numbers are not letters doubled in transliteration
    ],
)
def test_different_names_keep_different_keys(one, other):
    assert name_key(one) != name_key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Gdańsk", "Гданськ"),
        ("Łódź", "Лодзь"),
        ("Straße", "Strasse"),
        ("Jarosław", "Ярослав"),
        ("Ivano-Frankivsk", "Ivano Frankivsk"),
        ("København", "Kobenhavn"),
    ],
)
def test_diacritics_scripts_and_punctuation_do_not_make_a_new_name(one, other):
    assert name_key(one) == name_key(other)


def test_cyrillic_is_romanised_by_the_national_table():
    # KMU 55-2010: initial ye/yi/y/yu/ya, elsewhere ie/i/i/iu/ia; "зг" is "zgh"; ь dropped.
    assert transliterate("згорани") == "zghorany"
    assert transliterate("яготин") == "yahotyn"
    assert transliterate("знам'янка") == "znamianka"
    assert transliterate("київ") == "kyiv"
    assert transliterate("харків") == "kharkiv"
    assert plain_latin("Кошице") == "koshytse"


def test_a_claim_belongs_to_a_country_and_a_key():
    assert claim_id("pl", "vroclav") == claim_id("PL", "vroclav")
    assert claim_id("PL", "vroclav") != claim_id("DE", "vroclav")
