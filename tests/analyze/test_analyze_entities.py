"""Actor mentions in one document: aliases, within-document coreference, type repair, junk."""
from collections import defaultdict

import pytest

from storyline.analyze.entities import declared_aliases
from storyline.names import strip_titles

TEXT = (
    "The National Emergency Service (NES) said on Friday that 40 people were missing. "
    "Interior Minister Dilnoza Karimova visited the site of the collapse near Sarybel.\n\n"
    "Ms Karimova told reporters that Kazgarian rescue teams had worked through the night. "
    "NES, formerly known as the Civil Defence Directorate, has 3,000 staff. "
    "Karimova's deputy, Aziz Umarov, said the Kazgarian government would pay compensation.\n\n"
    "Tags: Home | News"
)


@pytest.fixture(scope="module")
def groups(nlp):
    doc = nlp(TEXT)
    out = defaultdict(lambda: {"forms": set(), "labels": set(), "aliases": set()})
    for m in doc._.storyline_mentions:
        assert TEXT[m.start:m.end] == m.text
        out[m.key]["forms"].add(m.text)
        out[m.key]["labels"].add(m.label)
        out[m.key]["aliases"].update(m.aliases)
    return out


def test_declared_acronym_attaches_to_its_expansion(groups):
    assert "NES" in groups["National Emergency Service"]["forms"]
    assert "NES" not in groups


def test_surname_and_titled_forms_attach_to_the_full_name(groups):
    person = groups["Dilnoza Karimova"]
    assert {"Karimova"} <= person["forms"]
    assert person["labels"] == {"PERSON"}
    assert "Karimova" not in groups
    assert any(a.startswith("Ms") for a in person["aliases"] | person["forms"])


def test_demonym_used_as_adjective_is_a_group_not_a_person(groups):
    kaz = [k for k in groups if k.startswith("Kazgarian")]
    assert kaz and all(groups[k]["labels"] == {"NORP"} for k in kaz)


def test_boilerplate_words_are_not_actors(groups):
    assert not {"Tags", "Home", "News"} & set(groups)


def test_declared_aliases_patterns():
    pairs = declared_aliases("the Valdrian Liberation Front Northern Wing (VLFN), or VLF-N, said. "
                             "He changed his name from Erlan Sadykbayev to Erlan Sadykov in 2009.")
    assert ("Valdrian Liberation Front Northern Wing", "VLFN") in pairs
    assert ("VLFN", "VLF-N") in pairs
    assert ("Erlan Sadykov", "Erlan Sadykbayev") in pairs


def test_strip_titles():
    assert strip_titles("Mr. Kovar") == "Kovar"
    assert strip_titles("President Emil Kovar") == "Emil Kovar"
    assert strip_titles("Mr") == "Mr"


def test_a_name_the_model_cut_short_is_extended_to_the_longer_name():
    from storyline.analyze.entities import _Candidate, _extend_truncated

    text = "She studied at Brenn A&T University. Harwood, the professor at Brenn A&T, said so."
    full = text.index("Brenn A&T University")
    cut = text.index("Brenn A&T,")
    cands = [_Candidate(full, full + 20, "Brenn A&T University", "ORG"), _Candidate(cut, cut + 5, "Brenn", "GPE")]
    out = _extend_truncated(text, cands)
    assert [(c.text, c.label, c.hint) for c in out][1] == ("Brenn A&T", "ORG", "Brenn A&T University")
    # a place that merely starts the name, not followed by the rest of it, is left alone
    text2 = "She studied at Brenn A&T University. Brenn is large."
    cands2 = [_Candidate(15, 35, "Brenn A&T University", "ORG"), _Candidate(37, 42, "Brenn", "GPE")]
    assert _extend_truncated(text2, cands2)[1].text == "Brenn"


def test_an_office_holder_after_a_country_name_is_a_person_and_an_institution_is_not():
    from storyline.analyze.entities import _Candidate, _trim_place_prefix

    text = ("Kazgaria is flooded. Minister of emergency situations of Kazgaria Nurlan Abdurakhmanov spoke. "
            "A professor at Brenn A&T University agreed. Brenn is far away.")
    start = text.index("Kazgaria Nurlan")
    uni = text.index("Brenn A&T")
    cands = [_Candidate(0, 8, "Kazgaria", "GPE"), _Candidate(start, start + 29, "Kazgaria Nurlan Abdurakhmanov", "ORG"),
             _Candidate(uni, uni + 20, "Brenn A&T University", "ORG"), _Candidate(text.rindex("Brenn"),
             text.rindex("Brenn") + 5, "Brenn", "GPE")]
    out = {c.text: c.label for c in _trim_place_prefix(cands, text)}
    assert out["Nurlan Abdurakhmanov"] == "PERSON"
    assert out["Brenn A&T University"] == "ORG"


