"""Clean: scraper-glued words found by general evidence, split without changing the text."""
from __future__ import annotations

import pytest
import spacy

from storyline.analyze.doctext import split_glued
from storyline.clean.glue import glue_points, unglued


@pytest.mark.parametrize("token,points", [
    ("inRussia", [2]), ("ofKarvenia", [2]), ("saidPresident", [4]), ("CrocusCity", [6]),
    ("PressEurope", [5]), ("InformationPORTUGAL", [11]), ("touristsincluding", [8]),
    ("theministry", [3]),
])
def test_glued_words_are_split(token: str, points: list[int]) -> None:
    assert glue_points(token) == points


@pytest.mark.parametrize("token", [
    "McDonald", "McConnell", "MacArthur", "DeSantis", "DiCaprio", "LaGuardia", "LeBron", "iPhone",
    "eBay", "LinkedIn", "YouTube", "PayPal", "WhatsApp", "BlackRock", "JavaScript", "ChatGPT",
    "mRNA", "macOS", "PhD", "UNESCO", "Karamendaris", "anticorruption", "ofthe", "Vostrikhin",
])
def test_real_words_and_camel_case_names_stay_whole(token: str) -> None:
    assert glue_points(token) == []


def test_unglued_puts_spaces_back_for_comparison() -> None:
    assert unglued("the CrocusCity Hall inRussia's capital") == "the Crocus City Hall in Russia's capital"
    assert unglued("LinkedIn and McDonald") == "LinkedIn and McDonald"


def test_split_glued_keeps_the_text_and_offsets() -> None:
    nlp = spacy.blank("en")
    text = "Gunmen stormed the CrocusCity Hall inRussia's capital, killing touristsincluding two."
    doc = split_glued(nlp.make_doc(text))
    assert doc.text == text
    words = [t.text for t in doc]
    assert words[3:7] == ["Crocus", "City", "Hall", "in"] and "Russia" in words
    russia = next(t for t in doc if t.text == "Russia")
    assert text[russia.idx:russia.idx + len(russia)] == "Russia"
    assert ["tourists", "including"] == [t.text for t in doc if t.text in ("tourists", "including")]
    plain = nlp.make_doc("The McDonald restaurant on LinkedIn.")
    assert [t.text for t in split_glued(plain)] == [t.text for t in plain]
