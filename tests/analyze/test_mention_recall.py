"""Untagged surnames, typos and transliterations recovered inside one document."""
from storyline.analyze.mention_recall import recover, surname_index, variant_target


def _spans(text, *forms):
    return [(text.index(f), text.index(f) + len(f)) for f in forms]


def test_surname_of_a_person_named_in_full_becomes_a_mention():
    text = "Governor Milan Dravecki visited the dam. Later Dravecki said the water had receded."
    taken = _spans(text, "Milan Dravecki")
    out = recover(text, taken, ["Milan Dravecki"], {"Dravecki": ("Milan Dravecki", "PERSON")}, set())
    assert [(r.text, r.key, r.label) for r in out] == [("Dravecki", "Milan Dravecki", "PERSON")]
    assert text[out[0].start:out[0].end] == "Dravecki"


def test_common_word_surname_needs_a_title():
    text = "Mayor Alan Bell spoke. Bell towers rang. Later Mr Bell said more."
    taken = _spans(text, "Alan Bell")
    out = recover(text, taken, ["Alan Bell"], {"Bell": ("Alan Bell", "PERSON")}, set())
    assert [text[r.start - 3:r.end] for r in out] == ["Mr Bell"]


def test_surname_shared_by_two_people_or_inside_another_name_is_left():
    assert "Halloran" not in surname_index(["Ruth Halloran", "Owen Halloran"])
    text = "Dana Whitcombe met Tom Whitcombe. Whitcombe Holdings said nothing."
    assert recover(text, _spans(text, "Dana Whitcombe"), ["Dana Whitcombe"],
                   {"Whitcombe": ("Dana Whitcombe", "PERSON")}, set()) == []


def test_misspelt_name_joins_the_name_it_varies():
    names = {"Kovalenko": ("Pavlo Kovalenko", "PERSON"), "Rivne": ("Rivne", "GPE")}
    assert variant_target("Kovalneko", names) == ("Pavlo Kovalenko", "PERSON")
    text = "Pavlo Kovalenko left. Critics say Kovalneko was warned."
    out = recover(text, _spans(text, "Pavlo Kovalenko"), ["Pavlo Kovalenko"], names, set())
    assert [(r.text, r.key) for r in out] == [("Kovalneko", "Pavlo Kovalenko")]


def test_variant_needs_same_initial_length_and_a_rare_word():
    names = {"Kovalenko": ("Pavlo Kovalenko", "PERSON"), "Marden": ("Marden", "GPE")}
    assert variant_target("Covalenko", names) is None  # another first letter
    assert variant_target("Garden", names) is None
    assert variant_target("Madden", {"Marden": ("Marden", "GPE")}) is None  # a common word
    assert variant_target("Kovalenko", names) is None  # the name itself


def test_sentence_initial_ordinary_word_is_not_taken():
    text = "Tomas Brenner spoke. Brenner said. Banner headlines followed."
    out = recover(text, _spans(text, "Tomas Brenner"), ["Tomas Brenner"],
                  {"Brenner": ("Tomas Brenner", "PERSON")}, set())
    assert [r.text for r in out] == ["Brenner"]


def test_pipeline_keys_recovered_forms_to_the_full_name(nlp):
    text = ("Regional governor Igor Vasnetsov said on Viber that the convoy had passed. "
            "Officials loyal to Vasnetsov closed the highway, and critics said Vasntesov had waited too long.")
    doc = nlp(text)
    keys = {m.text: m.key for m in doc._.storyline_mentions}
    assert keys.get("Vasnetsov") == "Igor Vasnetsov"
    assert keys.get("Vasntesov") == "Igor Vasnetsov"


def _keys(nlp, text):
    return {m.text: (m.key, m.label) for m in nlp(text)._.storyline_mentions}