# --- type evidence and minimal spans (hand-built Docs: the rules, not the model, decide) ----------

def _doc(words, ents, heads, deps, tags=None, pos=None):
    """A parsed Doc built by hand: ``heads`` are absolute token indices, ``ents`` IOB tags."""
    import spacy
    from spacy.tokens import Doc

    n = len(words)
    spaces = [i + 1 < n and words[i + 1] not in {",", ".", "'s"} for i in range(n)]
    return Doc(spacy.blank("en").vocab, words=words, spaces=spaces, heads=heads, deps=deps,
               tags=tags or ["NNP"] * n, pos=pos or ["PROPN"] * n, ents=ents)


def _labels(doc):
    from storyline.analyze.entities import extract_mentions

    return {m.text: m.label for m in extract_mentions(doc)}


def test_one_word_names_listed_with_places_are_places():
    # "Shelling hit Dorvask , Melinta , Karsk and Osvani ." : the model typed two of four as PERSON/ORG
    words = ["Shelling", "hit", "Dorvask", ",", "Melinta", ",", "Karsk", "and", "Osvani", "."]
    heads = [1, 1, 1, 2, 2, 4, 4, 6, 6, 1]
    deps = ["nsubj", "ROOT", "dobj", "punct", "conj", "punct", "conj", "cc", "conj", "punct"]
    pos = ["NOUN", "VERB", "PROPN", "PUNCT", "PROPN", "PUNCT", "PROPN", "CCONJ", "PROPN", "PUNCT"]
    tags = ["NN", "VBD", "NNP", ",", "NNP", ",", "NNP", "CC", "NNP", "."]
    ents = ["O", "O", "B-GPE", "O", "B-GPE", "O", "B-PERSON", "O", "B-ORG", "O"]
    labels = _labels(_doc(words, ents, heads, deps, tags, pos))
    assert labels == {"Dorvask": "GPE", "Melinta": "GPE", "Karsk": "GPE", "Osvani": "GPE"}


def test_a_list_of_full_person_names_is_not_retyped():
    words = ["Talks", "with", "Anna", "Voss", ",", "Melinta", ",", "Karsk", "and", "Berlin", "."]
    heads = [0, 0, 3, 1, 3, 3, 5, 5, 7, 7, 0]
    deps = ["ROOT", "prep", "compound", "pobj", "punct", "conj", "punct", "conj", "cc", "conj", "punct"]
    ents = ["O", "O", "B-PERSON", "I-PERSON", "O", "B-GPE", "O", "B-PERSON", "O", "B-GPE", "O"]
    labels = _labels(_doc(words, ents, heads, deps))
    assert labels["Karsk"] == "PERSON"


def test_an_organisation_used_as_a_modifier_is_not_a_group_of_people():
    # "Vorlak fighters seized Tessin ." : the old rule made any compound modifier NORP
    words = ["Vorlak", "fighters", "seized", "Tessin", "."]
    doc = _doc(words, ["B-ORG", "O", "O", "B-GPE", "O"], [1, 2, 2, 2, 2],
               ["compound", "nsubj", "ROOT", "dobj", "punct"], ["NNP", "NNS", "VBD", "NNP", "."],
               ["PROPN", "NOUN", "VERB", "PROPN", "PUNCT"])
    assert _labels(doc)["Vorlak"] == "ORG"


def test_a_demonym_used_as_a_modifier_is_a_group_of_people():
    words = ["Kesvarian", "workers", "left", "Tessin", "."]
    doc = _doc(words, ["B-ORG", "O", "O", "B-GPE", "O"], [1, 2, 2, 2, 2],
               ["compound", "nsubj", "ROOT", "dobj", "punct"], ["NNP", "NNS", "VBD", "NNP", "."],
               ["PROPN", "NOUN", "VERB", "PROPN", "PUNCT"])
    assert _labels(doc)["Kesvarian"] == "NORP"


