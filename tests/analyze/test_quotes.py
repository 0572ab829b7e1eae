"""Quote extraction and speaker attribution on hand-written news paragraphs."""
from __future__ import annotations

import pytest
from spacy.language import Language

import storyline.analyze.quotes  # noqa: F401  (registers the component)
from storyline.analyze.quotemarks import find_quotations
from storyline.analyze.quotes import extract_quotes
from storyline.model import Quote


@pytest.fixture(scope="module")
def pipe(quotes_pipe: Language) -> Language:
    return quotes_pipe


def quotes(pipe: Language, *paragraphs: str) -> list[Quote]:
    text = "\n\n".join(paragraphs)
    doc = pipe(text)
    found: list[Quote] = doc._.storyline_quotes
    assert found == extract_quotes(doc)
    for q in found:  # every offset must cite the body exactly
        assert text[q.start:q.end] == q.text
        if q.speaker_start is not None:
            assert text[q.speaker_start:q.speaker_end] == q.speaker_text
    return found


def direct(found: list[Quote]) -> dict[str, Quote]:
    return {q.text: q for q in found if q.kind == "direct"}


# --- quotation marks ------------------------------------------------------------------------
def test_marks_of_every_style_and_apostrophes() -> None:
    text = ("«Nous restons», dit-il. „Wir bleiben“, sagte sie. The port’s owner said ‘no deal’ "
            "and the mayor’s aide said “later”.")
    found = [text[q.start:q.end] for q in find_quotations(text)]
    assert found == ["Nous restons", "Wir bleiben", "no deal", "later"]


def test_quote_running_over_paragraphs_is_split_per_paragraph() -> None:
    text = "“The river rose overnight,” she said. “We moved the goats first\n\n“and then the children.”"
    found = find_quotations(text)
    assert [text[q.start:q.end] for q in found] == [
        "The river rose overnight,", "We moved the goats first", "and then the children."]
    assert found[1].runs_on and found[2].continues


def test_stray_unclosed_mark_is_not_a_quote() -> None:
    text = "He called it “a mistake and left.\n\nThe council met on Monday."
    assert find_quotations(text) == []


def test_merged_paragraphs_with_lost_closing_mark() -> None:
    text = 'She told reporters: "We will appeal. "The ruling ignores the evidence." Then she left.'
    found = [text[q.start:q.end] for q in find_quotations(text)]
    assert found == ["We will appeal.", "The ruling ignores the evidence."]


# --- direct quotes and speakers -------------------------------------------------------------
def test_said_after_quote_with_appositive_role(pipe: Language) -> None:
    found = direct(quotes(
        pipe,
        "“The harbour will not reopen before spring,” said Marta Kowalczyk, a port engineer at "
        "the Baltic Maritime Institute in Gdansk."))
    q = found["The harbour will not reopen before spring,"]
    assert q.speaker_text == "Marta Kowalczyk"
    assert q.speaker_role is not None and q.speaker_role.startswith("a port engineer")


def test_later_surname_points_at_full_name_and_keeps_role(pipe: Language) -> None:
    found = direct(quotes(
        pipe,
        "Daniel Okafor, the chief economist at Lagos Capital, expects inflation to ease.",
        "“Food prices have already peaked,” Okafor said."))
    q = found["Food prices have already peaked,"]
    assert q.speaker_text == "Daniel Okafor"
    assert q.speaker_start == 0
    assert q.speaker_role is not None and "chief economist" in q.speaker_role


def test_speaker_before_colon(pipe: Language) -> None:
    found = direct(quotes(
        pipe, "Asked about the strike, union leader Pedro Alves told the radio station: "
              "“Nobody goes back until the contracts are signed.”"))
    assert found["Nobody goes back until the contracts are signed."].speaker_text == "Pedro Alves"


def test_pronoun_points_at_the_subject_not_the_nearest_name(pipe: Language) -> None:
    found = direct(quotes(
        pipe,
        "Coach Henrik Larsen admitted he had been surprised by striker Tomas Berg in training. "
        "But he told local reporters: “Nobody is guaranteed a place on Saturday.”"))
    q = found["Nobody is guaranteed a place on Saturday."]
    assert q.speaker_text == "Henrik Larsen"


def test_description_resolves_to_the_person_so_described(pipe: Language) -> None:
    found = direct(quotes(
        pipe,
        "Interior Minister Leila Haddad visited the flooded district on Tuesday.",
        "“Every family will be rehoused by the winter,” the minister said."))
    q = found["Every family will be rehoused by the winter,"]
    assert q.speaker_text == "Leila Haddad"
    assert q.speaker_role == "the minister"


def test_unnamed_source_keeps_description_without_offsets(pipe: Language) -> None:
    found = direct(quotes(
        pipe, "After the vote, one angry resident said: “They sold the valley for a road.”"))
    q = found["They sold the valley for a road."]
    assert q.speaker_text == "one angry resident"
    assert q.speaker_start is None and q.speaker_end is None


