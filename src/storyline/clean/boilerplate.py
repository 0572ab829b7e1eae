"""Clean stage: our line-level boilerplate detector for scraped plain text.

Every unit (line or re-joined paragraph) gets a verdict: kept, or removed with a short reason.
The signals are general ones, each explainable on its own:

* shape: separators, URL-only lines, timestamp-only lines, menus of short items;
* closed-class cues (``cues.CUES``), gated by length and by position in the file;
* the headline, repetition, teasers and position: the rules that read a line's place among
  the others, in ``layout``.
"""
from __future__ import annotations

import math
import re
from collections.abc import Collection, Sequence

from storyline.clean.cues import CUES, NAV_SEPARATOR, RELATIVE_STAMP, TIMESTAMP_WORDS, URL
from storyline.clean.layout import mark_other_script, mark_positions, mark_repeats, mark_teasers, take_title
from storyline.clean.lines import canonical, is_sentence, is_title_copy, word_count
from storyline.clean.normalize import Unit
from storyline.ingest.dates import MONTHS, find_dates

__all__ = ["canonical", "detect", "edge_flags", "is_sentence", "is_title_copy", "word_count"]

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "«": '"', "»": '"', "„": '"'})
_TIME = re.compile(r"\b\d{1,2}[:.h]\d{2}(?:[:.]\d{2})?\b|\b\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.)", re.I)
_MONTH_DAY = re.compile(r"\b(?:" + "|".join(MONTHS) + r")\.?\s+\d{1,2}\b|\b\d{1,2}\s+(?:"
                        + "|".join(MONTHS) + r")\b", re.I)
_ALNUM = re.compile(r"\w", re.U)
_LETTERS = re.compile(r"[^\W\d_]+")
# The dot-separated parts of the stamp words ("a.m." -> "a", "m"): a word that is none of them
# cannot be part of a stamp word.
_STAMP_WORD_PARTS = frozenset(part for word in TIMESTAMP_WORDS for part in word.split("."))
# How a word that the date and time patterns remove (or cut) begins.
_REMOVABLE_START = re.compile(r"(?:" + "|".join(MONTHS) + r"|of|st|nd|rd|th|a|p|h)", re.I)
# Letters that case-insensitive patterns read as "i" and "s" though their lower case differs:
# find_dates raises on a month spelled with them, and such a line keeps taking the long way.
_CASE_FOLDED = ("ı", "ſ")
EDGE_SHARE = 0.2  # top/bottom 20% of the units (at least EDGE_MIN) count as the file's edges
EDGE_MIN = 4
PLACE_MAX_WORDS = 3  # "| New Delhi": the filing place after a stamp
IDENTIFIER_MIN_CHARS = 8


def is_separator(text: str) -> bool:
    return not _ALNUM.search(text)


def is_url_line(text: str) -> bool:
    rest = URL.sub(" ", text)
    return rest != text and word_count(re.sub(r"[^\w\s]", " ", rest)) <= 2


def _has_plain_word(lowered: str) -> bool:
    """A word that is no stamp word and that is_timestamp's date and time patterns cannot
    remove: the line is more than a stamp. Decided on the first such word, so a sentence (or a
    whole article on one line) is not run through those patterns. They only ever remove a word
    from its start: a month name, "of", a day suffix ("14th"), "am"/"pm"/"a.m.", the "h" of
    "14h30"."""
    return any(m.group() not in _STAMP_WORD_PARTS and not _REMOVABLE_START.match(m.group())
               for m in _LETTERS.finditer(lowered))


def is_timestamp(text: str) -> bool:
    """A line that is a date/time stamp and nothing else ("Updated 14.03.2026 | 09:12"), or a
    stamp followed by the place or desk it was filed from ("Updated on: 25 June 2026 | London")."""
    head, sep, tail = text.rpartition(" | ")
    if sep and _is_place(tail) and _is_stamp(head):
        return True
    return _is_stamp(text)


