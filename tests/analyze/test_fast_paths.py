"""The analyze stage's shortcuts give what the full scans they replace give: date patterns
skipped only where they cannot match, tokens skipped only where nothing can start, names found
where the regex that defines a whole-word occurrence finds them."""
from __future__ import annotations

import re

import pytest
from spacy.tokens import Doc

from storyline.analyze import dates, quantities, quotes, relation_actors, relation_roles, relations, speakers
from storyline.analyze.doctokens import capitalised_proper_nouns, indices_tagged, tokens_tagged
from storyline.analyze.entities import _occurrences
from storyline.resources.entity_types import HYPHEN_PREFIXES

TEXT = (
    "The mayor of Varna, Ivan Dobrev, was criticised by the Green Party on Monday over the "
    "delayed harbour contract, according to local media. YESTERDAY the council met again.\n\n"
    "Tomas Berg, a senior economist at the Nordic Investment Bank, said rates would fall in the "
    "past five years' pattern. Did Germany recognise Kosovo? Moldova President Ion Sandu visited "
    "Romania last week, three weeks ago, and again last spring.\n\n"
    "Between 1990 and 1995 the plant, built in the 1990s, lost half its workers; from 2013 to 2018 "
    "about 1,600 to 2,400 people left. On 2005-03-14, and again on 6 to 9 January and March 6-9, "
    "2005, a couple of shops changed hands. Barcelona won 3-1. Kerem Aydan said twenty-five "
    "families and several thousand residents had lost 1.8 billion dollars, or 12% of savings."
)


@pytest.fixture(scope="module")
def doc(nlp) -> Doc:
    parsed = nlp.make_doc(TEXT)
    parsed._.storyline_published = "2005-03-20"
    for _, component in nlp.pipeline:
        parsed = component(parsed)
    return parsed


def _every_token(doc: Doc, tags) -> list[int]:
    return [t.i for t in doc if t.pos_ in tags]


def test_tag_columns_agree_with_token_attributes(doc: Doc) -> None:
    for tags in (("VERB",), ("AUX", "VERB"), ("PROPN",)):
        assert indices_tagged(doc, tags) == _every_token(doc, tags)
        assert [t.i for t in tokens_tagged(doc, tags)] == _every_token(doc, tags)
    assert capitalised_proper_nouns(doc) == [t.pos_ == "PROPN" and t.is_title for t in doc]


def test_date_pieces_skip_only_patterns_that_cannot_match(doc: Doc, monkeypatch) -> None:
    fast = dates.extract_dates(doc, "2005-03-20")
    assert len(fast) > 10
    monkeypatch.setattr(dates, "PATTERNS", tuple(r._replace(pieces=(), folded_pieces=()) for r in dates.PATTERNS))
    assert dates.extract_dates(doc, "2005-03-20") == fast


@pytest.mark.parametrize("text", [
    TEXT, "YESTERDAY", "ToNıGHT", "laſt ſpring", "İN the paſt five years", "three WEEKS AGO",
    "This  Year", "the PREVIOUS\tdecade", "Sept. 14, 2004", "14th of March 2004", "the 1990s",
    "The Mayor met on 3 May", "Market day, 6-9 March", "since June,", "Decimal 12 Dec",
])
def test_date_pieces_are_in_every_match(text: str) -> None:
    folded = dates._folded(text)
    for rule in dates.PATTERNS:
        if rule.pattern.search(text):
            assert all(p.search(text) for p in rule.pieces), rule.resolver.__name__
            assert all(p.search(folded) for p in rule.folded_pieces), rule.resolver.__name__


def test_quantities_start_only_where_a_number_can(doc: Doc, monkeypatch) -> None:
    starts = set(quantities._possible_starts(doc))
    for i in range(len(doc)):
        if i not in starts:
            assert quantities._score_end(doc, i) is None
            assert quantities._couple_at(doc, i) is None and quantities._quantity_at(doc, i) is None
    fast = quantities.extract_quantities(doc)
    assert len(fast) > 5
    monkeypatch.setattr(quantities, "_possible_starts", lambda d: list(range(len(d))))
    assert quantities.extract_quantities(doc) == fast


def test_relations_and_quotes_from_tagged_tokens(doc: Doc, monkeypatch) -> None:
    mentions = doc._.storyline_mentions
    fast_relations, fast_quotes = relations.extract_relations(doc, mentions), quotes.extract_quotes(doc)
    assert fast_relations and fast_quotes
    monkeypatch.setattr(relation_roles, "indices_tagged", lambda d, tags: list(range(len(d))))
    monkeypatch.setattr(relations, "tokens_tagged", lambda d, tags: [d[i] for i in _every_token(d, tags)])
    monkeypatch.setattr(quotes, "tokens_tagged", lambda d, tags: [d[i] for i in _every_token(d, tags)])
    monkeypatch.setattr(speakers, "capitalised_proper_nouns", lambda d: [t.pos_ == "PROPN" and t.is_title for t in d])
    monkeypatch.setattr(relation_actors, "_in_question", lambda tok: tok.sent.text.rstrip().endswith("?"))
    assert relations.extract_relations(doc, mentions) == fast_relations
    assert quotes.extract_quotes(doc) == fast_quotes


@pytest.mark.parametrize("text,form", [
    ("Hamron met Hamronov; Hamron-led talks, _Hamron and Hamron.", "Hamron"),
    ("pro-Kessel, xpro-Kessel, al-Kessel, Kessel-on-Sea, Kessel-backed, Kessel-", "Kessel"),
    ("NES NESNES NES- -NES NES2 ÉNES NES", "NES"),
    ("aaaa aa aaa aa", "aa"),
    ("Kelso A&M University and Kelso A&M", "Kelso A&M"),
    ("", "Kelso"),
])
def test_occurrences_are_whole_words_as_the_regex_defines(text: str, form: str) -> None:
    # whole words; a hyphen joins a name to a longer word except after a prefix ("pro-Kessel") and
    # before a lowercase suffix ("Kessel-backed"), not inside a hyphenated name ("Kessel-on-Sea")
    prefixes = "|".join(rf"(?<=(?<![\w\-]){p}-)" for p in sorted(HYPHEN_PREFIXES))
    pattern = re.compile(rf"(?:(?<![\w\-])|{prefixes})" + re.escape(form) + r"(?!\w)(?!-(?![a-z]))(?!-[a-z]+-[A-Z])")
    assert _occurrences(text, form) == [m.start() for m in pattern.finditer(text)]
