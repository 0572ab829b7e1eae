"""Clean stage: words glued together by a scraper that lost the space between them.

"inRussia", "CrocusCity", "PressEurope", "InformationPORTUGAL", "touristsincluding": a
token is split only on evidence that holds for English text in general, read from word
frequencies (wordfreq, whose tables ship in the package):

* the glued token itself is no known word (brands and names written in camel case, such as
  LinkedIn, YouTube, McDonald or DeSantis, are in the tables and stay whole);
* at a lower-to-upper case change, the part before is a very common word ("in", "of", "said":
  then any name may follow), a common word followed by a known word, or a
  capitalised word or name part of three letters or more that is not a name particle
  (Mc, Mac, De, Di, La, Le, Van...); a single lowercase letter is a prefix (iPhone, eBay);
* an all-lowercase token splits in two only into two common words.

``glue_points`` returns the split offsets inside one token; the text itself is never changed:
the analyzer splits the token and keeps every offset in the original body.
"""
from __future__ import annotations

import re
from functools import lru_cache

from wordfreq import zipf_frequency

KNOWN_WORD = 1.5  # zipf: a whole token this frequent is a word or name as written
COMMON_WORD = 3.0  # zipf of a lowercase part ("tourists", "picture")
FUNCTION_WORD = 5.0  # zipf of the very common words ("in", "of", "said", "the") that a name may follow
NAME_PART = 1.0  # zipf of a capitalised part before the case change ("Crocus")
MAX_TOKEN_CHARS = 40  # longer letter runs are junk (encoded data), not two glued words
LOWER_GLUE_MIN_CHARS = 8  # "ofthe" is too short to tell glue from a rare word
NAME_PARTICLES: frozenset[str] = frozenset(
    "mc mac de di da du la le van von der den del della dos das st fitz ben bin ibn abu al el o".split())
_CASE_CHANGE = re.compile(r"(?<=[a-z])(?=[A-Z])")
_LETTERS = re.compile(r"^[^\W\d_]+$")
# Where glued words may be: a case change inside a word, or a long all-lowercase run.
_CASE_CHANGE_ANYWHERE = re.compile(r"[a-z][A-Z]")
_LONG_LOWER = re.compile(r"\b[a-z]{%d,%d}(?![^\W\d_])" % (LOWER_GLUE_MIN_CHARS, MAX_TOKEN_CHARS))


@lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    return zipf_frequency(word.lower(), "en")


def _case_split_ok(left: str, right: str) -> bool:
    if left.islower() and len(left) >= 2 and left not in NAME_PARTICLES and _zipf(left) >= FUNCTION_WORD:
        return len(right) >= 3  # "inKarvenia", "saidPresident": any name may follow "in" or "said"
    if len(right) < 2 or _zipf(right) == 0 or right.isupper() and len(right) < 4:
        return False  # "ChatGPT": a short capitals part is an acronym, not a glued word
    if left.islower():
        return len(left) >= 2 and left not in NAME_PARTICLES and _zipf(left) >= COMMON_WORD
    # A capitalised part: a word or name part, never a particle of a surname (McDonald, DeSantis).
    return (len(left) >= 3 and left.lower() not in NAME_PARTICLES
            and (_zipf(left) >= NAME_PART or _zipf(right) >= COMMON_WORD))


def _case_points(token: str) -> list[int]:
    points = []
    start = 0
    cuts = [m.start() for m in _CASE_CHANGE.finditer(token)]
    for i, cut in enumerate(cuts):
        nxt = cuts[i + 1] if i + 1 < len(cuts) else len(token)
        if _case_split_ok(token[start:cut], token[cut:nxt]):
            points.append(cut)
            start = cut
    return points


def _lower_point(token: str) -> list[int]:
    best, best_score = None, COMMON_WORD
    for cut in range(2, len(token) - 1):
        left, right = token[:cut], token[cut:]
        score = min(_zipf(left), _zipf(right))
        if score >= best_score and min(len(left), len(right)) >= 2:
            best, best_score = cut, score
    return [best] if best is not None else []


def glue_points(token: str) -> list[int]:
    """Offsets inside ``token`` where a lost space belongs; [] for a token that is fine."""
    if not 4 <= len(token) <= MAX_TOKEN_CHARS or not _LETTERS.match(token):
        return []
    # the shape first: most tokens are neither camel case nor long lowercase, and need no look-up
    if _CASE_CHANGE.search(token):
        return _case_points(token) if _zipf(token) < KNOWN_WORD else []
    if token.islower() and len(token) >= LOWER_GLUE_MIN_CHARS and _zipf(token) == 0:
        return _lower_point(token)
    return []


def glued_words(text: str) -> dict[str, list[int]]:
    """Every glued word of ``text`` with its split offsets, found in one pass over the text."""
    words = set(_LONG_LOWER.findall(text))
    for m in _CASE_CHANGE_ANYWHERE.finditer(text):  # rare: widen each hit to its word
        start, end = m.start(), m.end()
        while start > 0 and text[start - 1].isalpha():
            start -= 1
        while end < len(text) and text[end].isalpha():
            end += 1
        words.add(text[start:end])
    return {w: points for w in words if (points := glue_points(w))}


def unglued(text: str) -> str:
    """``text`` with the lost spaces put back (for comparing names, never for offsets)."""
    def fix(m: re.Match[str]) -> str:
        token = m.group()
        points = glue_points(token)
        return " ".join(token[a:b] for a, b in zip([0, *points], [*points, len(token)]))
    return re.sub(r"[^\W\d_]+", fix, text)
