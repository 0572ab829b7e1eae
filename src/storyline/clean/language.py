"""Clean stage: language identification with py3langid (its model ships in the package).

Most news is English prose, and English prose is recognised by a cheap count before the
identifier's byte-level model (a pure-Python walk over every byte, and a model load of half a
second) runs: a sample in which "the" is at least 1.2% of the words, the commonest English
function words together at least 16%, and the commonest function words of other languages
written in Latin script (that are no English words) at most 2%, is English. No other such
language has "the" as a word, and a text that mixes in another language enough to sway the
identifier carries that language's own function words. Everything else goes to the identifier.
"""
from __future__ import annotations

import re
from itertools import islice

import py3langid

MIN_LETTERS = 20  # below this the identifier guesses; better to say nothing
SAMPLE_CHARS = 5000  # the first few paragraphs decide; keeps long documents cheap

ENGLISH_MIN_WORDS = 40  # shorter samples go to the identifier
ENGLISH_THE_SHARE = 0.012  # "the" is about 6% of the words of English prose, 1-3% of a list of names
ENGLISH_COMMON_SHARE = 0.16  # these words are about a third of English prose
OTHER_MAX_SHARE = 0.02  # a name or two ("Dan", "Di", "Du") among them is fine
ENGLISH_MAX_NON_ASCII = 0.02  # share of words with a letter outside ASCII
ENGLISH_FUNCTION_WORDS: frozenset[str] = frozenset(
    "the of and to a in is was that for it with as on be by at this are from have has had were been would "
    "will their they his her he she who which said not but an or after its new more than over into about "
    "also".split())
# The commonest function words of other languages written in Latin script, leaving out those that
# are English words too ("die", "on", "per", "care", "met", "non"): German, French, Spanish,
# Italian, Dutch, Indonesian and Malay, Polish, Portuguese, Swedish, Danish and Norwegian,
# Hungarian, Turkish, Tagalog, Czech, Romanian.
OTHER_FUNCTION_WORDS: frozenset[str] = frozenset(
    "der und ist nicht das ein eine sich auf für den dem zu auch im "
    "les des est une pour dans avec pas sont du au aux ne "
    "los las por una del que para como es su se lo "
    "che della gli sono il di "
    "het een niet zijn voor ook "
    "yang dan dengan untuk tidak dari pada ini itu "
    "nie się jest że "
    "não uma "
    "och att det som inte är av "
    "og ikke er til "
    "az és hogy nem egy "
    "bir bu için ile "
    "ang ng mga sa "
    "je že jsou "
    "și în pentru".split())
_WORD = re.compile(r"[^\W\d_]+")


def detect_language(body: str) -> str | None:
    """ISO 639-1 code of ``body``'s language, or None for too little text."""
    sample = body[:SAMPLE_CHARS]
    if not _has_letters(sample, MIN_LETTERS):
        return None
    if clearly_english(sample):
        return "en"
    code, _score = py3langid.classify(sample)
    return str(code)


def clearly_english(sample: str) -> bool:
    """English prose by its commonest words (see the module docstring); False means "ask the
    identifier", never "not English"."""
    words = _WORD.findall(sample)
    total = len(words)
    if total < ENGLISH_MIN_WORDS:
        return False
    if sum(1 for w in words if not w.isascii()) > ENGLISH_MAX_NON_ASCII * total:
        return False
    lower = [w.lower() for w in words]
    if lower.count("the") < ENGLISH_THE_SHARE * total:
        return False
    if sum(1 for w in lower if w in OTHER_FUNCTION_WORDS) > OTHER_MAX_SHARE * total:
        return False
    return sum(1 for w in lower if w in ENGLISH_FUNCTION_WORDS) >= ENGLISH_COMMON_SHARE * total


def _has_letters(text: str, count: int) -> bool:
    """At least ``count`` letters; stops counting there (the sample may run to 5000 characters)."""
    letters = (ch for ch in text if ch.isalpha())
    return sum(1 for _ in islice(letters, count)) >= count
