"""Clean: real-looking noisy articles and pages, checked with must/must-not snippets."""
from __future__ import annotations

from pathlib import Path

import pytest

from storyline.clean import clean_article
from storyline.ingest import iter_inputs
from storyline.model import CleanDocument, RawArticle

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "clean"

# file -> (must contain, must not contain, expected title, expected metadata)
CASES: dict[str, tuple[list[str], list[str], str, dict[str, str | None]]] = {
    "valley_flood.txt": (
        ["ORRAN — More than 600 residents", "Roads closed", "Why now?", "“This is what you get.”",
         "emergency fund of 2 million euros for households without flood insurance."],
        ["Home | News", "By Dana Whitfield", "Published 14 March", "Share this", "https://",
         "Read also", "Related:", "Additional reporting", "newsletter", "Comments (12)", "©",
         "Floodwaters force hundreds"],
        "Floodwaters force hundreds from homes in the Orran valley",
        {"outlet": "valleytribune.example", "published": "2026-03-14", "language": "en"}),
    "border_talks.txt": (
        ["The governments of Karvenia and Ostrel agreed", "Not everyone is convinced.",
         "The crossing is due to reopen on 1 April."],
        ["World •", "09:12", "contributed to this report", "Tags:", "NEXT", "PREVIOUS",
         "Leave a comment", "email address", "Neighbours agree"],
        "Neighbours agree to reopen mountain border crossing",
        {"published": "2026-03-14", "language": "en"}),
    "mine_closure.txt": (
        ["HALBERG, Jan. 8 -- The company that runs the last working coal mine in Halberg said",
         "\"My father worked here, my grandfather worked here,\" said Rolf Emmerich, a shift supervisor."],
        ["Posted:", "* * *", "Follow us", "For more stories"],
        "Mine closure leaves town facing an uncertain winter",
        {"published": "2026-01-08", "outlet": "northernpost.example"}),
    "hafen_de.txt": (
        ["Der Stadtrat von Brennick", "„Wir machen den Hafen endlich für alle zugänglich“"],
        ["Aktualisiert", "Teilen", "Mehr zum Thema"],
        "Stadtrat beschließt neuen Radweg am Hafen",
        {"language": "de", "published": "2026-02-03"}),
    "harbour_strike.html": (
        ["Dockworkers at the port of Brennick voted on Sunday", "A widening gap",
         "said Tomasz Reyes", "already rotting in refrigerated containers."],
        ["Subscribe now", "Share on Facebook", "Tags:", "Most read", "tram line", "©", "dataLayer",
         "font-family"],
        "Dockworkers extend strike as talks stall",
        {"published": "2026-02-09", "outlet": "The Coastal Ledger", "language": "en"}),
    "night_market.html": (
        ["More than 120 stalls opened on Friday evening", "“People kept asking when it would come back,”",
         "until the end of September."],
        ["Front page", "3 comments", "harbourfan", "Parking will be a nightmare", "Privacy policy"],
        "Night market returns to the old harbour",
        {"published": "2026-05-21", "language": "en"}),
}


def _clean(name: str) -> CleanDocument:
    (raw,) = list(iter_inputs([str(FIXTURES / name)]))
    assert isinstance(raw, RawArticle)
    doc = clean_article(raw)
    assert isinstance(doc, CleanDocument), doc
    return doc


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture_body_title_and_metadata(name: str) -> None:
    must, must_not, title, meta = CASES[name]
    doc = _clean(name)
    for snippet in must:
        assert snippet in doc.body, snippet
    for snippet in must_not:
        assert snippet not in doc.body, snippet
    assert doc.title == title
    for field, value in meta.items():
        assert getattr(doc, field) == value, field


@pytest.mark.parametrize("name", sorted(CASES))
def test_body_format_is_paragraphs_joined_by_blank_lines(name: str) -> None:
    doc = _clean(name)
    paragraphs = doc.body.split("\n\n")
    assert all(p and p == " ".join(p.split()) for p in paragraphs)
    assert doc.body == doc.body.strip() and "\n\n\n" not in doc.body


def test_every_removed_line_has_a_reason_and_body_lines_survive() -> None:
    doc = _clean("valley_flood.txt")
    reasons = {r.text: r.reason for r in doc.removed_lines}
    assert reasons["Home | News | Region | Weather | Opinion | Contact"] == "navigation"
    assert reasons["Published 14 March 2026, 09:12"] == "timestamp"
    assert reasons["Additional reporting by Lionel Abara."] == "byline/credit"
    assert reasons["Comments (12)"] == "comment prompt"
    assert list(reasons.values()).count("duplicate paragraph") == 1
    assert doc.body.count("emergency fund") == 1
    assert all(r.reason for r in doc.removed_lines)
