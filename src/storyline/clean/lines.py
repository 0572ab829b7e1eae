"""Clean stage: small predicates on one line of text, shared by the boilerplate passes."""
from __future__ import annotations

import re

from rapidfuzz import fuzz

from storyline.clean.cues import CLOSING_QUOTES, TERMINAL

HEADLINE_MAX_WORDS = 30
HEADLINE_SIMILARITY = 90  # rapidfuzz ratio; catches copies with a changed word or outlet suffix
TITLE_SUFFIX_MAX_WORDS = 4  # "Headline | Outlet": a site name or a short credit after the headline


def word_count(text: str) -> int:
    return len(text.split())


def canonical(text: str) -> str:
    """Comparison form of a line: lower case, letters and digits only."""
    return " ".join(re.findall(r"\w+", text.lower()))


def is_sentence(text: str) -> bool:
    """Ends like a sentence (terminal punctuation, possibly inside closing quotes)."""
    stripped = text.rstrip().rstrip(CLOSING_QUOTES)
    return bool(stripped) and stripped[-1] in TERMINAL


def looks_like_headline(text: str) -> bool:
    words = word_count(text)
    first = text.lstrip("\"'“‘«")[:1]
    ending = text.rstrip().rstrip(CLOSING_QUOTES)  # a quoted sentence ending in '.”' is no headline
    return (1 <= words <= HEADLINE_MAX_WORDS and not ending.endswith((".", ",", ";", ":", "…"))
            and (first.isupper() or first.isdigit()) and len(text) <= 250)


def is_title_copy(text: str, title: str) -> bool:
    """``text`` repeats the headline ``title``: equal, nearly equal, or one of them the other
    plus a short suffix ("Headline | Outlet", "Headline Photo: agency.example")."""
    a, b = canonical(text), canonical(title)
    if not a or not b:
        return False
    if a == b or fuzz.ratio(a, b) >= HEADLINE_SIMILARITY:
        return True
    longer, shorter = (a, b) if len(a) >= len(b) else (b, a)
    return (longer.startswith(shorter + " ") and word_count(shorter) >= 3
            and word_count(longer) - word_count(shorter) <= TITLE_SUFFIX_MAX_WORDS)


def contains_words(longer: str, shorter: str) -> bool:
    """``shorter``'s canonical words occur as a run inside ``longer``'s."""
    return f" {canonical(shorter)} " in f" {canonical(longer)} "
