"""Analyze stage: reading numbers written in digits and in words.

Shared by the quantity and date extractors. Works on spaCy tokens so that callers get token
indices (and therefore exact character offsets) back, never re-tokenised strings.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

UNIT_WORDS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS_WORDS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
# Multipliers, including the newsroom abbreviations ("$5m", "1.2bn", "3tn").
SCALE_WORDS: dict[str, float] = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "bln": 1e9, "b": 1e9, "k": 1e3, "tn": 1e12,
    "trn": 1e12, "trln": 1e12,
}
# Abbreviations that keep their meaning as a separate word ("80 bln rubles", "$940 mln"); the
# one-letter ones ("5 m", "2 k") stand for metres or other units when written apart.
SPACED_SCALE_ABBREVIATIONS: frozenset[str] = frozenset({"mn", "mln", "bn", "bln", "tn", "trn", "trln"})
# Words of size after which a glued "m" is metres ("5m high", "20m long").
SIZE_WORDS: frozenset[str] = frozenset({"high", "tall", "long", "deep", "wide", "away", "thick",
                                        "above", "below", "across", "underground"})
CURRENCY_SIGNS: frozenset[str] = frozenset({"$", "£", "€", "¥", "₹", "₽", "₺"})
# Currency names written before the figure ("Australian dollars 648m").
CURRENCY_WORDS: frozenset[str] = frozenset({"dollar", "euro", "pound", "yen", "yuan", "rouble",
                                           "ruble", "rupee", "franc", "peso", "lira", "real", "rand"})
# Scale words after which a smaller number completes the figure ("14 thousand 14" = 14,014).
COMPOUND_SCALES: frozenset[str] = frozenset({"thousand", "million", "billion", "trillion"})
# Plural magnitude words read as vague orders of magnitude ("thousands of", "dozens of").
VAGUE_WORDS: dict[str, float] = {
    "dozens": 12, "scores": 20, "tens": 10, "hundreds": 1e2, "thousands": 1e3,
    "millions": 1e6, "billions": 1e9, "trillions": 1e12,
}
# Words that make a following scale word vague: "several thousand", "a few hundred".
VAGUE_PREFIXES: frozenset[str] = frozenset({"several", "few", "many", "some"})

# The words read_number can start on; every other number phrase starts with a digit.
NUMBER_START_WORDS: frozenset[str] = (frozenset(UNIT_WORDS) | frozenset(TENS_WORDS) | frozenset(VAGUE_WORDS)
                                      | VAGUE_PREFIXES | {"a", "dozen"})

_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_DIGITS_SCALED = re.compile(r"^(\d+(?:\.\d+)?)(m|mn|mln|bn|bln|k|tn|trn|trln)$", re.IGNORECASE)
_METRIC_SUFFIX = re.compile(r"^\d+(?:\.\d+)?m$", re.IGNORECASE)
_PLAIN_INTEGER = re.compile(r"^\d{1,3}$")
_YEAR = re.compile(r"^(1[6-9]\d\d|20\d\d)$")


@dataclass(frozen=True)
class NumberPhrase:
    """A run of tokens [start, end) that spells one number."""

    start: int
    end: int
    value: float
    vague: bool = False  # "thousands", "several hundred": value is the order of magnitude
    words: bool = False  # spelled in words rather than digits


def digit_value(text: str) -> float | None:
    """Value of a digit token such as "1,350", "7.5", "5m" or "1.2bn"; None otherwise."""
    if _DIGITS.match(text):
        return float(text.replace(",", ""))
    scaled = _DIGITS_SCALED.match(text)
    if scaled:
        return float(scaled.group(1)) * SCALE_WORDS[scaled.group(2).lower()]
    return None


def token_value(token: Token) -> float | None:
    """Value of one token on its own: "2", "1.3", "two", "twenty"."""
    low = token.lower_
    if low in UNIT_WORDS:
        return float(UNIT_WORDS[low])
    if low in TENS_WORDS:
        return float(TENS_WORDS[low])
    return digit_value(token.text)


def looks_like_year(token: Token) -> bool:
    """Four digits between 1600 and 2099 written without a thousands separator."""
    return bool(_YEAR.match(token.text))


def _small_word(doc: Doc, i: int) -> tuple[float, int] | None:
    """A number word below 100 starting at token i: "seven", "twenty", "twenty-five"."""
    low = doc[i].lower_
    if low in UNIT_WORDS:
        return float(UNIT_WORDS[low]), i + 1
    if low in TENS_WORDS:
        value = float(TENS_WORDS[low])
        # spaCy splits "twenty-five" into three tokens
        if i + 2 < len(doc) and doc[i + 1].text == "-" and doc[i + 2].lower_ in UNIT_WORDS:
            return value + UNIT_WORDS[doc[i + 2].lower_], i + 3
        return value, i + 1
    return None


def _word_number(doc: Doc, i: int) -> tuple[float, int] | None:
    """A spelled-out number such as "two million" or "one hundred and twenty"."""
    first = _small_word(doc, i)
    if first is None:
        return None
    total, current, j = 0.0, first[0], first[1]
    while j < len(doc):
        low = doc[j].lower_
        if low in ("hundred", "thousand", "million", "billion", "trillion"):
            current *= SCALE_WORDS[low]
            if low != "hundred":
                total, current = total + current, 0.0
            j += 1
            continue
        nxt = _small_word(doc, j + 1) if low == "and" and j + 1 < len(doc) else None
        if nxt and doc[j - 1].lower_ in ("hundred", "thousand"):
            current += nxt[0]
            j = nxt[1]
            continue
        break
    return total + current, j


def _apply_scale(doc: Doc, value: float, j: int) -> tuple[float, int]:
    """Multiply by a following scale word: "1.3 million", "5 m" (after "$"), "two billion"."""
    if j < len(doc):
        low = doc[j].lower_
        if low in ("hundred", "thousand", "million", "billion", "trillion"):
            return value * SCALE_WORDS[low], j + 1
        glued = doc[j].idx == doc[j - 1].idx + len(doc[j - 1].text)
        if glued and low.endswith(".") and len(low) <= 4:
            low = low[:-1]  # "$2m." at the end of a sentence
        metric = low == "m" and _metres(doc, j - 1, j + 1)
        if low in SCALE_WORDS and (glued or low in SPACED_SCALE_ABBREVIATIONS) and not metric:
            return value * SCALE_WORDS[low], j + 1  # "5m" split by the tokenizer, "80 bln"
    return value, j


def _metres(doc: Doc, i: int, after: int) -> bool:
    """Whether a glued "m" after the number at token i means metres rather than millions: it
    does before a hyphen or a word of size ("3m-high", "5m deep"), and when no currency sign
    precedes and no counted plural follows ("the men's 1500m", but "2.5m people", "$5m")."""
    nxt = doc[after] if after < len(doc) else None
    if nxt is not None and (nxt.text == "-" or nxt.lower_ in SIZE_WORDS):
        return True
    prev = doc[i - 1] if i > 0 else None
    money = prev is not None and (prev.text[-1:] in CURRENCY_SIGNS or prev.lemma_.lower() in CURRENCY_WORDS)
    return not money and (nxt is None or nxt.tag_ not in ("NNS", "NNPS"))


def _compound_rest(doc: Doc, value: float, j: int) -> tuple[float, int]:
    """ "14 thousand 14", "2 million 300 thousand": a smaller figure right after a scale word
    completes the number, as in languages that write it that way."""
    if not (j < len(doc) and j > 0 and doc[j - 1].lower_ in COMPOUND_SCALES):
        return value, j
    scale = SCALE_WORDS[doc[j - 1].lower_]
    if not _PLAIN_INTEGER.match(doc[j].text) or doc[j - 1].whitespace_ == "":
        return value, j
    rest = _read_plain(doc, j)
    if rest is None or rest.vague or rest.value >= scale or value % scale:
        return value, j
    return value + rest.value, rest.end


_AND_A_HALF: tuple[tuple[str, ...], ...] = (("-", "and", "-", "a", "-", "half"), ("and", "a", "half"))


def _and_a_half(doc: Doc, value: float, j: int) -> tuple[float, int]:
    """ "one-and-a-half million", "two and a half years": add the half before any scale."""
    for words in _AND_A_HALF:
        if tuple(t.lower_ for t in doc[j:j + len(words)]) == words:
            return value + 0.5, j + len(words)
    return value, j


def read_number(doc: Doc, i: int) -> NumberPhrase | None:
    """The number phrase starting exactly at token i, or None."""
    phrase = _read_plain(doc, i)
    if phrase is None or phrase.vague:
        return phrase
    value, j = _and_a_half(doc, phrase.value, phrase.end)
    if j == phrase.end:
        return phrase
    value, j = _apply_scale(doc, value, j)
    return NumberPhrase(i, j, value, words=phrase.words)


def _read_plain(doc: Doc, i: int) -> NumberPhrase | None:
    tok = doc[i]
    low = tok.lower_
    value = digit_value(tok.text)
    if value is not None and _METRIC_SUFFIX.match(tok.text) and _metres(doc, i, i + 1):
        value = float(tok.text[:-1])  # "a 3m-high wall", "the 1500m": metres, not millions
    if value is not None:
        value, j = _apply_scale(doc, value, i + 1)
        value, j = _compound_rest(doc, value, j)
        return NumberPhrase(i, j, value)
    spelled = _word_number(doc, i)
    if spelled is not None:
        return NumberPhrase(i, spelled[1], spelled[0], words=True)
    if low in VAGUE_WORDS:
        return _vague_run(doc, i)
    if low in VAGUE_PREFIXES and i + 1 < len(doc) and doc[i + 1].lower_ in ("hundred", "thousand",
                                                                                 "million", "billion"):
        return NumberPhrase(i, i + 2, SCALE_WORDS[doc[i + 1].lower_], vague=True, words=True)
    if low in VAGUE_PREFIXES and low != "some" and i + 1 < len(doc) and doc[i + 1].lower_ == "dozen":
        return NumberPhrase(i, i + 2, 12.0, vague=True, words=True)  # "several dozen", "a few dozen"
    if low == "a" and i + 1 < len(doc):
        nxt = doc[i + 1].lower_
        if nxt in ("hundred", "thousand", "million", "billion", "dozen"):
            value = 12.0 if nxt == "dozen" else SCALE_WORDS[nxt]
            return NumberPhrase(i, i + 2, value, words=True)
    if low == "dozen":
        return NumberPhrase(i, i + 1, 12.0, words=True)
    return None


def _vague_run(doc: Doc, i: int) -> NumberPhrase:
    """ "thousands", "hundreds of thousands", "tens of millions": the largest named magnitude,
    times the leading one when they are chained with "of" (hundreds of thousands -> 100,000)."""
    value = VAGUE_WORDS[doc[i].lower_]
    j = i + 1
    while j + 1 < len(doc) and doc[j].lower_ == "of" and doc[j + 1].lower_ in VAGUE_WORDS:
        value *= VAGUE_WORDS[doc[j + 1].lower_]
        j += 2
    return NumberPhrase(i, j, value, vague=True, words=True)