def test_a_plural_band_name_is_not_a_group_of_people():
    words = ["The", "Marlowes", "played", "in", "Tessin", "."]
    doc = _doc(words, ["O", "B-ORG", "O", "O", "B-GPE", "O"], [1, 2, 2, 2, 3, 2],
               ["det", "nsubj", "ROOT", "prep", "pobj", "punct"], ["DT", "NNPS", "VBD", "IN", "NNP", "."],
               ["DET", "PROPN", "VERB", "ADP", "PROPN", "PUNCT"])
    assert _labels(doc)["Marlowes"] == "ORG"


def test_a_person_after_in_is_a_place_and_a_country_is_never_a_group():
    # "Rescuers worked in Karsk near Dovrastan ." typed PERSON and NORP by a confused model
    words = ["Rescuers", "worked", "in", "Karsk", "near", "Dovrastan", "."]
    heads = [1, 1, 1, 2, 1, 4, 1]
    deps = ["nsubj", "ROOT", "prep", "pobj", "prep", "pobj", "punct"]
    tags = ["NNS", "VBD", "IN", "NNP", "IN", "NNP", "."]
    pos = ["NOUN", "VERB", "ADP", "PROPN", "ADP", "PROPN", "PUNCT"]
    labels = _labels(_doc(words, ["O", "O", "O", "B-PERSON", "O", "B-NORP", "O"], heads, deps, tags, pos))
    assert labels == {"Karsk": "GPE", "Dovrastan": "GPE"}


def test_looks_like_group():
    from storyline.analyze.entity_typing import looks_like_group

    assert all(looks_like_group(w) for w in ["Kesvarian", "Kesvarians", "Maoists", "Sudanese", "Kurdish", "Pakistani"])
    assert not any(looks_like_group(w) for w in ["Vorlak", "Viber", "Dovrastan", "Marlowes", "Nordpress"])


def test_the_head_word_of_a_name_gives_its_type():
    from storyline.analyze.entity_typing import head_label

    assert head_label("Varna General Hospital", "ORG") == "FAC"
    assert head_label("Brenn Airport", "GPE") == "FAC"
    assert head_label("Kessel Region", "LOC") == "GPE"
    assert head_label("Dorvan Brigades", "PERSON") == "ORG"
    assert head_label("Stuart Hall", "PERSON") is None  # a surname, not a building
    assert head_label("Varna General Hospital", "FAC") is None


def test_minimal_spans():
    from storyline.analyze.entity_spans import is_dateline, refine, region_end, event_end

    assert refine("pro-Valdria", 10) == [("Valdria", 14)]
    assert refine("Vorlak-run", 0) == [("Vorlak", 0)]
    assert refine("Ashby-on-Wold", 0) == [("Ashby-on-Wold", 0)]
    assert refine("al-Brenni", 0) == [("al-Brenni", 0)]
    assert refine("Selden Spokesman", 0) == [("Selden", 0)]
    assert refine("Rear Admiral", 0) == []
    assert refine("Office of the President", 0) == [("Office of the President", 0)]
    assert refine("Halvorsen Industries Co", 0) == [("Halvorsen Industries", 0)]
    assert refine("Karina Volkova/X", 0) == [("Karina Volkova", 0)]
    assert refine("Brenn POW/MIA Agency", 0) == [("Brenn POW/MIA Agency", 0)]
    assert refine("Vell’s Kessel", 0) == [("Vell", 0), ("Kessel", 7)]
    text = "troops entered the Tessin region and the Tessin fire spread; the deadliest US wildfire"
    assert text[19:region_end(text, 25)] == "Tessin region"
    assert text[41:event_end(text, 41, 47)] == "Tessin fire"
    assert event_end(text, text.index("US"), text.index("US") + 2) is None
    later = "after the deadly Tessin wildfire"
    assert later[later.index("Tessin"):event_end(later, 21, 27)] == "Tessin wildfire"
    assert is_dateline("BRENNVIK, Kessel (Reuters) - Fires", 0, 8)
    assert not is_dateline("The NATO summit", 4, 8)