def test_second_quote_in_paragraph_inherits_speaker(pipe: Language) -> None:
    found = direct(quotes(
        pipe, "“The bridge was inspected in May,” Ingrid Solberg said. “Nobody reported any cracks.”"))
    assert found["Nobody reported any cracks."].speaker_text == "Ingrid Solberg"


def test_quote_continued_over_paragraphs_keeps_speaker(pipe: Language) -> None:
    found = direct(quotes(
        pipe,
        "“We lost the whole harvest,” said farmer Amina Diallo. “The water came at night, and by "
        "morning the fields were a lake",
        "“and the seed stores were gone too.”"))
    assert found["and the seed stores were gone too."].speaker_text == "Amina Diallo"


def test_attributed_fragment_is_a_quote_but_labels_are_not(pipe: Language) -> None:
    found = direct(quotes(
        pipe,
        "Senator Ruth Calloway said the budget relied on “wishful” forecasts.",
        "The group, branded “subversive” in 2019, publishes a newsletter called ‘Northern Light’."))
    assert found["wishful"].speaker_text == "Ruth Calloway"
    assert "subversive" not in found and "Northern Light" not in found


def test_scare_quote_without_source_is_dropped(pipe: Language) -> None:
    assert direct(quotes(pipe, "The so-called “reform package” passed without debate.")) == {}


def test_according_to_attributes_a_quote(pipe: Language) -> None:
    found = direct(quotes(
        pipe, "The convoy was “turned back at the border”, according to Hassan Nouri, a driver."))
    assert found["turned back at the border"].speaker_text == "Hassan Nouri"


def test_quote_that_closes_its_sentence_is_not_attributed_to_the_next(pipe: Language) -> None:
    found = direct(quotes(
        pipe,
        "Mayor Clara Jensen spoke first. “The tunnel is safe.” Engineers are reported to have "
        "found new leaks on Friday."))
    assert all(q.speaker_text != "Engineers" for q in found.values())


# --- indirect quotes ------------------------------------------------------------------------
def test_said_that_clause_is_an_indirect_quote(pipe: Language) -> None:
    found = [q for q in quotes(
        pipe, "Finance Minister Jorge Peralta said that the deficit would shrink next year.")
        if q.kind == "indirect"]
    assert [q.text for q in found] == ["the deficit would shrink next year"]
    assert found[0].speaker_text == "Jorge Peralta"


def test_trailing_experts_say_is_an_unnamed_indirect_quote(pipe: Language) -> None:
    found = [q for q in quotes(
        pipe, "The drought will cut wheat exports by a third, analysts say.") if q.kind == "indirect"]
    assert len(found) == 1
    assert found[0].text.startswith("The drought will cut wheat exports")
    assert found[0].speaker_text == "analysts" and found[0].speaker_start is None


def test_infinitive_belief_is_not_a_report(pipe: Language) -> None:
    found = quotes(pipe, "The government wants voters to believe that the crisis is over.")
    assert [q for q in found if q.kind == "indirect"] == []


# --- every quotation-mark style -------------------------------------------------------------
# (opening, closing) as printed: English, German, French with and without the inner space (plain
# and no-break), Danish/German reversed guillemets, single guillemets, ASCII.
MARK_STYLES = [
    ('"', '"'), ("\u201c", "\u201d"), ("\u201e", "\u201c"), ("\u2018", "\u2019"),
    ("\u00ab", "\u00bb"), ("\u00ab ", " \u00bb"), ("\u00ab\u00a0", "\u00a0\u00bb"),
    ("\u00bb", "\u00ab"), ("\u2039", "\u203a"),
]
STYLE_IDS = ["ascii", "curly", "german", "single", "guillemets", "french", "french-nbsp",
             "danish", "single-guillemets"]

# Speaker cues after the quotation (comma inside or outside the closing mark, inverted or not,
# a pronoun) and before it (colon, period inside or outside).
CUE_PATTERNS = [
    "{o}No family will sleep outdoors once the frost comes,{c} said the governor.",
    "{o}No family will sleep outdoors once the frost comes{c}, the governor said.",
    "{o}No family will sleep outdoors once the frost comes,{c} she added.",
    "Okonkwo told the regional council: {o}No family will sleep outdoors once the frost comes.{c}",
    "Okonkwo said: {o}No family will sleep outdoors once the frost comes{c}.",
]


@pytest.mark.parametrize(("o", "c"), MARK_STYLES, ids=STYLE_IDS)
def test_scanner_finds_every_style_with_punctuation_inside_or_outside(o: str, c: str) -> None:
    text = (f"{o}The levee held for now,{c} said one engineer. Another called the repairs "
            f"{o}temporary at best{c}. The mayor’s office said {o}we are ready{c}.")
    found = [text[q.start:q.end] for q in find_quotations(text)]
    assert found == ["The levee held for now,", "temporary at best", "we are ready"]


