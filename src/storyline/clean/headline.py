"""Clean stage: which printed line is the page's headline, and a title when none is printed.

Two pieces of evidence besides the line's shape:

* the URL: most sites put the headline's words in the article's path ("/death-toll-rises-to-97/").
  A headline-shaped line that carries most of those words is the headline wherever it sits
  (scrapers often print it after the lead). A first line that shares nothing with a descriptive
  path and reads like a sentence (long, with articles) is a standfirst, part of the body.
* credits glued to the headline ("... Interior minister Photo: aa.com.tr", "... – By Jane Doe
  (Outlet) / Aug 23, 2023") are cut from the title, never kept as part of it.

When the text prints no headline, the title is the URL's words, cased as the body writes them,
else the lead sentence shortened: a reader sees what the article is about, never its id.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from urllib.parse import urlsplit

SLUG_MIN_WORDS = 3  # fewer words in a path segment say nothing about the headline
SLUG_MATCH_SHARE = 0.6  # share of the path's words a headline line must carry
SLUG_MATCH_MIN = 3
STANDFIRST_MIN_WORDS = 12  # a headline-shaped line this long, with articles, reads as a sentence
LEAD_TITLE_WORDS = 14
CASING_SAMPLE_CHARS = 20000  # the casing of the URL's words is read from the body's start
_WORD = re.compile(r"(?<![^\W_])[^\W_]+")
_SENTENCE_OPENERS = frozenset(".!?\"“”‘’':\n")  # after these every word is capitalised
_ARTICLES = frozenset({"the", "a", "an"})
_PAGE_SUFFIX = re.compile(r"\.(?:s?html?|php\d?|aspx?|jsp|cms)$", re.I)
# Path words that are ids, not headline words: long numbers, letter-digit hashes ("p5ed3n").
_ID_WORD = re.compile(r"^\d{7,}$|^(?=.*\d)(?=.*[a-z])(?!\d+(?:st|nd|rd|th|s|m|bn|k)$)[a-z\d]+$")
_TITLE_CREDIT = re.compile(
    r"\s+(?:(?:photo|image|picture|credit|pc)s?\s*:\s*\S.*"  # "... Photo: agency.example"
    r"|[–—|-]\s+by\s+\S.*"  # "... – By Jane Doe (Outlet) / Aug 23, 2023"
    r"|\|\s*[^|]{1,40})$", re.I)  # "... | Outlet"


def fold(text: str) -> str:
    """Lower case without accents: the form URL paths are written in."""
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def line_words(text: str) -> list[str]:
    """Comparison words of a line; digit groups joined ("36,517" -> "36517")."""
    text = re.sub(r"(?<=\d)[,.\u00a0 ](?=\d{3}\b)", "", fold(text))
    return re.findall(r"[^\W_]+", text)


def slug_words(url: str | None) -> list[str]:
    """The words of the most descriptive segment of ``url``'s path, or [] when none has
    SLUG_MIN_WORDS words ("/world/13881", "/node/376005" say nothing)."""
    if not url:
        return []
    try:
        path = urlsplit(url if "://" in url else "http://" + url).path
    except ValueError:
        return []
    best: list[str] = []
    for segment in path.split("/"):
        words = [w for w in re.split(r"[-_+.,]+", _PAGE_SUFFIX.sub("", fold(segment))) if w]
        words = [w for w in words if not _ID_WORD.match(w)]
        if len(words) > len(best):
            best = words
    return best if len(best) >= SLUG_MIN_WORDS else []


def slug_overlap(text: str, slug: Sequence[str]) -> int:
    """How many distinct words of ``slug`` the line carries."""
    return len(set(slug) & set(line_words(text)))


def matches_slug(text: str, slug: Sequence[str]) -> bool:
    shared = slug_overlap(text, slug)
    return bool(slug) and shared >= min(SLUG_MATCH_MIN, len(set(slug))) and shared >= SLUG_MATCH_SHARE * len(set(slug))


def reads_like_standfirst(text: str) -> bool:
    """Long and written with articles: a summary sentence, not headlinese."""
    words = fold(text).split()
    return len(words) >= STANDFIRST_MIN_WORDS and any(w in _ARTICLES for w in words)


def clean_title(text: str) -> str:
    """The headline without a credit or outlet glued to its end."""
    stripped = _TITLE_CREDIT.sub("", text).strip(" –—|-")
    return stripped if len(stripped.split()) >= 2 else text


def _casings(body: str) -> dict[str, Counter[str]]:
    """How the body writes each word, not counting sentence starts (where every word is capital)."""
    casings: dict[str, Counter[str]] = {}
    text = body[:CASING_SAMPLE_CHARS]
    for m in _WORD.finditer(text):
        before = m.start() - 1
        while before >= 0 and text[before] in " \t":
            before -= 1
        if before >= 0 and text[before] not in _SENTENCE_OPENERS:
            casings.setdefault(fold(m.group()), Counter())[m.group()] += 1
    return casings


def _slug_phrase(slug: Sequence[str]) -> list[str]:
    """Path words back into written words: "3", "300" -> "3,300"; "russia", "s" -> "russia's"."""
    words: list[str] = []
    for w in slug:
        if words and w == "s":
            words[-1] += "'s"
        elif words and w.isdigit() and len(w) == 3 and words[-1].replace(",", "").isdigit():
            words[-1] += "," + w
        else:
            words.append(w)
    return words


def title_from_slug(slug: Sequence[str], body: str) -> str | None:
    """The URL's words as a title, each cased as the body writes it most often."""
    if len(slug) < SLUG_MIN_WORDS:
        return None
    casings = _casings(body)
    words = []
    for w in _slug_phrase(slug):
        stem, tail = (w[:-2], w[-2:]) if w.endswith("'s") else (w, "")
        words.append((casings[stem].most_common(1)[0][0] if stem in casings else stem) + tail)
    first = words[0]
    return " ".join([first[:1].upper() + first[1:], *words[1:]])


# A dateline before the lead ("MOSCOW, June 27. /Agency/.", "PORT SELDEN, Valdria (AP) —", "OSLO -").
_DATELINE = re.compile(r"^[A-Z][A-Z.'\- ]{2,}(?:,[^.:—–(]{0,30})?(?:\s*\([^)]{1,30}\))?\s*[.:—–-]+\s*"
                       r"(?:/[^/]{1,20}/\.?\s*)?")


def title_from_lead(body: str) -> str | None:
    """The lead's first sentence without its dateline, shortened to LEAD_TITLE_WORDS words."""
    lead = _DATELINE.sub("", body.strip().split("\n", 1)[0])
    first = re.split(r"(?<=[a-z]{2}[.!?])\s+", lead, maxsplit=1)[0]
    words = first.split()
    if not words:
        return None
    return " ".join(words) if len(words) <= LEAD_TITLE_WORDS else " ".join(words[:LEAD_TITLE_WORDS]) + " …"


def fallback_title(url: str | None, body: str) -> str | None:
    return title_from_slug(slug_words(url), body) or title_from_lead(body)
