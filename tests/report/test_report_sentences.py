"""The fallback sentence splitter used to show an item's sentence."""
from __future__ import annotations

from storyline.present.sentences import SentenceIndex, split_sentences


def _texts(body: str) -> list[str]:
    return [body[s:e] for s, e in split_sentences(body)]


def test_splits_on_terminal_punctuation_and_newlines_keeping_abbreviations() -> None:
    body = ("Dr. Lena Ortiz met Mr. Halvorsen in St. Anne at 9 a.m. on Monday. They disagreed!\n"
            "Flood defences\n"
            "Officials said the barrier “would hold.” It did not. Was anyone warned?")
    assert _texts(body) == [
        "Dr. Lena Ortiz met Mr. Halvorsen in St. Anne at 9 a.m. on Monday.",
        "They disagreed!",
        "Flood defences",
        "Officials said the barrier “would hold.”",
        "It did not.",
        "Was anyone warned?",
    ]


def test_initials_do_not_end_a_sentence() -> None:
    assert _texts("Officer J. R. Malloy declined to comment. Nobody else did.") == [
        "Officer J. R. Malloy declined to comment.", "Nobody else did."]


def test_around_finds_the_containing_sentence_or_none_between_sentences() -> None:
    body = "First one here.  Second one there."
    index = SentenceIndex(body)
    assert index.around(body.index("one there")) == (17, len(body))
    assert index.around(15) is None  # the whitespace between the two sentences
    assert index.around(0) == (0, 15)


def test_given_spans_are_cleaned_and_preferred() -> None:
    body = "Alpha beta. Gamma delta."
    index = SentenceIndex(body, [(12, 99), (0, 11), (5, 8), (3, 3)])
    assert index.spans == [(0, 11), (12, len(body))]
    assert SentenceIndex(body, []).spans == [(0, 11), (12, len(body))]  # nothing usable: fall back
