"""Analyze stage: paragraph breaks are sentence breaks.

The body joins paragraphs with a blank line; a subheading ("Koktal Dam disaster") must not be
read as the start of the next paragraph's first sentence. Runs before the parser, which then
respects these boundaries."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


def mark_paragraph_starts(doc: Doc) -> Doc:
    for i, token in enumerate(doc[:-1]):
        if "\n" in token.text_with_ws and not token.is_space:
            doc[i + 1].is_sent_start = True
        elif token.is_space and "\n" in token.text:
            doc[i + 1].is_sent_start = True
    return doc


@Language.component("storyline_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    return mark_paragraph_starts(doc)
