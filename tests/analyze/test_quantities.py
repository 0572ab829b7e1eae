"""Quantity extraction on hand-written news sentences."""
from __future__ import annotations

import pytest
from spacy.language import Language

from storyline.analyze.quantities import extract_quantities
from storyline.model import Quantity


@pytest.fixture(scope="module")
def pipe(nlp: Language) -> Language:
    return nlp  # the whole storyline pipeline, loaded once per session (tests/conftest.py)


def quantities(pipe: Language, text: str) -> list[Quantity]:
    doc = pipe(text)
    found = doc._.storyline_quantities
    for q in found:
        assert text[q.start:q.end] == q.text
    assert found == extract_quantities(doc)
    return found


def by_text(found: list[Quantity]) -> dict[str, Quantity]:
    return {q.text: q for q in found}


def test_qualifiers_and_counted_nouns(pipe: Language) -> None:
    found = by_text(quantities(pipe, "Police said at least 12 protesters were detained, while "
                                     "more than 3,000 people marched and nearly 40 officers were hurt."))
    assert found["at least 12 protesters"].qualifier == "at_least"
    assert found["at least 12 protesters"].value == 12
    assert found["at least 12 protesters"].counted == "protesters"
    assert found["more than 3,000 people"].qualifier == "more_than"
    assert found["nearly 40 officers"].qualifier == "approx"


def test_numbers_in_words_and_scales(pipe: Language) -> None:
    found = by_text(quantities(pipe, "The dam displaced twenty-five families and cost 1.8 billion "
                                     "dollars, and a dozen villages were flooded."))
    assert found["twenty-five families"].value == 25
    assert found["1.8 billion dollars"].value == 1.8e9
    assert found["a dozen villages"].value == 12


def test_ranges(pipe: Language) -> None:
    found = by_text(quantities(pipe, "Between 40 and 60 fishermen are missing; officials estimate "
                                     "that 1.5 to 2 million residents lost power."))
    assert (found["Between 40 and 60 fishermen"].low, found["Between 40 and 60 fishermen"].high) == (40, 60)
    rng = found["1.5 to 2 million residents"]
    assert (rng.qualifier, rng.low, rng.high, rng.value) == ("range", 1.5e6, 2e6, None)


def test_vague_magnitudes(pipe: Language) -> None:
    found = by_text(quantities(pipe, "Tens of thousands of voters queued while hundreds more waited "
                                     "outside; several hundred ballots were lost."))
    assert found["Tens of thousands of voters"].value == 10_000
    assert found["Tens of thousands of voters"].qualifier == "vague"
    assert found["hundreds more"].value == 100
    assert found["several hundred ballots"].value == 100


def test_half_and_couple(pipe: Language) -> None:
    found = by_text(quantities(pipe, "More than half of the staff left, and a couple of managers stayed."))
    half = found["More than half of the staff"]
    assert (half.value, half.qualifier, half.counted) == (0.5, "more_than", "staff")
    assert found["a couple of managers"].qualifier == "approx"


def test_ages_and_durations(pipe: Language) -> None:
    found = by_text(quantities(pipe, "Okafor, 54, served a 12-year term. His deputy, 41 years old, "
                                     "waited three months for the verdict."))
    assert found["54"].counted == "age of Okafor"
    assert found["12-year"].value == 12
    assert found["41 years old"].value == 41
    assert found["three months"].counted == "months"


def test_not_quantities(pipe: Language) -> None:
    text = ("One of the guards said the ceasefire began in 2019 at 6pm on 3 March. "
            "She was the second speaker, and Liverpool won 3-1 at Anfield.")
    assert quantities(pipe, text) == []


def test_year_shaped_counts_are_counted(pipe: Language) -> None:
    found = by_text(quantities(pipe, "The army deployed 2000 soldiers near the border."))
    assert found["2000 soldiers"].value == 2000


def test_money_and_percentages(pipe: Language) -> None:
    found = by_text(quantities(pipe, "Profits rose 12% to $4.5bn, up to 7 per cent above forecasts."))
    assert found["12%"].counted == "percent"
    assert found["$4.5bn"].value == 4.5e9
    assert found["up to 7 per cent"].qualifier == "at_most"


def test_halves_inside_numbers(pipe: Language) -> None:
    found = by_text(quantities(pipe, "Some two and a half years later, one-and-a-half million homes were connected."))
    assert found["Some two and a half years"].value == 2.5
    assert found["one-and-a-half million homes"].value == 1.5e6


def test_scores_and_contest_stages_are_skipped(pipe: Language) -> None:
    text = "She won 6-3 3-6 6-2 to reach the last 16, and her team trailed 0-40 in the opener."
    assert quantities(pipe, text) == []


def test_scale_abbreviations_carry_the_scale(pipe: Language) -> None:
    found = by_text(quantities(pipe, "The utility paid 42 bln pesos ($2.1 mln) and owes $3bn; "
                                     "2.5m households and 7 mn farmers were hit. A 4m-high fence fell."))
    assert found["42 bln pesos"].value == 42e9
    assert found["$2.1 mln"].value == 2.1e6
    assert found["$3bn"].value == 3e9
    assert found["2.5m households"].value == 2.5e6
    assert found["7 mn farmers"].value == 7e6
    assert found["4m"].value == 4  # metres before a hyphen


def test_word_scale_followed_by_the_rest_of_the_figure(pipe: Language) -> None:
    found = by_text(quantities(pipe, "The ministry said 27 thousand 305 people were evacuated."))
    assert found["27 thousand 305 people"].value == 27305


