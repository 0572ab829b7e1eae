"""Analyze stage, quotes: the quotation-mark scanner.

``find_quotations`` finds every top-level stretch between quotation marks in a text, of any
typographic style (“…”, „…“, «…», « … », »…«, ‹…›, ‘…’, "…"), telling apostrophes from closing
marks and following quotations that run over paragraph breaks. Plain text in, character offsets
out: no spaCy here, so the quote and relation extractors can share it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.analyze.reporting import (
    CONTINUATION_MARKS,
    DOUBLE_OPENERS,
    DOUBLED_CLOSERS,
    QUOTE_PAIRS,
    SPACED_MARKS,
    UNAMBIGUOUS_CLOSERS,
    UNAMBIGUOUS_OPENERS,
)

_PARAGRAPH = re.compile(r"[^\n]+")
# Characters that may sit right before an opening mark / right after a closing one.
_BEFORE_OPEN = " \t([{\u2014\u2013-/"
_AFTER_CLOSE = " \t\u00a0\u202f.,;:!?)]}\u2014\u2013-\u2026"
# Closing marks that may follow another closing mark (a quotation ending in a nested one).
_CLOSERS = "\"\u201d\u2019\u00bb\u203a\u00ab\u2039\u201c"


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of ``text``: every non-empty line."""
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]


@dataclass(frozen=True)
class Quotation:
    """One quoted stretch inside a paragraph. ``open``/``close`` bound the marks (``close`` is
    the paragraph end when the quotation runs on into the next paragraph); ``start``/``end``
    bound the words inside, trimmed of white space."""

    open: int
    close: int
    start: int
    end: int
    continues: bool = False  # this piece carries on a quotation opened in an earlier paragraph
    runs_on: bool = False  # this piece is left open and carries on in the next paragraph
    orphan: bool = False  # closed by a mark with no opening one: it starts where its paragraph does


def _opens(text: str, i: int) -> bool:
    """Whether the mark at ``i`` stands where an opening mark stands: after a space, at the
    start of a line or after a bracket/dash, and right before a word (a » or › that opens, in
    the Danish and German style, is never spaced)."""
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else "\n"
    return (before in _BEFORE_OPEN or before.isspace()) and not after.isspace()


def _closes(text: str, i: int) -> bool:
    """Whether the mark at ``i`` can close: after a non-space and before a space, punctuation or
    the end of the line (so that the apostrophe in "Russia’s" or "didn’t" never closes). A
    guillemet may stand after a space (French « spacing »): it is never an apostrophe."""
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else "\n"
    if before.isspace() and text[i] not in SPACED_MARKS:
        return False
    return after in _AFTER_CLOSE or after == "\n" or after in _CLOSERS


def _words_follow(text: str, i: int) -> bool:
    """Whether words follow the opening mark at ``i`` on its line, right after it or, for « and
    ‹, after a French space."""
    j = i + 1
    if text[i] in SPACED_MARKS:
        while j < len(text) and text[j] in " \t\u00a0\u202f":
            j += 1
    return j < len(text) and not text[j].isspace()


def _is_opener(text: str, i: int) -> bool:
    char = text[i]
    if char not in QUOTE_PAIRS:
        return False
    if char in UNAMBIGUOUS_OPENERS:
        return _words_follow(text, i)
    if char == "'" and re.match(r"'(?:\d0s\b|em\b|n'|tis\b|twas\b)", text[i:i + 5], re.I):
        return False  # an elision ("the '90s", "rock 'n' roll"), not a quotation
    # ‘ " » and › double as closing marks or apostrophes: read the direction from the context.
    return _opens(text, i)


_MARK = re.compile("[" + re.escape("".join(sorted(set(QUOTE_PAIRS) | {c for cs in QUOTE_PAIRS.values() for c in cs})))
                   + "]")


def _trimmed(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _scan_paragraph(text: str, lo: int, hi: int, opener: str | None) -> tuple[list[Quotation], str | None]:
    """Quotations in ``text[lo:hi]``. ``opener`` is the mark of a quotation left open at the end
    of the previous paragraph (only passed when this paragraph starts with a mark of the same
    kind). Returns the quotations and the mark left open at the paragraph end, if any."""
    found: list[Quotation] = []
    open_at, mark, continues = -1, None, False
    if opener is not None:
        open_at, mark, continues = lo, opener, True
    first = lo + 1 if opener is not None else lo
    skip = -1
    for hit in _MARK.finditer(text, first, hi):  # only quote characters can open or close a quotation
        i, char = hit.start(), hit.group()
        if i < skip:
            continue
        if mark is None:
            if _is_opener(text, i):
                open_at, mark, continues = i, char, False
            elif (char in UNAMBIGUOUS_CLOSERS + '"' and not found and _closes(text, i) and i > lo
                  and not text[i - 1].isdigit()):  # 55" is a size in inches, not a closing mark
                # The paragraph's opening mark was lost (a scraper dropped it): the quotation
                # runs from the paragraph start; the quote stage keeps it only if attributed.
                a, b = _trimmed(text, lo, i)
                if b > a:
                    found.append(Quotation(lo, i + 1, a, b, orphan=True))
        elif (mark in DOUBLE_OPENERS + '"' and text[i:i + 2] in DOUBLED_CLOSERS and _closes(text, i + 1)
              and i > open_at + 1):
            a, b = _trimmed(text, open_at + 1, i)
            if b > a:
                found.append(Quotation(open_at, i + 2, a, b, continues))
            mark, skip = None, i + 2
        elif char in QUOTE_PAIRS[mark] and _closes(text, i) and i > open_at + 1:
            a, b = _trimmed(text, open_at + 1, i)
            if b > a:
                found.append(Quotation(open_at, i + 1, a, b, continues))
            mark = None
        elif char == mark and _is_opener(text, i) and mark in "\"\u201c":
            # An opening mark of the same kind while one is open: the closing mark went missing
            # when paragraphs were merged ('... Okafor. "He does ...'); end the first one here.
            a, b = _trimmed(text, open_at + 1, i)
            if b > a:
                found.append(Quotation(open_at, i, a, b, continues))
            open_at, continues = i, False
    if mark is None:
        return found, None
    a, b = _trimmed(text, open_at + 1, hi)
    if b > a:
        found.append(Quotation(open_at, hi, a, b, continues, runs_on=True))
    return found, mark


def _continuations(mark: str) -> str:
    """The marks a paragraph may open with to carry on a quotation opened with ``mark``."""
    return CONTINUATION_MARKS.get(mark, mark)


def find_quotations(text: str) -> list[Quotation]:
    """All top-level quotations in ``text``, in order, split at paragraph breaks.

    A quotation left open at a paragraph end is kept only when the next paragraph opens with a
    mark of the same kind (the newspaper convention for quotes running over paragraphs)."""
    paragraphs = paragraph_spans(text)
    out: list[Quotation] = []
    carried: str | None = None
    for n, (lo, hi) in enumerate(paragraphs):
        lead = lo
        while lead < hi and text[lead].isspace():
            lead += 1
        if carried is not None and not (lead < hi and text[lead] in _continuations(carried)):
            carried = None
        found, left_open = _scan_paragraph(text, lead, hi, carried)
        nxt = paragraphs[n + 1][0] if n + 1 < len(paragraphs) else None
        runs_on = (left_open is not None and nxt is not None
                   and text[nxt:nxt + 1] in _continuations(left_open))
        if left_open is not None and not runs_on:
            found = [q for q in found if not q.runs_on]  # a stray mark, not a quotation
        out.extend(found)
        carried = left_open if runs_on else None
    return out

