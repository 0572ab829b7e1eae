"""Each extractor's core on a Doc built by hand (words, tags, heads, dependencies, entities): the
rules, not the statistical model, decide what is found."""
from __future__ import annotations

import spacy
from spacy.tokens import Doc

import storyline.analyze.runner  # noqa: F401  (registers the extensions)
from storyline.analyze.dates import extract_dates
from storyline.analyze.quantities import extract_quantities
from storyline.analyze.quotes import extract_quotes
from storyline.analyze.relations import extract_relations
from storyline.analyze.entities import extract_mentions

VOCAB = spacy.blank("en").vocab


def _doc(tokens: list[tuple[str, str, str, str, int, str]], ents: list[str] | None = None) -> Doc:
    """tokens: (word, tag, pos, lemma, head index, dep); a space after every word but before
    punctuation."""
    words = [t[0] for t in tokens]
    spaces = [i + 1 < len(words) and words[i + 1] not in {",", ".", "'s", "”"} and words[i] != "“"
              for i in range(len(words))]
    return Doc(VOCAB, words=words, spaces=spaces, tags=[t[1] for t in tokens], pos=[t[2] for t in tokens],
               lemmas=[t[3] for t in tokens], heads=[t[4] for t in tokens], deps=[t[5] for t in tokens],
               ents=ents or ["O"] * len(words))


# "At least 40 people died in Brennvik on Monday, officials said."
DEATHS = [("At", "IN", "ADP", "at", 2, "advmod"), ("least", "JJS", "ADJ", "least", 0, "pobj"),
          ("40", "CD", "NUM", "40", 3, "nummod"), ("people", "NNS", "NOUN", "people", 4, "nsubj"),
          ("died", "VBD", "VERB", "die", 11, "ccomp"), ("in", "IN", "ADP", "in", 4, "prep"),
          ("Brennvik", "NNP", "PROPN", "Brennvik", 5, "pobj"), ("on", "IN", "ADP", "on", 4, "prep"),
          ("Monday", "NNP", "PROPN", "Monday", 7, "pobj"), (",", ",", "PUNCT", ",", 11, "punct"),
          ("officials", "NNS", "NOUN", "official", 11, "nsubj"), ("said", "VBD", "VERB", "say", 11, "ROOT"),
          (".", ".", "PUNCT", ".", 11, "punct")]
DEATH_ENTS = ["O", "O", "B-CARDINAL", "O", "O", "O", "B-GPE", "O", "B-DATE", "O", "O", "O", "O"]


def test_a_qualified_count_with_its_counted_noun():
    doc = _doc(DEATHS, DEATH_ENTS)
    found = [(q.text, q.value, q.qualifier) for q in extract_quantities(doc)]
    assert found == [("At least 40 people", 40, "at_least")]


def test_a_weekday_is_resolved_against_the_publication_date():
    doc = _doc(DEATHS, DEATH_ENTS)
    doc._.storyline_published = "2024-03-14"  # a Thursday: "on Monday" with a past verb is the 11th
    assert [(d.text, d.normalized) for d in extract_dates(doc, "2024-03-14")] == [("on Monday", "2024-03-11")]
    assert [d.normalized for d in extract_dates(doc, None)] == [None]  # no publication date, no guess


def test_a_quotation_and_its_named_speaker():
    # “The dam held,” Ilse Brandt said.
    tokens = [("“", "``", "PUNCT", "“", 3, "punct"), ("The", "DT", "DET", "the", 2, "det"),
              ("dam", "NN", "NOUN", "dam", 3, "nsubj"), ("held", "VBD", "VERB", "hold", 8, "ccomp"),
              (",", ",", "PUNCT", ",", 8, "punct"), ("”", "''", "PUNCT", "”", 8, "punct"),
              ("Ilse", "NNP", "PROPN", "Ilse", 7, "compound"), ("Brandt", "NNP", "PROPN", "Brandt", 8, "nsubj"),
              ("said", "VBD", "VERB", "say", 8, "ROOT"), (".", ".", "PUNCT", ".", 8, "punct")]
    doc = _doc(tokens, ["O"] * 6 + ["B-PERSON", "I-PERSON", "O", "O"])
    doc._.storyline_mentions = extract_mentions(doc)
    quotes = extract_quotes(doc)
    assert [(q.text, q.speaker_text) for q in quotes] == [("The dam held,", "Ilse Brandt")]


def test_a_relation_between_two_named_actors():
    # Vera Lind met Anton Velkov in Brennvik.
    tokens = [("Vera", "NNP", "PROPN", "Vera", 1, "compound"), ("Lind", "NNP", "PROPN", "Lind", 2, "nsubj"),
              ("met", "VBD", "VERB", "meet", 2, "ROOT"), ("Anton", "NNP", "PROPN", "Anton", 4, "compound"),
              ("Velkov", "NNP", "PROPN", "Velkov", 2, "dobj"), ("in", "IN", "ADP", "in", 2, "prep"),
              ("Brennvik", "NNP", "PROPN", "Brennvik", 5, "pobj"), (".", ".", "PUNCT", ".", 2, "punct")]
    doc = _doc(tokens, ["B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "O", "B-GPE", "O"])
    mentions = extract_mentions(doc)
    relations = [(r.predicate, doc.text[r.subject_start:r.subject_end], doc.text[r.object_start:r.object_end])
                 for r in extract_relations(doc, mentions)]
    assert relations == [("met", "Vera Lind", "Anton Velkov")]