def test_change_from_to_is_two_figures(pipe: Language) -> None:
    found = quantities(pipe, "The toll was revised down from 82 to 64 on Sunday. "
                             "Fares went up from 3 to 5 dollars. Prices ranged from 60 to 40 cents.")
    assert all(q.qualifier != "range" for q in found)
    assert [q.value for q in found][:4] == [82, 64, 3, 5]


def test_hyphenated_range_with_to(pipe: Language) -> None:
    found = by_text(quantities(pipe, "Analysts put losses in the 200-to-450 range."))
    assert (found["200-to-450"].low, found["200-to-450"].high) == (200, 450)


def test_qualifier_across_currency_sign(pipe: Language) -> None:
    found = by_text(quantities(pipe, "The fund lost more than $6.2 billion, about €40 million and over $2bn."))
    assert found["more than $6.2 billion"].qualifier == "more_than"
    assert found["about €40 million"].qualifier == "approx"
    assert found["over $2bn"].qualifier == "more_than"


def test_threshold_verbs_and_bound_words(pipe: Language) -> None:
    found = by_text(quantities(pipe, "The toll exceeded 12,500 and later approached 13,000. The senate "
                                     "passed 30 bills. Troops came within 80 km; waves rose as high as 9 metres."))
    assert found["exceeded 12,500"].qualifier == "more_than"
    assert found["approached 13,000"].qualifier == "approx"
    assert found["30 bills"].qualifier == "exact"
    assert found["within 80 km"].qualifier == "at_most"
    assert found["as high as 9 metres"].qualifier == "at_most"


def test_conversion_in_brackets_takes_the_qualifier(pipe: Language) -> None:
    found = by_text(quantities(pipe, "The convoy was about 150 kilometres (93 miles) away, "
                                     "and more than 500 acres (202 hectares) burned."))
    assert found["93 miles"].qualifier == "approx"
    assert found["202 hectares"].qualifier == "more_than"


def test_fractions_ratios_and_repeats(pipe: Language) -> None:
    found = by_text(quantities(pipe, "Shares fell by a third as nearly two-thirds of members and one in five "
                                     "nurses left. She has won the title twice, with twice as many points."))
    assert found["a third"].value == 0.3333
    assert (found["nearly two-thirds"].value, found["nearly two-thirds"].qualifier) == (0.6667, "approx")
    assert found["one in five nurses"].value == 0.2
    assert found["twice"].value == 2
    assert sum(q.text == "twice" for q in quantities(pipe, "She won twice, with twice as many points.")) == 1


def test_not_quantities_either(pipe: Language) -> None:
    text = ("At 14.40, the mayor began a third term. The plant shut two weeks ago. "
            "A third, independent, candidate withdrew.")
    assert quantities(pipe, text) == []


def test_predicate_adjective_does_not_swallow_the_count(pipe: Language) -> None:
    found = by_text(quantities(pipe, "The storm left at least 19 people dead early Monday, and the "
                                     "envoy made only one visit."))
    assert found["at least 19 people"].qualifier == "at_least"
    assert found["one visit"].value == 1


def test_within_a_duration_is_the_span_of_events(pipe: Language) -> None:
    found = by_text(quantities(pipe, "Three blasts shook the port within six hours on Friday."))
    assert found["six hours"].qualifier == "exact"


def test_glued_m_is_metres_without_money_or_a_counted_plural(pipe: Language) -> None:
    found = by_text(quantities(pipe, "She won the 400m final and he raised $7m from 1.5m donors."))
    assert found["400m"].value == 400
    assert found["$7m"].value == 7e6
    assert found["1.5m donors"].value == 1.5e6


def test_ratio_needs_two_counts(pipe: Language) -> None:
    found = by_text(quantities(pipe, "He earned $9 in three days, and nearly 1 in 6 voters abstained."))
    assert found["$9"].value == 9
    assert found["three days"].value == 3
    assert found["nearly 1 in 6 voters"].value == round(1 / 6, 4)


def test_change_by_and_level_reached_are_two_figures(pipe: Language) -> None:
    found = quantities(pipe, "Copper futures fell $1.40 to $9.75 a pound.")
    assert [(q.text, q.qualifier) for q in found] == [("$1.40", "exact"), ("$9.75", "exact")]


def test_ranges_with_the_currency_sign_repeated(pipe: Language) -> None:
    found = by_text(quantities(pipe, "Repairs will cost $2bn to $3.5bn, with fares between £4 and £6."))
    assert (found["$2bn to $3.5bn"].low, found["$2bn to $3.5bn"].high) == (2e9, 3.5e9)
    assert (found["between £4 and £6"].low, found["between £4 and £6"].high) == (4, 6)


def test_several_dozen_is_vague(pipe: Language) -> None:
    found = by_text(quantities(pipe, "Several dozen fishermen gathered at the pier."))
    assert (found["Several dozen fishermen"].value, found["Several dozen fishermen"].qualifier) == (12, "vague")


def test_halves_of_periods_and_dozens_and_multiples(pipe: Language) -> None:
    found = by_text(quantities(pipe, "Nothing like it in half a century: half a dozen ferries sank and "
                                     "losses were more than double the forecast. She took a double room."))
    assert found["half a century"].value == 50
    assert found["half a dozen ferries"].value == 6
    assert (found["more than double"].value, found["more than double"].qualifier) == (2, "more_than")
    assert not any("room" in q.text for q in found.values())


def test_up_to_after_a_change_verb_is_the_level_reached(pipe: Language) -> None:
    found = by_text(quantities(pipe, "The count of victims grew up to 17 persons; up to 40 homes flooded."))
    assert found["17 persons"].qualifier == "exact"
    assert found["up to 40 homes"].qualifier == "at_most"
