"""Presentation (web app and report): sentence boundaries in a cleaned body.

The report links every extracted item to "its sentence". The export may carry the analyzer's own
sentence boundaries (``sentences`` key); when it does not, we fall back to a small rule-based
splitter here. The splitter only has to be good enough to show context around an offset — it
never changes an offset, and every span it returns indexes the body exactly.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

# Abbreviations that end with a period but do not end a sentence (lower-cased, without the period).
ABBREVIATIONS: frozenset[str] = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt",
        "st", "jr", "sr", "rev", "hon", "no", "vs", "etc", "inc", "ltd", "co", "corp", "dept",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "approx", "est", "fig", "al", "u.s", "u.k", "u.n", "e.g", "i.e",
    }
)

# A candidate sentence end: terminal punctuation, optional closing quotes/brackets, then space.
_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)")
# A line break always ends a sentence: headlines, subheadings and datelines have no full stop.
_NEWLINES = re.compile(r"\n+")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_WINDOW = 32  # longer than any abbreviation in the table
_NEXT_CHAR = re.compile(r"[ \t]*(\S)")


def _is_abbreviation(text: str, end_punct: int) -> bool:
    """True when the period at ``end_punct`` closes a known abbreviation or a single initial."""
    if text[end_punct] != ".":
        return False
    # Look only at a short window: an anchored search from 0 would make splitting quadratic.
    match = _WORD_BEFORE.search(text, max(0, end_punct - _WINDOW), end_punct)
    if match is None:
        return False
    word = match.group(1).lower().rstrip(".")
    # A lone capital letter before the period is an initial ("John F. Kennedy").
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _cut_points(body: str) -> list[int]:
    """Offsets where one sentence ends and whitespace before the next begins."""
    cuts: set[int] = set()
    for match in _END.finditer(body):
        following = _NEXT_CHAR.match(body, match.end())
        # A sentence does not go on in lower case ("at 9 a.m. on Monday").
        continues = following is not None and following.group(1).islower()
        if not continues and not _is_abbreviation(body, match.start()):
            cuts.add(match.end())
    for match in _NEWLINES.finditer(body):
        cuts.add(match.start())
    return sorted(cuts)


def split_sentences(body: str) -> list[tuple[int, int]]:
    """Split ``body`` into (start, end) sentence spans with surrounding whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    begin = 0
    for cut in [*_cut_points(body), len(body)]:
        start, end = begin, cut
        while start < end and body[start].isspace():
            start += 1
        while end > start and body[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
        begin = cut
    return spans


def clean_spans(spans: Iterable[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Sort given sentence spans, clamp them to the body and drop empty or overlapping ones."""
    result: list[tuple[int, int]] = []
    for start, end in sorted((max(0, s), min(length, e)) for s, e in spans):
        if start >= end or (result and start < result[-1][1]):
            continue
        result.append((start, end))
    return result


class SentenceIndex:
    """Answers "which sentence holds offset N" for one body."""

    def __init__(self, body: str, given: Iterable[tuple[int, int]] | None = None) -> None:
        self.body = body
        spans = clean_spans(given, len(body)) if given is not None else []
        self.spans = spans or split_sentences(body)
        self._starts = [start for start, _ in self.spans]

    def around(self, offset: int) -> tuple[int, int] | None:
        """The sentence span containing ``offset``, or None when it falls between sentences."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index < 0:
            return None
        start, end = self.spans[index]
        return (start, end) if offset < end else None
