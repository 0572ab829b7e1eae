"""Analyze stage: a Doc's text, computed once, and tokens the scraper glued together.

spaCy rebuilds ``Doc.text`` from every token on each access; the extractors read it in loops
(once per quote, per clause), which made text joining the largest cost of the analyze stage.

``split_glued`` repairs words glued by a scraper ("inRussia", "CrocusCity") before the model
reads them: the token is split into its words with no whitespace between them, so the model
sees "in" + "Russia" while ``Doc.text`` stays the stored body and every offset points at it."""
from __future__ import annotations

from spacy.tokens import Doc

from storyline.clean.glue import glued_words

_KEY = "storyline_text"


def text_of(doc: Doc) -> str:
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text


def split_glued(doc: Doc) -> Doc:
    """Split every glued token of ``doc`` in place (see ``clean.glue``); the text is unchanged,
    so the text read here is the one every later stage reads (``text_of``)."""
    glued = glued_words(text_of(doc))
    if not glued:
        return doc
    todo = [(token, glued[token.text]) for token in doc if token.text in glued]
    with doc.retokenize() as retokenizer:
        for token, points in todo:
            bounds = [0, *points, len(token.text)]
            words = [token.text[a:b] for a, b in zip(bounds, bounds[1:])]
            retokenizer.split(token, words, heads=[(token, i) for i in range(len(words))])
    return doc
