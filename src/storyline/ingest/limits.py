"""How much work one input may ask for: limits that keep memory and time per document bounded.

Measured on this project's pipeline (docs/reliability.md): cleaning and analysis cost grows with the
text, and spaCy needs roughly 0.5 GB more per 100,000 characters, so an article body is capped
(``MAX_BODY_CHARS``, checked after cleaning, where boilerplate is gone). Two cheaper checks refuse
at ingest what can never fit: plain text far longer than the body cap, and HTML with more elements
than any news page has (every element costs the HTML extractors time and memory, nested or not).
"""
from __future__ import annotations

import re

from storyline.model import Failure, RawArticle

MAX_BODY_CHARS = 200_000  # a cleaned article longer than this is a book, a dump or a log, not news
MAX_TEXT_CHARS = 4 * MAX_BODY_CHARS  # plain text this long cannot clean down to an article
MAX_HTML_ELEMENTS = 50_000  # news pages hold a few thousand; live blogs a few tens of thousands
_OPEN_TAG = re.compile(r"<[A-Za-z]")


def over_limit(item: RawArticle | Failure) -> Failure | None:
    """A Failure naming the input when ``item`` asks for more work than the limits allow."""
    if not isinstance(item, RawArticle):
        return None
    size = len(item.content)
    if item.format == "text" and size > MAX_TEXT_CHARS:
        return Failure(item.source, f"{item.source}: text too long to analyse ({size:,} characters, "
                                    f"limit {MAX_TEXT_CHARS:,})")
    if item.format == "html" and size > MAX_HTML_ELEMENTS * 2:  # fewer characters cannot hold more tags
        elements = sum(1 for _ in _OPEN_TAG.finditer(item.content))
        if elements > MAX_HTML_ELEMENTS:
            return Failure(item.source, f"{item.source}: HTML page too complex ({elements:,} elements, "
                                        f"limit {MAX_HTML_ELEMENTS:,})")
    return None


def body_too_long(source: str, body: str) -> Failure | None:
    """A Failure when a cleaned body is longer than the analysis takes (``MAX_BODY_CHARS``)."""
    if len(body) <= MAX_BODY_CHARS:
        return None
    return Failure(source, f"{source}: article too long to analyse ({len(body):,} characters after cleaning, "
                           f"limit {MAX_BODY_CHARS:,})")
