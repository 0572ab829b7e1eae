"""Resolve stage: country names from a territory table (rigour's territories data).

What one country is called differs between outlets in ways no spelling rule sees: an English name
and the country's own or new official name ("Czech Republic" / "Czechia"), a short and a long name, a
name and its initials ("US" / "United States"). rigour (the OpenSanctions name library) ships a
table of territories with, for each, its *strong* names (names and official names in English and
in the country's languages, unambiguous), its *weak* names (adjectives such as "Czech", names in
other languages, misspellings), and a few *places* that stand for it ("Taipei" for Taiwan). This
module reads that table; it is general world knowledge, never a list made from any corpus.

Why rigour: of the field libraries installed, pycountry (ISO 3166) and babel (CLDR) both name
a country by its official name only (pycountry's lookup misses a country's common English name
when the official one changed), and neither knows an adjective ("Kenyan") or a place standing for
a territory ("Taipei"); rigour knows all three.
pycountry's ISO 3166-2 subdivisions (optional) give the official spelling of a
province written without its diacritics (``official_spelling``): a display name, never a merge.

Three readings, from strict to loose:
- ``country_of_name``: strong names only, for joining two place names as one country.
- ``country_of_initials``: a country's code written as initials ("US", "U.S.", "UK").
- ``territory_of_qualifier``: strong, weak and place names, for the word that says whose an
  institution is ("Kenyan" / "Kenya" in "... Ministry of Health").
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

# Endings of demonyms and adjectives that no English country name has ("Russian", "Spanish",
# "Japanese", "Korean"): a form ending so names a people, not the country, even where the table
# lists it among the country's names.
_ADJECTIVE_ENDING = re.compile(r"(?:ian|ean|ish|ese|ians|eans)$")


def _norm(text: str) -> str:
    """Case, diacritics, punctuation and spacing folded: 'U.S.' -> 'us', 'Côte d’Ivoire' -> 'cote divoire'."""
    text = unicodedata.normalize("NFKC", text)
    text = anyascii(text).lower()
    text = re.sub(r"['’]s\b", "", text)
    text = re.sub(r"[^\w\s]", "", text.replace("-", " "))
    text = re.sub(r"^the\s+", "", re.sub(r"\s+", " ", text).strip())
    return text


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str], dict[str, str], frozenset[str]]:
    """(strong name -> code, any name -> code, code -> English name, codes of countries),
    countries and territories alike. A name the table gives two territories is dropped from that reading (ambiguous)."""
    try:
        # rigour exposes the strong/weak/place names only through this loader (pinned: rigour>=2,<3)
        from rigour.territories.lookup import _load_territory_names
    except ImportError:  # pragma: no cover - rigour is a dependency; keep resolution running without it
        return {}, {}, {}, frozenset()
    strong: dict[str, set[str]] = {}
    loose: dict[str, set[str]] = {}
    english: dict[str, str] = {}
    countries: set[str] = set()
    for territory, strongs, weaks, places in _load_territory_names():
        code = territory.code
        english[code] = territory.name
        if territory.is_country:
            countries.add(code)
        for name in strongs:
            strong.setdefault(_norm(name), set()).add(code)
        for name in [*strongs, *weaks, *places]:
            if name[:1].isupper():  # the table's lower-case entries are mostly stray tokens
                loose.setdefault(_norm(name), set()).add(code)
    strong_one = _unambiguous(strong)
    loose_one = _unambiguous(loose)
    loose_one.update(strong_one)  # a strong name wins over a weak one elsewhere
    return strong_one, loose_one, english, frozenset(countries)


def _unambiguous(table: dict[str, set[str]]) -> dict[str, str]:
    return {k: next(iter(v)) for k, v in table.items() if k and len(v) == 1}


@lru_cache(maxsize=1 << 16)
def country_of_name(name: str) -> str | None:
    """The territory code of a place name the table knows as one of a country's strong names:
    'Czech Republic' and 'Czechia' -> 'cz', 'Russian Federation' -> 'ru'. None for initials, for
    adjectives ('Russian'), for weak names and for cities ('Prague')."""
    if is_initials(name) or _ADJECTIVE_ENDING.search(_norm(name)):
        return None
    return _tables()[0].get(_norm(name))


def is_initials(name: str) -> bool:
    bare = name.replace(".", "").replace(" ", "")
    return 2 <= len(bare) <= 3 and bare.isalpha() and bare.isupper()


@lru_cache(maxsize=1 << 16)
def country_of_initials(name: str) -> str | None:
    """'US', 'U.S.', 'UK' -> the code of the country whose strong names include those initials
    ('us', 'gb'); None for other names. A bare ISO code is not enough ('IS' is Iceland's code and
    an armed group's initials), nor a region's or a union's initials."""
    if not is_initials(name):
        return None
    code = _tables()[0].get(_norm(name))
    return code if code in _tables()[3] else None


def english_name(code: str) -> str | None:
    """'us' -> 'United States', 'cz' -> 'Czechia': the table's name of a territory."""
    return _tables()[2].get(code)


@lru_cache(maxsize=1 << 16)
def territory_of_qualifier(words: tuple[str, ...]) -> tuple[str, int, int] | None:
    """The one territory named by a word or two of ``words`` (folded words of an institution's
    name, head last): ('kenyan', 'health', 'ministry') -> ('ke', 0, 1); ('taipei', 'health',
    'ministry') -> ('tw', 0, 1), Taipei being a place the table gives Taiwan. Returns (code,
    start, end) of the qualifier, None when no word or several different territories are named.
    The head (last word) is never a qualifier; initials are not read here (see country_of_initials)."""
    loose = _tables()[1]
    found: list[tuple[str, int, int]] = []
    body = words[:-1]
    i = 0
    while i < len(body):
        for size in (3, 2, 1):
            chunk = " ".join(body[i:i + size])
            if len(body[i:i + size]) == size and len(chunk) > 3 and chunk in loose:
                found.append((loose[chunk], i, i + size))
                i += size
                break
        else:
            i += 1
    if len({code for code, _, _ in found}) != 1 or len(found) != 1:
        return None
    return found[0]


@lru_cache(maxsize=1)
def _subdivisions() -> dict[str, set[tuple[str, str]]]:
    """ASCII-folded name -> {(official name, country code)} of every ISO 3166-2 subdivision
    (pycountry) whose official name has letters beyond ASCII ('malaga' -> ('Málaga', 'es'))."""
    try:
        import pycountry
    except ImportError:  # optional: without it names keep the spelling the texts use
        return {}
    out: dict[str, set[tuple[str, str]]] = {}
    for sub in pycountry.subdivisions:
        name = re.sub(r"\s+(?:Province|Region|District|Governorate|Oblast|County|State)$", "", sub.name)
        if name[1:].isascii() or " " in name:
            continue  # 'İstanbul': only a dotted capital differs from the English spelling
        out.setdefault(anyascii(name).lower(), set()).add((name, sub.country_code.lower()))
    return out


def official_spelling(forms) -> tuple[str, str] | None:
    """(official spelling, country code) of a place that the texts wrote without its diacritics
    ('Malaga' -> 'Málaga'): one of ``forms`` (ASCII, one word, not
    a country's name) is the ASCII fold of exactly one ISO 3166-2 subdivision name in the world.
    None when no form qualifies, when two subdivisions or two spellings compete ('Cordoba' is a
    province of two countries), or when a form already carries the diacritics. Only the display
    name changes: nothing is merged on it. Decided per actor, from its own forms, so a build
    and an incremental update give the same name."""
    found: set[tuple[str, str]] = set()
    for form in forms:
        if not form.isascii():
            return None  # the texts already spell it with its own letters
        if " " in form.strip() or len(form) < 4 or form.isupper() or country_of_name(form):
            continue
        hits = _subdivisions().get(form.lower(), set())
        if len(hits) == 1:
            found.add(next(iter(hits)))
    return found.pop() if len(found) == 1 else None
