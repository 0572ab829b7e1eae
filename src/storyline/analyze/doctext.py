"""Analyze stage: a Doc's text, computed once.

spaCy rebuilds ``Doc.text`` from every token on each access; the extractors read it in loops
(once per quote, per clause), which made text joining the largest cost of the analyze stage."""
from __future__ import annotations

from spacy.tokens import Doc

_KEY = "storyline_text"


def text_of(doc: Doc) -> str:
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text