def test_square_bracket_acronym_is_declared_even_with_foreign_initials():
    from storyline.analyze.entities import declared_aliases

    text = "The Civil Protection Authority [SPK] said 40 houses fell. The Water Board [WB] met."
    pairs = declared_aliases(text)
    assert ("Civil Protection Authority", "SPK") in pairs
    assert ("Water Board", "WB") in pairs
    # an agency credit in round brackets after a body is no declaration
    assert not [p for p in declared_aliases("said the Interior Ministry (AFP) on Monday.") if p[1] == "AFP"]


def test_portfolio_word_stays_in_a_body_name():
    from storyline.analyze.entities import strip_titles

    assert strip_titles("Defense Ministry") == "Defense Ministry"
    assert strip_titles("Defense Minister Lena Marsh") == "Lena Marsh"


def test_place_police_is_the_force_of_that_place(nlp):
    keys = _keys(nlp, "Flooding hit Kenora on Monday. Kenora police said 14 people were missing. "
                      "The Kenora Police Service asked residents to stay home.")
    assert keys["Kenora police"] == ("Kenora Police Service", "ORG")
    assert "Kenora police" not in {k for k, _ in keys.values()}


def test_short_form_of_a_facility_joins_the_one_longer_name(nlp):
    keys = _keys(nlp, "A blast hit the Al Nour Mercy Hospital in Ramtha on Tuesday. Doctors at the "
                      "Mercy Hospital said 30 people were hurt.")
    assert keys["Al Nour Mercy Hospital"][0] == "Al Nour Mercy Hospital"
    assert keys["Mercy Hospital"][0] == "Al Nour Mercy Hospital"


def test_lower_case_ministry_is_the_short_form_of_the_named_one(nlp):
    keys = _keys(nlp, "The Ruvania Health Ministry said 50 people died. A spokesman for the health "
                      "ministry in Ruvania said the toll would rise.")
    assert keys["health ministry"] == ("Ruvania Health Ministry", "ORG")
    alone = _keys(nlp, "The justice ministry said the inquiry would continue.")
    assert alone["justice ministry"][0] == "justice ministry"


def test_untagged_facility_name_after_a_group_word(nlp):
    keys = _keys(nlp, "The Anglican Al-Noor Mercy Hospital in Ramtha was rocked by an explosion on Tuesday.")
    assert keys["Al-Noor Mercy Hospital"] == ("Al-Noor Mercy Hospital", "FAC")
    inner = _keys(nlp, "An air strike hit the Christian-run Nour Arab hospital in central Ramtha.")
    assert inner["Nour Arab hospital"] == ("Nour Arab hospital", "FAC")
    assert "Arab" not in inner
    assert "New York hospital" not in _keys(nlp, "Officials in New York hospital wards said.")


def test_facility_reader_skips_articles_and_single_words():
    from storyline.analyze.entity_spans import facility_names

    text = "The Kestrel Airport closed. Hospital staff left. Jim Bridge spoke."
    assert [text[s:e] for s, e in facility_names(text)] == ["Kestrel Airport"]


def test_capitalised_words_before_a_lowercase_facility_noun():
    from storyline.analyze.entity_spans import facility_names_lower

    text = "Shells hit the Christian-run Nour Mercy hospital. The Harbour Clinic hospital staff. A hospital."
    assert [text[s:e] for s, e in facility_names_lower(text)] == ["Nour Mercy hospital", "Harbour Clinic hospital"]


def test_one_word_name_in_brackets_after_a_body(nlp):
    from storyline.analyze.entities import declared_aliases

    assert ("Popular Liberation Movement", "Tahrir") in declared_aliases(
        "On Monday the Popular Liberation Movement (Tahrir) launched an attack.")
    assert declared_aliases("KABUL (Reuters) - Officials said.") == []
    mentions = nlp("Officials at the Ministry of Interior (Kabul) said Kabul was calm.")._.storyline_mentions
    assert not any(m.text == "Kabul" and m.key.startswith("Ministry") for m in mentions)
