"""Resolve stage: name keys that make spelling variants of one name compare equal.

``name_key`` folds case, diacritics, scripts (Cyrillic -> Latin via anyascii), titles, initials
and punctuation. ``translit_key`` additionally folds the romanisation differences that split one
person into many in multi-outlet corpora (Rahmon/Rachmon, Emomali/Emomalii, Muhiddin/Mukhiddin)."""
from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

from storyline.resources.names import TITLES

# Ordered: longer patterns first. Each pair folds two common romanisations of one sound.
_TRANSLIT_FOLDS: tuple[tuple[str, str], ...] = (
    ("dzh", "j"), ("zh", "j"), ("kh", "h"), ("ch", "h"), ("gh", "g"), ("ph", "f"), ("ck", "k"),
    ("iy", "i"), ("ii", "i"), ("yy", "i"), ("ye", "e"), ("yo", "o"), ("yu", "u"), ("ya", "a"),
    ("ou", "u"), ("oo", "u"), ("y", "i"), ("w", "v"), ("q", "k"), ("x", "ks"), ("j", "j"),
)
_DOUBLE = re.compile(r"(\w)\1+")
# Russified surname endings dropped by de-Russification (Rahmonov -> Rahmon).
RUSSIFIED_SUFFIX = re.compile(r"(?:ov|ev|ova|eva|ovich|evich)$")


@lru_cache(maxsize=1 << 18)  # pure, and called for the same names over and over
def name_key(name: str) -> str:
    """'Mr. Vladimir V. Putin' -> 'vladimir putin'; 'the ISIS-K' -> 'isis k'."""
    text = anyascii(name).lower()
    text = re.sub(r"['’]s\b", "", text)
    text = re.sub(r"[^\w\s]", " ", text)
    words = text.split()
    if words and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and words[0] in TITLES:
        words = words[1:]
    if len(words) > 2:  # middle initials: 'vladimir v putin'
        words = [words[0]] + [w for w in words[1:-1] if len(w) > 1] + [words[-1]]
    return " ".join(words)


@lru_cache(maxsize=1 << 18)
def translit_key(name: str) -> str:
    """A looser key: romanisation variants of the same name compare equal."""
    out = []
    for word in name_key(name).split():
        for a, b in _TRANSLIT_FOLDS:
            word = word.replace(a, b)
        out.append(_DOUBLE.sub(r"\1", word))
    return " ".join(out)


def singular_key(key: str) -> str:
    """'tajiks' -> 'tajik', for group names (NORP) written in singular and plural."""
    return key[:-1] if key.endswith("s") and len(key) > 3 else key


def acronym_of(name: str) -> str:
    """Initials of the capitalised words: 'Islamic State Khorasan Province' -> 'ISKP'."""
    return "".join(w[0] for w in re.split(r"[\s\-]+", anyascii(name)) if w and w[0].isupper())


@lru_cache(maxsize=1 << 18)
def skeleton(name: str) -> str:
    """Consonant skeleton used as a blocking key for spelling variants: vowels and the letters
    romanisations disagree on most (y, j, h, w) dropped, doubles collapsed."""
    text = re.sub(r"[aeiouyjhw\s]", "", translit_key(name))
    return _DOUBLE.sub(r"\1", text)
