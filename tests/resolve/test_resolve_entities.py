"""Cross-document entity resolution on mention rows as the store holds them."""
from storyline.resolve.entities import resolve_entities


def rows(doc, *mentions):
    """mentions: (text, label, key[, aliases])"""
    out = []
    for m in mentions:
        text, label, key = m[:3]
        out.append({"document_id": doc, "text": text, "label": label, "key": key,
                    "aliases": list(m[3]) if len(m) > 3 else []})
    return out


def entity_of(entities, owner, doc, key):
    eid = owner[(doc, key)]
    return next(e for e in entities if e.id == eid)


def test_transliterations_merge_and_the_merge_is_explained():
    ms = rows("a", ("Emomali Rahmon", "PERSON", "Emomali Rahmon"), ("Rahmon", "PERSON", "Emomali Rahmon"),
              ("Rahmon", "PERSON", "Emomali Rahmon")) + \
        rows("b", ("Emomalii Rachmon", "PERSON", "Emomalii Rachmon"))
    entities, owner = resolve_entities(ms)
    e = entity_of(entities, owner, "a", "Emomali Rahmon")
    assert owner[("b", "Emomalii Rachmon")] == e.id
    assert e.name == "Emomali Rahmon"  # the spelling the other mentions back
    assert "Emomalii Rachmon" in e.aliases
    assert any("transliteration" in r for r in e.reasons)


def test_spelling_variant_beyond_the_fixed_folds():
    ms = rows("a", ("Nurlan Abdurakhmonov", "PERSON", "Nurlan Abdurakhmonov")) + \
        rows("b", ("Nurlan Abdurahmanov", "PERSON", "Nurlan Abdurahmanov"))
    _, owner = resolve_entities(ms)
    assert owner[("a", "Nurlan Abdurakhmonov")] == owner[("b", "Nurlan Abdurahmanov")]


def test_two_people_sharing_a_surname_stay_apart_and_surname_only_is_not_guessed():
    ms = rows("a", ("Nurlan Abdurakhmonov", "PERSON", "Nurlan Abdurakhmonov")) + \
        rows("b", ("Timur Abdurakhmonov", "PERSON", "Timur Abdurakhmonov")) + \
        rows("c", ("Abdurakhmonov", "PERSON", "Abdurakhmonov"))
    _, owner = resolve_entities(ms)
    nurlan, timur, bare = owner[("a", "Nurlan Abdurakhmonov")], owner[("b", "Timur Abdurakhmonov")], \
        owner[("c", "Abdurakhmonov")]
    assert len({nurlan, timur, bare}) == 3


def test_surname_only_joins_the_one_person_with_that_surname():
    ms = rows("a", ("Vladimir Putin", "PERSON", "Vladimir Putin")) + rows("b", ("Putin", "PERSON", "Putin"))
    _, owner = resolve_entities(ms)
    assert owner[("a", "Vladimir Putin")] == owner[("b", "Putin")]


def test_declared_acronym_and_well_known_alias():
    ms = rows("a", ("Islamic State Khorasan Province", "ORG", "Islamic State Khorasan Province", ["ISKP", "ISIS-K"]),
              ("Islamic State", "ORG", "Islamic State")) + \
        rows("b", ("ISIS-K", "ORG", "ISIS-K"), ("ISIL", "ORG", "ISIL"))
    entities, owner = resolve_entities(ms)
    assert owner[("b", "ISIS-K")] == owner[("a", "Islamic State Khorasan Province")]
    assert owner[("b", "ISIL")] == owner[("a", "Islamic State")]
    assert owner[("a", "Islamic State")] != owner[("a", "Islamic State Khorasan Province")]


def test_types_keep_people_and_places_apart_but_group_names_fold_plurals():
    ms = rows("a", ("Jordan", "GPE", "Jordan"), ("Tajiks", "NORP", "Tajiks")) + \
        rows("b", ("Michael Jordan", "PERSON", "Michael Jordan"), ("Tajik", "NORP", "Tajik"))
    entities, owner = resolve_entities(ms)
    assert owner[("a", "Jordan")] != owner[("b", "Michael Jordan")]
    assert owner[("a", "Tajiks")] == owner[("b", "Tajik")]
    assert entity_of(entities, owner, "a", "Tajiks").name == "Tajiks"


def test_demonym_entities_are_named_as_groups():
    entities, owner = resolve_entities(rows("a", ("Russian", "NORP", "Russian")))
    assert entity_of(entities, owner, "a", "Russian").name == "Russians"


def test_ids_are_deterministic():
    ms = rows("a", ("Edward Lemon", "PERSON", "Edward Lemon")) + rows("b", ("Lemon", "PERSON", "Lemon"))
    first, _ = resolve_entities(ms)
    second, _ = resolve_entities(list(reversed(ms)))
    assert {e.id for e in first} == {e.id for e in second}


def test_a_named_branch_joins_the_longer_name_that_also_names_its_parent():
    ms = rows("a", ("Islamic State Khorasan Province", "ORG", "Islamic State Khorasan Province"),
              ("Voice of Khorasan", "ORG", "Voice of Khorasan")) + \
        rows("b", ("Islamic State", "ORG", "Islamic State", ["IS"]), ("Khorasan", "ORG", "Khorasan"))
    entities, owner = resolve_entities(ms)
    assert owner[("b", "Khorasan")] == owner[("a", "Islamic State Khorasan Province")]
    assert owner[("b", "Khorasan")] != owner[("a", "Voice of Khorasan")]
    e = entity_of(entities, owner, "b", "Khorasan")
    assert any("part of a longer name" in r for r in e.reasons)


def test_a_one_word_name_without_such_context_stays_apart():
    ms = rows("a", ("University of Almadar", "ORG", "University of Almadar")) + \
        rows("b", ("ALMADAR", "ORG", "ALMADAR"), ("Almadar", "GPE", "Almadar"))
    _, owner = resolve_entities(ms)
    assert owner[("b", "ALMADAR")] != owner[("a", "University of Almadar")]
