"""Resolve stage: the words story grouping compares, and how much each weighs.

Content words are the lower-case words of a body (names are compared as entities). A word's or
a name's weight outside the corpus is its background idf: how rarely news-length documents in
general English contain it (wordfreq), so that a small corpus about one event still tells its
own words and places ("wildfire", "Dunmore") from "said" and "United States"."""
from __future__ import annotations

import functools
import math
import re
from collections import Counter

from spacy.lang.en.stop_words import STOP_WORDS
from wordfreq import zipf_frequency

DOC_WORDS = 500  # words in a typical news article, for a word's background idf
ZIPF_FLOOR = 2.5  # a word rarer than this in general English weighs as one this rare

# a word written in lower case: names and headline capitals are the entities' business
_LOWER_WORD = re.compile(r"(?<![\w'’-])[^\W\d_A-Z]{3,}(?:['’]s)?(?![\w-])")
_NAME_WORD = re.compile(r"[^\W\d_]+")


def content_words(text: str) -> Counter:
    """The content words of a text as story grouping compares them: words written in lower
    case (proper names are compared as entities), stop words dropped, a plural or possessive
    folded to its singular ("wildfires" -> "wildfire")."""
    out: Counter = Counter()
    for m in _LOWER_WORD.finditer(text):
        word = m.group(0)
        if not word.islower():
            continue
        word = fold_plural(re.sub(r"['’]s$", "", word))
        if word not in STOP_WORDS and len(word) > 2:
            out[word] += 1
    return out


def fold_plural(word: str) -> str:
    """A regular English plural to its singular; other words as they are."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@functools.cache
def background_idf(word: str) -> float:
    """How rare a word is in general English, as the idf it would have over news-length
    documents: -ln P(a document of DOC_WORDS words contains it), from its frequency (wordfreq's
    Zipf scale, floored at ZIPF_FLOOR so that a typo or a glued word is not the rarest of all).
    "said" and "people" weigh about 1, "hospital" 3, "earthquake" 5, "wildfire" 6."""
    zipf = max(ZIPF_FLOOR, zipf_frequency(word, "en"))
    expected = DOC_WORDS * 10 ** (zipf - 9)
    return -math.log(-math.expm1(-expected))


def name_idf(name: str) -> float:
    """How rare a name is in general English: the background idf of its rarest word ("Dunmore"
    weighs more than "United States"), so that a story's own places and people count for more
    than the countries every story of the region names, however small the corpus."""
    words = [w for w in _NAME_WORD.findall(name.lower()) if w not in STOP_WORDS]
    return max((background_idf(w) for w in words), default=1.0)
