"""Clean stage: language identification with py3langid (its model ships in the package).

Most news is English prose, and English prose is recognised by a cheap count before the
identifier's byte-level model (a pure-Python walk over every byte, and a model load) runs:
a sample in which "the" alone is at least 3% of the words and the commonest English function
words together at least 18% is English in any corpus. No other language written in Latin
script has "the" as a word, and text mixing in another language enough to sway the
identifier falls below the second bar. Everything else goes to the identifier as before."""
from __future__ import annotations

import re
from itertools import islice

import py3langid

MIN_LETTERS = 20  # below this the identifier guesses; better to say nothing
SAMPLE_CHARS = 5000  # the first few paragraphs decide; keeps long documents cheap

ENGLISH_MIN_WORDS = 50  # shorter samples go to the identifier
ENGLISH_THE_SHARE = 0.03  # "the" is about 6% of the words of English prose
ENGLISH_COMMON_SHARE = 0.18  # these words are about a quarter of English prose
ENGLISH_MAX_NON_ASCII = 0.02  # share of words with a letter outside ASCII
ENGLISH_FUNCTION_WORDS: frozenset[str] = frozenset(
    "the of and to that with for said which this from have has were been would their they "
    "is was it on by at are".split())
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
    return sum(1 for w in lower if w in ENGLISH_FUNCTION_WORDS) >= ENGLISH_COMMON_SHARE * total


def _has_letters(text: str, count: int) -> bool:
    """At least ``count`` letters; stops counting there (the sample may run to 5000 characters)."""
    letters = (ch for ch in text if ch.isalpha())
    return sum(1 for _ in islice(letters, count)) >= count
