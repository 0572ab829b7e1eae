"""Resolve stage: name keys that make spelling variants of one name compare equal.

``name_key`` folds case, diacritics, scripts (Cyrillic -> Latin via anyascii), titles, initials
and punctuation. ``translit_key`` additionally folds what differs between romanisations of one
name in multi-outlet corpora: the sounds romanised two ways (Hamron/Chamron, Sobirali/Sobiralii,
Yevgeny/Evgeny), the Arabic article and other name particles (al-Rashidi/Rashidi, Al Noor/Noor),
and dotted initialisms (U.S./US)."""
from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

from storyline.resources.names import FAC_HEADS, GENERIC_QUALIFIERS, NAME_PARTICLES, ORG_HEADS, PLACE_HEADS, TITLES

# Ordered: longer patterns first. Each pair folds two common romanisations of one sound.
_CONSONANT_FOLDS: tuple[tuple[str, str], ...] = (
    ("dzh", "j"), ("zh", "j"), ("kh", "h"), ("ch", "h"), ("gh", "g"), ("ph", "f"), ("ck", "k"),
    ("w", "v"), ("q", "k"), ("x", "ks"),
)
_VOWEL_FOLDS: tuple[tuple[str, str], ...] = (
    ("iy", "i"), ("ii", "i"), ("yy", "i"), ("ye", "e"), ("yo", "o"), ("yu", "u"), ("ya", "a"),
    ("ou", "u"), ("oo", "u"), ("y", "i"),
)
# Consonant folds only apply to words this long: in a short word one letter is much of the
# evidence, so Khan/Han, Chan/Han or Wang/Vang stay different names.
FOLD_MIN = 5
_DOUBLE = re.compile(r"(\w)\1+")
# Russified surname endings dropped by de-Russification (Hamronov -> Hamron).
RUSSIFIED_SUFFIX = re.compile(r"(?:ov|ev|ova|eva|ovich|evich)$")
# 'al-Rashidi', 'ad-Din', 'el-Masri': an article glued by a hyphen to the word it precedes.
_HYPHEN_PARTICLE = re.compile(r"\b(?:" + "|".join(sorted(NAME_PARTICLES, key=len, reverse=True)) + r")-(?=\w)",
                              re.IGNORECASE)


@lru_cache(maxsize=1 << 18)  # pure, and called for the same names over and over
def name_key(name: str) -> str:
    """'Mr. Vladimir V. Putin' -> 'vladimir putin'; 'the NLF-S' -> 'nlf s'."""
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


def drop_particles(name: str) -> str:
    """'Karim al-Rashidi' -> 'Karim Rashidi', 'Al Noor Central Hospital' -> 'Noor Central Hospital',
    'Ursula von der Leyen' -> 'Ursula Leyen'. A particle goes when it is glued by a hyphen, written
    in lower case, or is a capitalised article opening a name of three or more words; a two-word
    'Al Gore' keeps its first name. The last word always stays."""
    text = _HYPHEN_PARTICLE.sub("", name)
    words = text.split()
    out = []
    for i, w in enumerate(words):
        low = w.lower()
        last = i == len(words) - 1
        opening_article = i == 0 and len(words) >= 3 and low in ("al", "el")
        if not last and low in NAME_PARTICLES and (w.islower() or opening_article):
            continue
        out.append(w)
    return " ".join(out) or name


def _fold_word(word: str) -> str:
    folds = (_CONSONANT_FOLDS + _VOWEL_FOLDS) if len(word) >= FOLD_MIN else _VOWEL_FOLDS
    for a, b in folds:
        word = word.replace(a, b)
    return _DOUBLE.sub(r"\1", word)


@lru_cache(maxsize=1 << 18)
def translit_key(name: str) -> str:
    """A looser key: romanisation variants of the same name compare equal."""
    words = name_key(drop_particles(name)).split()
    if len(words) > 1 and all(len(w) == 1 for w in words):
        return "".join(words)  # an initialism written with dots: 'u s' -> 'us'
    return " ".join(_fold_word(w) for w in words)


def singular_key(key: str) -> str:
    """'tajiks' -> 'tajik', 'turkish' -> 'turk': one key for a group name (NORP) written as a
    plural, a singular or an -ish adjective."""
    if key.endswith("ish") and len(key) > 6:
        return key[:-3]
    return key[:-1] if key.endswith("s") and len(key) > 3 else key


