"""Country names, ministries of one territory and facility grading words across documents.

Invented institutions and sentences; the countries are real because the rules read a table of the
world's territories (rigour), which is general knowledge, not a list made from any corpus."""
import pytest

from storyline.resolve.entities import build_nodes, node_blocks, resolve_entities
from storyline.resolve.names import match_words
from storyline.resolve.territories import (
    country_of_initials,
    country_of_name,
    official_spelling,
    territory_of_qualifier,
)


def rows(doc, *mentions):
    """mentions: (text, label, key)"""
    return [{"document_id": doc, "text": t, "label": label, "key": key, "aliases": []} for t, label, key in mentions]


def entity_of(entities, owner, doc, key):
    return next(e for e in entities if e.id == owner[(doc, key)])


def test_territory_table_readings():
    assert country_of_name("Burma") == country_of_name("Myanmar") == "mm"
    assert country_of_name("Czech Republic") == country_of_name("Czechia")
    assert country_of_name("Kenyan") is None  # an adjective names a people, not the country
    assert country_of_name("Nairobi") is None  # a capital is not the country
    assert country_of_initials("U.K.") == country_of_initials("UK") == "gb"
    assert country_of_initials("IS") is None  # a bare code is not enough
    assert territory_of_qualifier(("kenyan", "health", "ministry"))[0] == "ke"
    assert territory_of_qualifier(("nairobi", "health", "ministry"))[0] == "ke"
    assert territory_of_qualifier(("health", "ministry")) is None


def test_two_names_of_one_country_join_and_the_merge_is_explained():
    ms = rows("a", ("Burma", "GPE", "Burma")) + rows("b", ("Myanmar", "GPE", "Myanmar")) + \
        rows("c", ("Laos", "GPE", "Laos"))
    entities, owner = resolve_entities(ms)
    e = entity_of(entities, owner, "a", "Burma")
    assert owner[("b", "Myanmar")] == e.id
    assert owner[("c", "Laos")] != e.id
    assert any("territory table" in r for r in e.reasons)


def test_a_country_adjective_typed_as_a_place_is_not_the_country():
    ms = rows("a", ("Myanmar", "GPE", "Myanmar")) + rows("b", ("Burmese", "GPE", "Burmese"))
    _, owner = resolve_entities(ms)
    assert owner[("a", "Myanmar")] != owner[("b", "Burmese")]


def test_a_country_written_only_as_initials_is_named_from_the_table():
    ms = rows("a", ("UK", "GPE", "UK")) + rows("b", ("U.K.", "GPE", "U.K."))
    entities, owner = resolve_entities(ms)
    e = entity_of(entities, owner, "a", "UK")
    assert owner[("b", "U.K.")] == e.id
    assert e.name == "United Kingdom" and "UK" in e.aliases
    assert any("country name from the territory table" in r for r in e.reasons)


def test_initials_typed_as_an_organisation_keep_their_name():
    entities, owner = resolve_entities(rows("a", ("UK", "ORG", "UK")))
    assert entity_of(entities, owner, "a", "UK").name == "UK"


def test_ministries_of_one_territory_join_by_adjective_or_place():
    ms = rows("a", ("Kenyan Ministry of Health", "ORG", "Kenyan Ministry of Health")) + \
        rows("b", ("Nairobi Health Ministry", "ORG", "Nairobi Health Ministry")) + \
        rows("c", ("Ugandan Health Ministry", "ORG", "Ugandan Health Ministry")) + \
        rows("d", ("Kenyan Interior Ministry", "ORG", "Kenyan Interior Ministry"))
    entities, owner = resolve_entities(ms)
    e = entity_of(entities, owner, "a", "Kenyan Ministry of Health")
    assert owner[("b", "Nairobi Health Ministry")] == e.id
    assert owner[("c", "Ugandan Health Ministry")] != e.id  # another country's ministry
    assert owner[("d", "Kenyan Interior Ministry")] != e.id  # another portfolio
    assert any("same ministry of one territory" in r and "'health ministry'" in r for r in e.reasons)


def test_a_bare_ministry_name_joins_once_the_qualified_ones_are_one():
    ms = rows("a", ("Kenyan Ministry of Health", "ORG", "Kenyan Ministry of Health")) + \
        rows("b", ("Nairobi Health Ministry", "ORG", "Nairobi Health Ministry")) + \
        rows("c", ("Health Ministry", "ORG", "Health Ministry"))
    _, owner = resolve_entities(ms)
    assert owner[("c", "Health Ministry")] == owner[("a", "Kenyan Ministry of Health")]


def test_ministry_and_country_keys_are_blocking_keys():
    nodes = build_nodes(rows("a", ("Nairobi Health Ministry", "ORG", "Nairobi Health Ministry"),
                             ("Myanmar", "GPE", "Myanmar")))
    blocks = set().union(*(node_blocks(n) for n in nodes))
    assert "cc:mm" in blocks and any(b.startswith("min:ke:") for b in blocks)


def test_a_grading_word_is_set_aside_for_facilities_only():
    assert match_words("National Cardiac Hospital") == match_words("Cardiac Hospital")
    assert match_words("National Hospital") != match_words("Hospital")
    assert match_words("National Security Council") != match_words("Security Council")
    assert match_words("Harlow General Hospital") != match_words("Harlow Hospital")  # inside the name


def test_facility_with_and_without_a_grading_word():
    ms = rows("a", ("St Brannoc Cardiac Hospital", "FAC", "St Brannoc Cardiac Hospital")) + \
        rows("b", ("National Cardiac Hospital", "FAC", "National Cardiac Hospital")) + \
        rows("c", ("Cardiac Hospital", "FAC", "Cardiac Hospital"))
    entities, owner = resolve_entities(ms)
    e = entity_of(entities, owner, "a", "St Brannoc Cardiac Hospital")
    assert owner[("b", "National Cardiac Hospital")] == e.id == owner[("c", "Cardiac Hospital")]
    assert any("grading word 'national'" in r for r in e.reasons)


def test_two_facilities_sharing_a_modifier_leave_the_graded_name_apart():
    ms = rows("a", ("St Brannoc Cardiac Hospital", "FAC", "St Brannoc Cardiac Hospital")) + \
        rows("b", ("Harwell Cardiac Hospital", "FAC", "Harwell Cardiac Hospital")) + \
        rows("c", ("National Cardiac Hospital", "FAC", "National Cardiac Hospital"))
    _, owner = resolve_entities(ms)
    assert len({owner[("a", "St Brannoc Cardiac Hospital")], owner[("b", "Harwell Cardiac Hospital")],
                owner[("c", "National Cardiac Hospital")]}) == 3


def test_official_spelling_of_a_subdivision_written_without_diacritics():
    pytest.importorskip("pycountry")
    assert official_spelling(["Yucatan"]) == ("Yucatán", "mx")
    assert official_spelling(["Yucatán", "Yucatan"]) is None  # the texts already spell it so
    assert official_spelling(["Cordoba"]) is None  # a province of two countries
    ms = rows("a", ("Yucatan", "GPE", "Yucatan")) + rows("b", ("Yucatan", "GPE", "Yucatan"))
    entities, owner = resolve_entities(ms)
    e = entity_of(entities, owner, "a", "Yucatan")
    assert e.name == "Yucatán" and "Yucatan" in e.aliases
    assert any("ISO 3166-2" in r for r in e.reasons)