def _is_place(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= PLACE_MAX_WORDS and all(w[:1].isupper() for w in words)


def is_identifier(text: str) -> bool:
    """One token that no writer types: a file or asset id ("quake_gallery_0XkPq3Lw")."""
    token = text.strip()
    if " " in token or len(token) < IDENTIFIER_MIN_CHARS:
        return False
    traits = ("_" in token, bool(re.search(r"\d", token)) and bool(re.search(r"[^\W\d_]", token)),
              len(re.findall(r"[a-z][A-Z]", token)) >= 2)
    return sum(traits) >= 2


def _is_stamp(text: str) -> bool:
    lowered = text.lower().strip()
    if RELATIVE_STAMP.match(lowered):
        return True
    if _has_plain_word(lowered) and not any(ch in lowered for ch in _CASE_FOLDED):
        return False
    rest = lowered
    for start, end, _ in reversed(find_dates(lowered)):
        rest = rest[:start] + " " + rest[end:]
    rest = _MONTH_DAY.sub(" ", _TIME.sub(" ", rest))
    if rest == lowered:
        return False
    leftover = [w for w in re.findall(r"[^\W\d_]+(?:\.[^\W\d_]+\.?)?", rest) if w not in TIMESTAMP_WORDS]
    return not leftover


def is_navigation(text: str) -> bool:
    """A menu: several short items between separators, no sentence."""
    items = [i.strip() for i in NAV_SEPARATOR.split(text) if i.strip()]
    if len(items) < 2:
        return False
    sizes = [word_count(i) for i in items]
    if len(items) >= 3:
        return max(sizes) <= 8 and sum(sizes) / len(sizes) <= 4
    return max(sizes) <= 3 and not is_sentence(text)


def cue_reason(text: str, at_edge: bool) -> str | None:
    straight = text.translate(_QUOTES).strip()
    words = word_count(straight)
    for cue in CUES:
        if words <= cue.max_words and (cue.where == "any" or at_edge) and cue.pattern.search(straight):
            return cue.reason
    return None


def shape_reason(text: str, at_edge: bool) -> str | None:
    """The reason a line is boilerplate by its own shape and cues, else None."""
    if is_separator(text):
        return "separator"
    if is_url_line(text):
        return "url"
    if is_timestamp(text):
        return "timestamp"
    if is_identifier(text):
        return "identifier"
    reason = cue_reason(text, at_edge)
    if reason:
        return reason
    if is_navigation(text):
        return "navigation"
    return None


def edge_flags(n: int) -> list[bool]:
    band = max(EDGE_MIN, math.ceil(EDGE_SHARE * n))
    return [i < band or i >= n - band for i in range(n)]


def detect(units: Sequence[Unit], title: str | None = None, positional: bool = True,
           shared: Collection[str] = (), url: str | None = None) -> tuple[str | None, list[str | None]]:
    """Judge ``units``; returns (title, reasons) with ``reasons[i]`` None for a kept unit.

    ``title`` is a known headline (from metadata); when None the first headline-like line is
    taken. ``positional`` enables the header/footer fragment rules (off for text that an HTML
    extractor already cut to the main content). ``shared`` holds canonical forms of lines seen
    at the edges of several other documents. ``url`` is the page's address: its path often
    names the headline.
    """
    texts = [u.text for u in units]
    # Pass 1 without the edge-only cues; then the edges are measured over what is left, so a
    # credit line above a long tail of tags and prompts still counts as the body's last line.
    reasons: list[str | None] = [shape_reason(t, False) for t in texts]
    left = [i for i, r in enumerate(reasons) if r is None]
    edges = [False] * len(texts)
    for i, edge in zip(left, edge_flags(len(left))):
        edges[i] = edge
        if edge:
            # pass 1 found no shape and no cue here: of shape_reason(text, True) only the edge
            # cues can differ, and re-running the shape tests cost as much as pass 1 itself
            reasons[i] = cue_reason(texts[i], True)
    title = take_title(texts, reasons, title, url)
    mark_repeats(texts, reasons, title, shared, edges)
    mark_teasers(texts, reasons)
    mark_other_script(texts, reasons)
    if positional:
        mark_positions(texts, reasons)
    return title, reasons
