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
