"""Analyze stage: paragraph breaks are sentence breaks.

The body joins paragraphs with a blank line; a subheading ("Flood defences") must not be
read as the start of the next paragraph's first sentence. Runs before the parser, which then
respects these boundaries."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc
from storyline.analyze.doctext import text_of


def mark_paragraph_starts(doc: Doc) -> Doc:
    """The first token after every line break starts a sentence (visits the breaks only)."""
    text = text_of(doc)
    start = text.find("\n")
    while start != -1:
        end = start
        while end < len(text) and text[end].isspace():
            end += 1
        if end < len(text):
            span = doc.char_span(end, end + 1, alignment_mode="expand")
            if span is not None and span.start > 0:
                doc[span.start].is_sent_start = True
        start = text.find("\n", end)
    return doc


@Language.component("storyline_paragraphs", assigns=["token.is_sent_start"])
def paragraphs(doc: Doc) -> Doc:
    return mark_paragraph_starts(doc)
