"""Clean stage: our line-level boilerplate detector for scraped plain text.

Every unit (line or re-joined paragraph) gets a verdict: kept, or removed with a short reason.
The signals are general ones, each explainable on its own:

* shape: separators, URL-only lines, timestamp-only lines, menus of short items;
* closed-class cues (``cues.CUES``), gated by length and by position in the file;
* the headline: the first line that looks like one becomes the title; its copies go;
* repetition: verbatim copies of an earlier paragraph, lines shared with other documents;
* position: short non-sentences above the first or below the last sentence of the body
  (kickers, author names, "Abroad") are header/footer fragments. Between the first and last
  sentence nothing is removed on shape alone, so subheadings and one-line quotes survive.
"""
from __future__ import annotations

import math
import re
from collections.abc import Collection, Sequence

from rapidfuzz import fuzz

from storyline.clean.cues import (CLOSING_QUOTES, CUES, NAV_SEPARATOR, RELATIVE_STAMP,
                                  TERMINAL, TIMESTAMP_WORDS, URL)
from storyline.clean.normalize import Unit
from storyline.ingest.dates import MONTHS, find_dates

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
HEADLINE_MAX_WORDS = 30
HEADLINE_SIMILARITY = 90  # rapidfuzz ratio; catches copies with a changed word or outlet suffix
DUPLICATE_MIN_WORDS = 5  # shorter repeats ("Yes.") can be legitimate
HEADER_FRAGMENT_MAX_WORDS = 6
FOOTER_FRAGMENT_MAX_WORDS = 8


def word_count(text: str) -> int:
    return len(text.split())


def canonical(text: str) -> str:
    """Comparison form of a line: lower case, letters and digits only."""
    return " ".join(re.findall(r"\w+", text.lower()))


def is_sentence(text: str) -> bool:
    """Ends like a sentence (terminal punctuation, possibly inside closing quotes)."""
    stripped = text.rstrip().rstrip(CLOSING_QUOTES)
    return bool(stripped) and stripped[-1] in TERMINAL


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
    """A line that is a date/time stamp and nothing else ("Updated 14.03.2026 | 09:12")."""
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
    reason = cue_reason(text, at_edge)
    if reason:
        return reason
    if is_navigation(text):
        return "navigation"
    return None


def looks_like_headline(text: str) -> bool:
    words = word_count(text)
    first = text.lstrip("\"'“‘«")[:1]
    ending = text.rstrip().rstrip(CLOSING_QUOTES)  # a quoted sentence ending in '.”' is no headline
    return (1 <= words <= HEADLINE_MAX_WORDS and not ending.endswith((".", ",", ";", ":", "…"))
            and (first.isupper() or first.isdigit()) and len(text) <= 250)


def is_title_copy(text: str, title: str) -> bool:
    a, b = canonical(text), canonical(title)
    if not a or not b:
        return False
    if a == b or fuzz.ratio(a, b) >= HEADLINE_SIMILARITY:
        return True
    # "Headline | Outlet" or "Headline - Outlet": the headline plus a short site suffix.
    return a.startswith(b) and word_count(a) - word_count(b) <= 4 and word_count(b) >= 3


def edge_flags(n: int) -> list[bool]:
    band = max(EDGE_MIN, math.ceil(EDGE_SHARE * n))
    return [i < band or i >= n - band for i in range(n)]


def detect(units: Sequence[Unit], title: str | None = None, positional: bool = True,
           shared: Collection[str] = ()) -> tuple[str | None, list[str | None]]:
    """Judge ``units``; returns (title, reasons) with ``reasons[i]`` None for a kept unit.

    ``title`` is a known headline (from metadata); when None the first headline-like line is
    taken. ``positional`` enables the header/footer fragment rules (off for text that an HTML
    extractor already cut to the main content). ``shared`` holds canonical forms of lines seen
    at the edges of several other documents.
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
    title = _take_title(texts, reasons, title)
    _mark_repeats(texts, reasons, title, shared, edges)
    if positional:
        _mark_fragments(texts, reasons)
    return title, reasons


BODY_SENTENCE_MIN_WORDS = 8  # the first line this long that ends like a sentence opens the body


def _title_score(text: str, texts: Sequence[str]) -> float:
    """How headline-like a header line is: printed more than once, several words, not a
    one-word section label ("World") or an all-capitals masthead ("STEPPE PRESS AGENCY")."""
    copies = sum(1 for t in texts if canonical(t) == canonical(text))
    words = word_count(text)
    return 3 * (copies > 1) + min(words, 12) / 4 - 3 * (words <= 2) - 2 * text.isupper()


def _take_title(texts: Sequence[str], reasons: list[str | None], title: str | None) -> str | None:
    if title is not None:
        return title
    kept = [i for i, r in enumerate(reasons) if r is None]
    body = next((i for i in kept if is_sentence(texts[i]) and word_count(texts[i]) >= BODY_SENTENCE_MIN_WORDS),
                None)
    header = [i for i in kept if (body is None or i < body) and looks_like_headline(texts[i])]
    if body is None and header:
        header = header[:1] if header[0] + 1 < len(texts) else []
    if not header:
        return None
    best = max(header, key=lambda i: (_title_score(texts[i], texts), -i))
    if _title_score(texts[best], texts) <= 0 and best != kept[0]:
        return None
    reasons[best] = "headline"
    return texts[best]


def _mark_repeats(texts: Sequence[str], reasons: list[str | None], title: str | None,
                  shared: Collection[str], edges: Sequence[bool]) -> None:
    seen: set[str] = set()
    for i, text in enumerate(texts):
        if reasons[i] is not None:
            continue
        key = canonical(text)
        if title and is_title_copy(text, title):
            reasons[i] = "repeated headline"
        elif key in seen and word_count(text) >= DUPLICATE_MIN_WORDS:
            reasons[i] = "duplicate paragraph"
        elif edges[i] and key in shared:
            reasons[i] = "repeated across documents"
        seen.add(key)


def _mark_fragments(texts: Sequence[str], reasons: list[str | None]) -> None:
    sentences = [i for i, t in enumerate(texts) if reasons[i] is None and is_sentence(t) and word_count(t) >= 3]
    if not sentences:
        return
    for i in range(sentences[0]):
        if reasons[i] is None and word_count(texts[i]) <= HEADER_FRAGMENT_MAX_WORDS:
            reasons[i] = "header fragment"
    for i in range(sentences[-1] + 1, len(texts)):
        if reasons[i] is None and word_count(texts[i]) <= FOOTER_FRAGMENT_MAX_WORDS:
            reasons[i] = "footer fragment"