# Endings of country and region names that no demonym has ("-stan" is "land of").
PLACE_ENDINGS = ("stan", "land", "ia")


def is_place_name(name: str) -> bool:
    """'Kazakhstan', 'Finland', 'Norway': a name the model typed as a group that reads as a place."""
    words = name_key(name).split()
    return len(words) == 1 and words[0].endswith(PLACE_ENDINGS)


def acronym_of(name: str) -> str:
    """Initials of the capitalised words: 'Islamic State Sahel Province' -> 'ISSP'."""
    return "".join(w[0] for w in re.split(r"[\s\-]+", anyascii(name)) if w and w[0].isupper())


def is_acronym(name: str) -> bool:
    """'NFSA', 'U.S.', 'NLF-S' read as initials (two capitals or more)."""
    bare = name.replace(".", "").replace("-", "")
    return len(bare) >= 2 and bare.isalpha() and bare.isupper()


def acronym_key(name: str) -> str:
    """'U.S.' -> 'US', 'NLF-S' -> 'NLFS'."""
    return re.sub(r"[.\-\s]", "", anyascii(name)).upper()


@lru_cache(maxsize=1 << 18)
def skeleton(name: str) -> str:
    """Consonant skeleton used as a blocking key for spelling variants: vowels and the letters
    romanisations disagree on most (y, j, h, w) dropped, doubles collapsed."""
    text = re.sub(r"[aeiouyjhw\s]", "", translit_key(name))
    return _DOUBLE.sub(r"\1", text)


@lru_cache(maxsize=1 << 18)
def word_skeletons(name: str, size: int = 3) -> str:
    """Blocking key for spelling variants, word by word: the first ``size`` consonants of each
    word's skeleton ('Yevgeny Kostrosvin' and 'Evgeny Kostrovin' -> 'vgn kst'). Letters inserted
    or changed late in a word (the most common romanisation and typing differences) keep it."""
    out = []
    for w in translit_key(name).split():
        sk = _DOUBLE.sub(r"\1", re.sub(r"[aeiouyjhw]", "", RUSSIFIED_SUFFIX.sub("", w) or w))
        out.append(sk[:size] or w[:2])
    return " ".join(out)


_LINKS = frozenset("of the and for de".split())


@lru_cache(maxsize=1 << 18)
def _ordered_words(name: str) -> tuple[str, ...]:
    words = name_key(drop_particles(name)).split()
    if "of" in words[1:-1]:
        i = words.index("of")
        if _head_family(words[i - 1]):
            words = words[:i - 1] + words[i + 1:] + [words[i - 1]]
    words = [w for w in words if w not in _LINKS]
    if len(words) > 2 and words[-1] in FAC_HEADS and words[0] in GENERIC_QUALIFIERS:
        words = words[1:]  # 'national harbour hospital' -> 'harbour hospital'
    return tuple(words)


def ordered_words(name: str) -> tuple[str, ...]:
    """The words of a name in head-last order, unfolded (see ``match_words``)."""
    return _ordered_words(name)


def match_words(name: str) -> tuple[str, ...]:
    """The folded words of a name in head-last order, for comparing short and long forms:
    particles and linking words dropped, "Ministry of Health" read as "Health Ministry" (the head
    noun of an "X of Y" name is its first word), a facility's grading word set aside ("National
    Harbour Hospital" read as "Harbour Hospital", see GENERIC_QUALIFIERS)."""
    return tuple(_fold_word(w) for w in _ordered_words(name))


def _head_family(word: str) -> str | None:
    if word in FAC_HEADS:
        return "FAC"
    if word in ORG_HEADS:
        return "ORG"
    if word in PLACE_HEADS:
        return "PLACE"
    return None


@lru_cache(maxsize=1 << 18)
def head_kind(name: str) -> str | None:
    """What kind of actor the head noun of a name of two words or more says it is: 'FAC'
    ("... Hospital", "... Hall"), 'ORG' ("... Group", "Ministry of ..."), 'PLACE' ("... Province",
    "... Strip"), else None."""
    words = _ordered_words(name)
    return _head_family(words[-1]) if len(words) > 1 else None