def test_a_name_inside_a_hyphenated_modifier_is_found_again_but_not_inside_a_longer_name():
    from storyline.analyze.entities import _occurrences

    text = "Vorlak said so. pro-Vorlak and Vorlak-run groups met in Vorlak-on-Sea and at Vorlakov."
    found = [text[s:s + 6] + "@" + str(s) for s in _occurrences(text, "Vorlak")]
    assert found == ["Vorlak@0", f"Vorlak@{text.index('pro-') + 4}", f"Vorlak@{text.index('Vorlak-run')}"]


def test_datelines_and_lowercase_ministries_are_read_from_the_text():
    from storyline.analyze.entity_spans import dateline_spans, lowercase_ministries, refine

    text = ("BRENNVIK, May 3. /NORTA/. The Kessel health ministry said 40 died.\n"
            "Dovrania's interior ministry agreed; a defence ministry official did not. "
            "The Vorlak-run justice ministry and the Tessin-Varna energy ministry met.")
    assert [(text[s:e], lab) for s, e, lab in dateline_spans(text)] == [("BRENNVIK", "GPE"), ("NORTA", "ORG")]
    assert [text[s:e] for s, e in lowercase_ministries(text)] == ["Kessel health ministry", "interior ministry",
                                                                "justice ministry", "Tessin-Varna energy ministry"]
    assert refine("People's Accord", 0) == [("People's Accord", 0)]
    more = "Valdria's military intelligence directorate and the Kessel defence ministry agreed."
    assert [more[s:e] for s, e in lowercase_ministries(more)] == ["military intelligence directorate",
                                                                "Kessel defence ministry"]


def test_a_public_body_is_also_named_in_the_other_word_order():
    from storyline.analyze.entities import inverted_body_name

    assert inverted_body_name("Valdrian Ministry of Health") == "Valdrian Health Ministry"
    assert inverted_body_name("Ministry of the Interior") == "Interior Ministry"
    assert inverted_body_name("Kessel Health Ministry") == "Kessel Ministry of Health"
    assert inverted_body_name("military intelligence directorate") == "directorate of military intelligence"
    assert inverted_body_name("Justice Department") == "Department of Justice"
    # an adjective is no portfolio, and a name that is not a public body's keeps one order
    for name in ("Foreign Ministry", "Police Department", "Ministry", "Bank of Valdria",
                 "Ministry of Health and Social Welfare"):
        assert inverted_body_name(name) is None, name


def test_a_place_named_by_its_relation_to_a_place_noun(nlp):
    from storyline.analyze.entity_typing import place_by_context

    doc = nlp("The quake struck 60 kilometres north-east of Dovrask, the regional capital.")
    ents = [e for e in doc.ents if e.text == "Dovrask"]
    # whatever the model calls it, the sentence says it is a place
    assert not ents or ents[0].label_ in ("GPE", "LOC") or place_by_context(ents[0], ents[0].label_) == "GPE"


def test_two_surnames_joined_by_and_are_two_people():
    from storyline.analyze.entities import _Candidate, _split_conjoined_people

    text = "Anton Velkov met Boris Darin. Velkov and Darin left. Trinidad and Tobago won."
    cands = [_Candidate(0, 12, "Anton Velkov", "PERSON"), _Candidate(17, 28, "Boris Darin", "PERSON"),
             _Candidate(30, 46, "Velkov and Darin", "ORG"), _Candidate(53, 72, "Trinidad and Tobago", "GPE")]
    out = [(c.text, c.label, text[c.start:c.end]) for c in _split_conjoined_people(cands)]
    assert out[2:] == [("Velkov", "PERSON", "Velkov"), ("Darin", "PERSON", "Darin"),
                       ("Trinidad and Tobago", "GPE", "Trinidad and Tobago")]


def test_public_bodies_and_a_body_of_a_place():
    from storyline.analyze.entities import _Candidate, _org_of_place
    from storyline.analyze.entity_spans import body_names

    text = "Vera Lind of the country’s Standards Committee said. The Coastal Defence Agency agreed."
    assert [text[s:e] for s, e in body_names(text)] == ["Standards Committee", "Coastal Defence Agency"]
    text = "the National Guard of Kessel and the Guard in Kessel"
    cands = [_Candidate(4, 18, "National Guard", "ORG"), _Candidate(22, 28, "Kessel", "GPE"),
             _Candidate(37, 42, "Guard", "ORG"), _Candidate(46, 52, "Kessel", "GPE")]
    assert [c.text for c in _org_of_place(cands, text)] == ["National Guard of Kessel", "Guard", "Kessel"]