@pytest.mark.parametrize("pattern", CUE_PATTERNS, ids=["said-X", "X-said", "she-added", "told-colon",
                                                       "said-colon"])
@pytest.mark.parametrize(("o", "c"), MARK_STYLES, ids=STYLE_IDS)
def test_speaker_found_for_every_style_and_cue(pipe: Language, o: str, c: str, pattern: str) -> None:
    found = direct(quotes(
        pipe,
        "Regional Governor Adaeze Okonkwo inspected the emergency shelters in Port Harcourt on Monday.",
        pattern.format(o=o, c=c)))
    assert len(found) == 1
    (text, q), = found.items()
    assert text.startswith("No family will sleep outdoors once the frost comes")
    assert q.speaker_text == "Adaeze Okonkwo"


def test_guillemet_the_tagger_reads_as_a_noun_is_not_the_speaker(pipe: Language) -> None:
    # The small model hangs the closing » as the subject of "said"; the real subject follows.
    found = direct(quotes(
        pipe, "\u00abEvery bridge on the coast road will be checked before Easter,\u00bb said Ivo Petek."))
    assert found["Every bridge on the coast road will be checked before Easter,"].speaker_text == "Ivo Petek"


def test_title_before_a_name_is_not_a_pronoun_antecedent(pipe: Language) -> None:
    found = direct(quotes(
        pipe, "Deputy Mayor Lucas Ferreira opened the new depot in Braga.",
        "\u201cThe buses will run every ten minutes from June,\u201d he added."))
    assert found["The buses will run every ten minutes from June,"].speaker_text == "Lucas Ferreira"


@pytest.mark.parametrize("lead", ["\u00ab", "\u00bb"], ids=["modern", "old-french"])
def test_guillemet_quote_over_paragraphs_named_in_its_last_paragraph(pipe: Language, lead: str) -> None:
    found = direct(quotes(
        pipe,
        "Farida Benali, the head of the water board, met the press in Annaba on Thursday.",
        "\u00abThe pipes under the old town are ninety years old. We replace a kilometre a year, "
        "and that is not enough",
        f"{lead}if the city does not give us more money, the next burst will leave half the "
        "district without water,\u00bb she said."))
    first = ("The pipes under the old town are ninety years old. We replace a kilometre a year, "
             "and that is not enough")
    last = ("if the city does not give us more money, the next burst will leave half the district "
            "without water,")
    assert set(found) == {first, last}
    assert {q.speaker_text for q in found.values()} == {"Farida Benali"}


def test_spaced_closing_guillemet_without_opener_is_not_a_quote() -> None:
    text = "Prices rose \u00bb again in March, the bank said.\n\nNothing else changed."
    assert find_quotations(text) == []


# --- scraped and typewriter-style marks -----------------------------------------------------
def test_doubled_single_marks_close_a_double_quotation() -> None:
    text = "“We paid for every bridge,’’ Okafor said. \"And the roads too,'' he added."
    found = [text[q.start:q.end] for q in find_quotations(text)]
    assert found == ["We paid for every bridge,", "And the roads too,"]


def test_straight_single_marks_and_mixed_pairs() -> None:
    text = ("The agency said there was 'no danger to the public.’ She called it 'a relief' and "
            "left the '90s behind with rock 'n' roll; the boss’s car was ‘fine'.")
    found = [text[q.start:q.end] for q in find_quotations(text)]
    assert found == ["no danger to the public.", "a relief", "fine"]


def test_lost_opening_mark_gives_an_orphan_from_the_paragraph_start() -> None:
    text = "We will appeal the ruling,” the union said.\n\nPrices rose” again, maybe."
    found = find_quotations(text)
    assert [(text[q.start:q.end], q.orphan) for q in found] == [
        ("We will appeal the ruling,", True), ("Prices rose", True)]
    assert find_quotations('The 55" screens sold out, the retailer said.') == []  # inches


def test_orphan_quote_is_kept_only_when_a_source_follows(pipe: Language) -> None:
    found = direct(quotes(
        pipe,
        "We will appeal the ruling,” union leader Grete Holm said on Monday.",
        "Prices rose” again in the spring, and nobody knew why."))
    assert set(found) == {"We will appeal the ruling,"}
    assert found["We will appeal the ruling,"].speaker_text == "Grete Holm"


def test_long_quotation_in_an_opening_phrase_is_the_next_subject_s(pipe: Language) -> None:
    doc = pipe("After weeks of \"heavy rainfall and rising levels in every reservoir\" the Norland "
               "Water Board (NWB) has ordered the spillways opened.\n\n"
               "After a \"disappointing\" season the club sacked its coach.")
    found = {q.text: q for q in doc._.storyline_quotes if q.kind == "direct"}
    assert found["heavy rainfall and rising levels in every reservoir"].speaker_text == "Norland Water Board"
    assert "disappointing" not in found  # a short scare quote stays unattributed
