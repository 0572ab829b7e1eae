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
    pairs = declared_aliases("the Islamic State Khorasan Province (ISKP), or ISIS-K, said. "
                             "He changed his name from Erlan Sadykbayev to Erlan Sadykov in 2009.")
    assert ("Islamic State Khorasan Province", "ISKP") in pairs
    assert ("ISKP", "ISIS-K") in pairs
    assert ("Erlan Sadykov", "Erlan Sadykbayev") in pairs


def test_strip_titles():
    assert strip_titles("Mr. Rahmon") == "Rahmon"
    assert strip_titles("President Emomali Rahmon") == "Emomali Rahmon"
    assert strip_titles("Mr") == "Mr"


def test_a_name_the_model_cut_short_is_extended_to_the_longer_name():
    from storyline.analyze.entities import _Candidate, _extend_truncated

    text = "She studied at Texas A&M University. Lemon, the professor at Texas A&M, said so."
    full = text.index("Texas A&M University")
    cut = text.index("Texas A&M,")
    cands = [_Candidate(full, full + 20, "Texas A&M University", "ORG"), _Candidate(cut, cut + 5, "Texas", "GPE")]
    out = _extend_truncated(text, cands)
    assert [(c.text, c.label, c.hint) for c in out][1] == ("Texas A&M", "ORG", "Texas A&M University")
    # a place that merely starts the name, not followed by the rest of it, is left alone
    text2 = "She studied at Texas A&M University. Texas is large."
    cands2 = [_Candidate(15, 35, "Texas A&M University", "ORG"), _Candidate(37, 42, "Texas", "GPE")]
    assert _extend_truncated(text2, cands2)[1].text == "Texas"


def test_an_office_holder_after_a_country_name_is_a_person_and_an_institution_is_not():
    from storyline.analyze.entities import _Candidate, _trim_place_prefix

    text = ("Kazgaria is flooded. Minister of emergency situations of Kazgaria Nurlan Abdurakhmanov spoke. "
            "A professor at Texas A&M University agreed. Texas is far away.")
    start = text.index("Kazgaria Nurlan")
    uni = text.index("Texas A&M")
    cands = [_Candidate(0, 8, "Kazgaria", "GPE"), _Candidate(start, start + 29, "Kazgaria Nurlan Abdurakhmanov", "ORG"),
             _Candidate(uni, uni + 20, "Texas A&M University", "ORG"), _Candidate(text.rindex("Texas"),
             text.rindex("Texas") + 5, "Texas", "GPE")]
    out = {c.text: c.label for c in _trim_place_prefix(cands, text)}
    assert out["Nurlan Abdurakhmanov"] == "PERSON"
    assert out["Texas A&M University"] == "ORG"