def test_photo_credits_and_a_closing_agency_are_not_mentions():
    from storyline.analyze.entity_spans import credit_spans, refine

    text = "Smoke rose over Kessel. Credit: Anna Berg/NORTA\nThe toll rose, Lind said. NORTA\n"
    assert [text[s:e] for s, e in credit_spans(text)] == ["Credit: Anna Berg/NORTA", "NORTA"]
    assert credit_spans("NORTA said the toll rose in Kessel.") == []
    assert refine("Brennvik on Kessel", 0) == [("Brennvik", 0), ("Kessel", 12)]
    assert refine("Committee on Fisheries", 0) == [("Committee on Fisheries", 0)]


def test_a_mission_named_in_lower_case_and_a_name_after_a_pseudonym_cue():
    from storyline.analyze.entity_spans import lowercase_missions, pseudonym_names
    from storyline.analyze.entity_typing import looks_like_group

    text = ("The Kesvarian embassy in Brennvik and the US consulate were shut; the Brennvik embassy was not. "
            "A fighter using the nom de guerre Karim Sayed wrote under the pseudonym Jan Vell, "
            "a hacker using the alias Tee-222.")
    assert [text[s:e] for s, e in lowercase_missions(text, looks_like_group)] == ["Kesvarian embassy", "US consulate"]
    assert [text[s:e] for s, e in pseudonym_names(text)] == ["Karim Sayed", "Jan Vell"]


def test_a_nationality_before_an_acronym_led_name_is_a_group_mention_of_its_own():
    from storyline.analyze.entities import _Candidate, _join_listed_portfolios, _split_descriptors

    cands = [_Candidate(10, 42, "Norvish ARTA Monitoring Group", "ORG"),
             _Candidate(50, 70, "European HDTV Summit", "ORG"), _Candidate(80, 100, "Kesvarian Red Cross", "ORG")]
    assert [(c.text, c.label) for c in _split_descriptors(cands)] == [
        ("Norvish", "NORP"), ("ARTA Monitoring Group", "ORG"), ("European HDTV Summit", "ORG"),
        ("Kesvarian Red Cross", "ORG")]
    text = ("A Committee on Fisheries, the Protection of Reefs and Shores meets. "
            "The Council for Trade, the Ministry of Ports and the Office agreed.")
    spans = [("Committee on Fisheries", "ORG"), ("Protection of Reefs and Shores", "ORG"),
             ("Council for Trade", "ORG"), ("Ministry of Ports", "ORG")]
    cands = [_Candidate(text.index(t), text.index(t) + len(t), t, lab) for t, lab in spans]
    assert [c.text for c in _join_listed_portfolios(cands, text)] == [
        "Committee on Fisheries, the Protection of Reefs and Shores", "Council for Trade", "Ministry of Ports"]


def test_descriptor_and_mission_rules_in_the_pipeline(nlp):
    text = ("The militants spread propaganda, according to the American SITE Intelligence Group. "
            "The Kesvarian embassy in Brennvik said it had received 300 calls.")
    doc = nlp(text)
    found = {(m.text, m.label) for m in doc._.storyline_mentions}
    assert ("SITE Intelligence Group", "ORG") in found
    assert ("Kesvarian embassy", "ORG") in found
    assert not any(m.text.startswith("American SITE") for m in doc._.storyline_mentions)


def test_every_storyline_component_declares_what_it_reads_and_writes():
    from storyline.analyze.runner import COMPONENTS, load_pipeline

    nlp = load_pipeline()
    ours = [n for n in nlp.pipe_names if n.startswith("storyline_")]
    assert set(COMPONENTS) <= set(ours)
    for name in ours:
        meta = nlp.get_pipe_meta(name)
        assert meta.assigns, name
        assert name == "storyline_paragraphs" or meta.requires, name
    problems = nlp.analyze_pipes(pretty=False)["problems"]
    assert {n: p for n, p in problems.items() if p} == {}  # every requirement is assigned earlier


def test_a_lower_case_directorate_is_found_in_a_text_without_any_ministry():
    from storyline.analyze.entity_spans import lowercase_ministries

    text = "Kessel's military intelligence directorate said the strike came from the north."
    assert [text[s:e] for s, e in lowercase_ministries(text)] == ["military intelligence directorate"]
