"""Analyze stage: name occurrences the statistical NER left untagged, recovered from the document itself.

A news article names a person in full once and then by surname; it misspells or transliterates a
name differently a few lines later. The model tags some of those occurrences and not others. Within
one document, a lone capitalised word outside every mention becomes a mention when:
- it is the surname of exactly one person the document names in full ("Governor Jane Roe ... Roe
  said"); a surname that is also a common English word ("Bell", "Young") counts only after a title
  ("Mr Bell");
- it is a rare word (or a one-word person or organisation name the model tagged on its own)
  within a small edit distance of exactly one name word of a mention, with the same first letter
  and at least six letters ("Kovalenko" ... "Kovalneko"): a typo or another
  transliteration of that name.
A word that opens a longer capitalised run ("Bell Tower") or follows a capitalised word ("Tom
Bell") is part of another name and is never taken.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA
from wordfreq import zipf_frequency

from storyline.resources.names import TITLES

_WORD = re.compile(r"(?<![\w\-’'])[A-Z][a-z]+(?:-[A-Z]?[a-z]+)*(?![\w\-])")
_CAP_AFTER = re.compile(r"\s+[A-Z]")
_CAP_BEFORE = re.compile(r"([A-Za-z][\w.\-]*)\s+$")
COMMON_ZIPF = 4.0  # a word this frequent in English ("green", "young") is an ordinary word first
RARE_ZIPF = 3.0  # a variant spelling must be rarer than this: "Carter" is no typo of "Carver"
MIN_VARIANT_LEN = 6


@dataclass(frozen=True)
class Recovered:
    start: int
    end: int
    text: str
    key: str  # the fuller name the occurrence stands for
    label: str


@lru_cache(maxsize=4096)
def _zipf(word: str) -> float:
    return zipf_frequency(word.lower(), "en")


def _free_words(text: str, taken: list[tuple[int, int]]):
    """Capitalised words outside every taken span, alone (no capitalised neighbour except a title)."""
    for m in _WORD.finditer(text):
        s, e = m.span()
        if any(a < e and s < b for a, b in taken):
            continue
        if _CAP_AFTER.match(text, e):
            continue
        before = _CAP_BEFORE.search(text, max(0, s - 30), s)
        prev = before.group(1) if before and before.end() == s else None
        if prev and prev[0].isupper() and not _titled(prev) and not _sentence_opener(text, before.start(1), prev):
            continue
        yield s, e, m.group(), prev


def _sentence_opener(text: str, start: int, word: str) -> bool:
    """An ordinary word capitalised only because it opens a sentence ("Later Roe said")."""
    head = text[max(0, start - 3):start].rstrip(" \"“‘'")
    return (not head or head[-1] in ".!?\n") and _zipf(word) >= COMMON_ZIPF


def _titled(prev: str | None) -> bool:
    return bool(prev) and (prev.lower() in TITLES or prev.lower().rstrip(".") in TITLES)


def surname_index(persons: list[str]) -> dict[str, str]:
    """Surname -> the one full name (two words or more) it belongs to; shared surnames are left out."""
    owners: dict[str, set[str]] = {}
    for name in persons:
        words = name.split()
        if len(words) >= 2 and words[-1][:1].isupper() and len(words[-1]) >= 3:
            owners.setdefault(words[-1], set()).add(name)
    return {s: next(iter(n)) for s, n in owners.items() if len(n) == 1}


def variant_target(word: str, names: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    """The (key, label) of the one name word ``word`` is a near spelling of, if exactly one fits."""
    if len(word) < MIN_VARIANT_LEN or _zipf(word) >= RARE_ZIPF:
        return None
    limit = 1 if len(word) < 8 else 2
    fits = {names[w] for w in names
            if w != word and w[0] == word[0] and abs(len(w) - len(word)) <= limit
            and OSA.distance(w.lower(), word.lower(), score_cutoff=limit) <= limit}
    return next(iter(fits)) if len(fits) == 1 else None


def recover(text: str, taken: list[tuple[int, int]], persons: list[str],
            name_words: dict[str, tuple[str, str]], other_words: set[str]) -> list[Recovered]:
    """Untagged occurrences of names the document already established (see the module docstring).

    ``persons``: full names typed PERSON; ``name_words``: a mention's one-word form or a person's
    surname -> (key, label); ``other_words``: words of names that are not persons, never taken as
    a surname."""
    surnames = {s: n for s, n in surname_index(persons).items() if s not in other_words}
    out: list[Recovered] = []
    for s, e, word, prev in _free_words(text, taken):
        if word in surnames:
            if _zipf(word) < COMMON_ZIPF or _titled(prev):
                out.append(Recovered(s, e, word, surnames[word], "PERSON"))
            continue
        if word in other_words or word in name_words:
            continue  # an established form: the occurrence scan already took it where it is a name
        target = variant_target(word, name_words)
        if target:
            out.append(Recovered(s, e, word, *target))
    return out
