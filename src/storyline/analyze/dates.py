"""Analyze stage: dates — absolute, partial and relative time expressions (CONVENTIONS §5).

Patterns run over ``doc.text`` so offsets are exact; tokens are consulted to tell a year from a
count ("in 2000" vs "2000 troops") and a past from a future weekday. Relative expressions are
resolved against the publication date (``doc._.storyline_published``) and left ``None`` when
it is unknown or the expression has no calendar form (weeks): never guessed.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc

from storyline.analyze.numbers import UNIT_WORDS
from storyline.analyze.quantities import is_year_mention
from storyline.model import DateMention
from storyline.analyze.doctext import text_of

Doc.set_extension("storyline_published", default=None, force=True)
Doc.set_extension("storyline_dates", default=None, force=True)

MONTH_NUMBERS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS: dict[str, int] = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3,
                            "friday": 4, "saturday": 5, "sunday": 6}
# Prepositions kept inside a date's span, as the gold does ("in 2015", "since 1994").
PREPOSITIONS = r"(?:in|on|since|from|around|by|until|till|before|after|during|through|as of|circa)"
# Words that place a point inside a period ("early 2015", "the end of March").
POSITIONS = r"(?:early|late|mid|the (?:end|start|beginning|middle|spring|summer|autumn|fall|winter) of)"
# Cues that a bare weekday lies ahead of the publication date ("will meet on Friday").
FUTURE_CUES: frozenset[str] = frozenset({"will", "'ll", "shall", "next", "upcoming", "coming", "must",
                                        "due", "scheduled", "expected", "deadline"})
PAST_WORDS = r"(?:last|past|previous)"
PAST_AUXILIARIES: frozenset[str] = frozenset({"was", "were", "had", "has", "have"})
SEASON_END_MONTH: dict[str, int] = {"spring": 5, "summer": 8, "autumn": 11, "fall": 11}
UNIT_DAYS: dict[str, int] = {"day": 1, "week": 7}

_MONTH = (r"(?P<month>January|February|March|April|May|June|July|August|September|October|"
          r"November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)")
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[6-9]\d\d|20\d\d)"
_PRE = rf"(?:(?i:{PREPOSITIONS})\s+)?(?:(?i:{POSITIONS})[\s-]+)?"
_NUMBER = r"(?P<n>\d+|a|an|" + "|".join(UNIT_WORDS) + r")"
_B = r"(?<![\w$£€.,-])"  # not inside a longer number, word or amount
_E = r"(?![\w%]|[.,]\d)"

Resolver = Callable[[re.Match[str], "date | None", Doc], "str | None"]


def _d(y: int, m: int | None = None, d: int | None = None) -> str:
    return f"{y:04d}" if m is None else (f"{y:04d}-{m:02d}" if d is None else f"{y:04d}-{m:02d}-{d:02d}")


def _month(m: re.Match[str]) -> int:
    return MONTH_NUMBERS[m.group("month").lower().rstrip(".")]


def _safe_day(y: int, month: int, day: int) -> str | None:
    try:
        return date(y, month, day).isoformat()
    except ValueError:
        return None


def _nearest_year(pub: date, month: int, day: int = 15) -> int:
    """The year that puts month/day closest to the publication date (a December date in a
    January article is last year's)."""
    def distance(y: int) -> int:
        return abs((date(y, month, min(day, 28)) - pub).days)
    return min((pub.year - 1, pub.year, pub.year + 1), key=distance)


def _add_months(d: date, n: int) -> tuple[int, int]:
    k = d.year * 12 + d.month - 1 + n
    return k // 12, k % 12 + 1


def _full(m: re.Match[str], pub: date | None, doc: Doc) -> str | None:
    return _safe_day(int(m.group("year")), _month(m), int(m.group("day")))


def _iso(m: re.Match[str], pub: date | None, doc: Doc) -> str | None:
    return _safe_day(int(m.group("year")), int(m.group("mm")), int(m.group("dd")))


def _day_month(m: re.Match[str], pub: date | None, doc: Doc) -> str | None:
    if pub is None:
        return None
    month, day = _month(m), int(m.group("day"))
    return _safe_day(_nearest_year(pub, month, day), month, day)


def _month_year(m: re.Match[str], pub: date | None, doc: Doc) -> str | None:
    return _d(int(m.group("year")), _month(m))


def _day_span(m: re.Match[str], pub: date | None, doc: Doc) -> str | None:
    """ "6 to 9 January", "March 6-9, 2005": the month is the finest form the contract allows."""
    if m.group("year"):
        return _d(int(m.group("year")), _month(m))
    return None if pub is None else _d(_nearest_year(pub, _month(m)), _month(m))


def _month_alone(m: re.Match[str], pub: date | None, doc: Doc) -> str | None:
    if pub is None:
        return None
    month, rel = _month(m), (m.group("rel") or "").lower()
    if rel == "last":
        return _d(pub.year if month < pub.month else pub.year - 1, month)
    if rel == "next":
        return _d(pub.year if month > pub.month else pub.year + 1, month)
    if rel == "this":
        return _d(pub.year, month)
    return _d(_nearest_year(pub, month), month)


def _month_span(m: re.Match[str], pub: date | None, doc: Doc) -> str | None:
    """ "May 2022 to May 2023", "from March to June 2024": a month interval, YYYY-MM/YYYY-MM."""
    second_year, second = int(m.group("year")), MONTH_NUMBERS[m.group("month2").lower().rstrip(".")]
    first = _month(m)
    first_year = int(m.group("year1")) if m.group("year1") else second_year - (first > second)
    if (first_year, first) >= (second_year, second):
        return None
    return f"{_d(first_year, first)}/{_d(second_year, second)}"


def _same_month_year_before(m: re.Match[str], pub: date | None, doc: Doc) -> str | None:
    """ "In December, prices rose 6.5% on the same month last year": the month last named in
    the sentence, a year before its own date."""
    if pub is None:
        return None
    sentence = doc.char_span(m.start(), m.end(), alignment_mode="expand")
    start = sentence.sent.start_char if sentence is not None and doc.has_annotation("SENT_START") else 0
    named = list(re.finditer(_MONTH, m.string[start:m.start()]))
    if not named:
        return None
    month = _month(named[-1])
    return _d(_nearest_year(pub, month) - 1, month)


def _year(m: re.Match[str], pub: date | None, doc: Doc) -> str | None:
    return m.group("year")


def _year_span(m: re.Match[str], pub: date | None, doc: Doc) -> str | None:
    first, second = m.group("year"), m.group("y2")
    if len(second) == 2:
        second = first[:2] + second
    return f"{first}/{second}" if int(second) > int(first) else None


def _decade(m: re.Match[str], pub: date | None, doc: Doc) -> str | None:
    start = int(m.group("decade"))
    if start % 100 == 0 and start < 2000:
        return f"{start}/{start + 99}"  # "the 1800s" is a century; "the 2000s" reads as a decade
    return f"{start}/{start + 9}"


def _weekday(m: re.Match[str], pub: date | None, doc: Doc) -> str | None:
    if pub is None:
        return None
    target, rel = WEEKDAYS[m.group("weekday").lower()], (m.group("rel") or "").lower()
    back = (pub.weekday() - target) % 7
    if rel == "last":
        return (pub - timedelta(days=back or 7)).isoformat()
    if rel == "next" or _future_weekday(doc, m.start("weekday")):
        return (pub + timedelta(days=(target - pub.weekday()) % 7 or 7)).isoformat()
    return (pub - timedelta(days=back)).isoformat()


def _future_weekday(doc: Doc, char: int) -> bool:
    """Whether the weekday at ``char`` lies ahead: a future cue ("will", "expected", "due",
    "coming") on the weekday or on a word that governs it, up to the first verb in a past form
    ("warrants were issued on Saturday" stays past although "more are expected" opens the
    sentence). Without a parse, any future cue in the sentence."""
    if not doc.has_annotation("DEP"):
        return _future_sentence(doc, char)
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None:
        return False
    for token in (span[0], *span[0].ancestors):
        if token.lower_ in FUTURE_CUES or any(c.lower_ in FUTURE_CUES for c in token.children
                                               if c.dep_ in ("aux", "amod", "advmod")):
            return True
        if token.tag_ == "VBD" or any(c.lower_ in PAST_AUXILIARIES for c in token.children
                                      if c.dep_ in ("aux", "auxpass")):
            return False
    return False


def _future_sentence(doc: Doc, char: int) -> bool:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None or not doc.has_annotation("SENT_START"):
        return False
    return any(t.lower_ in FUTURE_CUES for t in span.sent)


def _named_day(m: re.Match[str], pub: date | None, doc: Doc) -> str | None:
    if pub is None:
        return None
    word = m.group("named").lower()
    shift = {"yesterday": -1, "last night": -1, "tomorrow": 1}.get(word, 0)
    return (pub + timedelta(days=shift)).isoformat()


def _period(m: re.Match[str], pub: date | None, doc: Doc) -> str | None:
    """ "last month", "earlier this year", "in the past year", "the previous decade", "last week"
    (an ISO week interval, YYYY-MM-DD/YYYY-MM-DD), "this weekend" (its Saturday and Sunday)."""
    if pub is None:
        return None
    rel, unit = m.group("rel").lower(), m.group("unit").lower()
    if rel == "last" and re.search(r"(?i)\bthe\s+last\b", m.group(0)):
        rel = "past"  # "in the last year" is the twelve months up to now, like "the past year"
    step = {"this": 0, "current": 0, "next": 1, "coming": 1}.get(rel, -1)
    if unit == "month" and rel != "past":
        return _d(*_add_months(pub, step))
    if unit == "year":
        return f"{pub.year - 1}/{pub.year}" if rel == "past" else _d(pub.year + step)
    if unit == "decade":
        if rel == "past":
            return f"{pub.year - 10}/{pub.year}"
        start = pub.year // 10 * 10 + 10 * step
        return f"{start}/{start + 9}"
    if unit == "week" and rel != "past":
        return _week(pub, step)
    if unit == "weekend" and rel != "past":
        return _weekend(pub, step)
    return None  # "the past week" is a rolling seven days, no calendar week


def _week(pub: date, step: int) -> str:
    """The ISO week (Monday to Sunday) ``step`` weeks from the publication's, as an interval."""
    monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=step)
    return f"{monday.isoformat()}/{(monday + timedelta(days=6)).isoformat()}"


def _weekend(pub: date, step: int) -> str:
    """Saturday and Sunday of the ISO week ``step`` weeks from the publication's."""
    saturday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=step, days=5)
    return f"{saturday.isoformat()}/{(saturday + timedelta(days=1)).isoformat()}"


def _the_weekend(m: re.Match[str], pub: date | None, doc: Doc) -> str | None:
    """ "at the weekend", "over the weekend": the last one up to the publication date."""
    if pub is None:
        return None
    return _weekend(pub, 0 if pub.weekday() >= 5 else -1)


def _ago(m: re.Match[str], pub: date | None, doc: Doc) -> str | None:
    if pub is None:
        return None
    n_text, unit = m.group("n").lower(), m.group("unit").lower()
    n = 1 if n_text in ("a", "an") else int(UNIT_WORDS.get(n_text, n_text) if not n_text.isdigit() else n_text)
    if unit in UNIT_DAYS:
        return (pub - timedelta(days=n * UNIT_DAYS[unit])).isoformat()
    if unit == "month":
        return _d(*_add_months(pub, -n))
    return _d(pub.year - n) if unit == "year" else None


def _past_n(m: re.Match[str], pub: date | None, doc: Doc) -> str | None:
    """ "in the past five years" -> the span of years it covers."""
    if pub is None or m.group("unit").lower() != "year":
        return None
    n_text = m.group("n").lower()
    n = int(n_text) if n_text.isdigit() else UNIT_WORDS.get(n_text, 1)
    return f"{pub.year - n}/{pub.year}"


def _season(m: re.Match[str], pub: date | None, doc: Doc) -> str | None:
    season = m.group("season").lower()
    if pub is None or season not in SEASON_END_MONTH:
        return None  # winter straddles two years
    rel, end = m.group("rel").lower(), SEASON_END_MONTH[season]
    if rel == "last":
        return _d(pub.year if end < pub.month else pub.year - 1)
    return _d(pub.year + (1 if rel == "next" else 0))


class _Rule(NamedTuple):
    """One date pattern, its resolver, and pieces that every match of the pattern contains.

    The pieces are looked for first: exact (no piece, no match) and cheap, since a piece starts
    with a literal or a digit, which the regex engine scans for quickly, while a pattern's leading
    lookbehind makes it try every position. Most documents have no ISO date, no decade, nothing
    "ago", and many name no month. ``folded_pieces`` stand for case-insensitive parts: written in
    lower case, they are looked for in the folded text (see ``_folded``)."""

    pattern: re.Pattern[str]
    resolver: Resolver
    pieces: tuple[re.Pattern[str], ...] = ()
    folded_pieces: tuple[re.Pattern[str], ...] = ()


# A month name as the patterns use it: every pattern wants a non-word character (or the end)
# after the name, so "Market" and "Mayor" do not count.
_HAS_MONTH = re.compile(r"(?:January|February|March|April|May|June|July|August|September|October|November|"
                        r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b")
_HAS_YEAR = re.compile(r"1[6-9]\d\d|20\d\d")
_HAS_WEEKDAY = re.compile(r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday")
_MONTH_AND_YEAR = (_HAS_MONTH, _HAS_YEAR)


def _has(regex: str) -> tuple[re.Pattern[str]]:
    return (re.compile(regex),)


def _rule(regex: str, resolver: Resolver, pieces: tuple[re.Pattern[str], ...] = (),
          folded_pieces: tuple[re.Pattern[str], ...] = ()) -> _Rule:
    return _Rule(re.compile(regex), resolver, pieces, folded_pieces)


# Most specific first; overlaps are settled in favour of the longer match.
PATTERNS: tuple[_Rule, ...] = (
    _rule(rf"{_B}{_PRE}(?P<year>\d{{4}})-(?P<mm>[01]\d)-(?P<dd>[0-3]\d){_E}", _iso, _has(r"-[01]\d-[0-3]\d")),
    _rule(rf"{_B}{_PRE}(?:{_WEEKDAY},?\s+)?{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}{_E}", _full, _MONTH_AND_YEAR),
    _rule(rf"{_B}{_PRE}(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY},?\s+{_YEAR}{_E}", _full, _MONTH_AND_YEAR),
    _rule(rf"{_B}{_PRE}{_DAY}\s*(?:-|–|to|and)\s*[0-3]?\d(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+{_YEAR})?{_E}",
          _day_span, (_HAS_MONTH,)),
    _rule(rf"{_B}{_PRE}{_MONTH}\s+{_DAY}\s*(?:-|–|to|and)\s*[0-3]?\d(?:st|nd|rd|th)?(?:,?\s+{_YEAR})?{_E}",
          _day_span, (_HAS_MONTH,)),
    _rule(rf"{_B}{_PRE}(?:{_WEEKDAY},?\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}{_E}", _day_month, (_HAS_MONTH,)),
    _rule(rf"{_B}{_PRE}(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}{_E}(?!,?\s+\d)", _day_month, (_HAS_MONTH,)),
    _rule(rf"{_B}{_PRE}{_MONTH},?\s+(?:of\s+)?{_YEAR}{_E}", _month_year, _MONTH_AND_YEAR),
    _rule((rf"{_B}{_PRE}{_MONTH}(?:,?\s+(?P<year1>1[6-9]\d\d|20\d\d))?\s*(?:-|–|—|to|until|through)\s*"
           rf"(?P<month2>January|February|March|April|May|June|July|August|September|October|November|December|"
           rf"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?),?\s+{_YEAR}{_E}"), _month_span, _MONTH_AND_YEAR),
    _rule((rf"\b(?i:(?:in|since|by|until|from|during|before|after)\s+|(?P<rel>last|next|this)\s+)"
           rf"(?:(?i:{POSITIONS})[\s-]+)?{_MONTH}\b(?!\s+\d)"), _month_alone, (_HAS_MONTH,)),
    _rule(rf"{_B}(?:(?i:{PREPOSITIONS})\s+)?{_YEAR}\s*(?:[-–—/]|\s(?:to|until)\s)\s*(?P<y2>\d{{4}}|\d\d){_E}", _year_span,
          _has(r"(?:1[6-9]\d\d|20\d\d)\s*(?:[-–—/]|\s(?:to|until)\s)")),
    _rule(rf"{_B}(?i:between)\s+{_YEAR}\s+and\s+(?P<y2>\d{{4}}){_E}", _year_span,
          _has(r"(?:1[6-9]\d\d|20\d\d)\s+and\s+\d{4}")),
    _rule((rf"{_B}(?:(?i:in|during|since|from|by|until)\s+)?(?:(?i:the)\s+)?(?:(?i:early|late|mid)[\s-]+)?"
           rf"(?P<decade>1[6-9]\d0|20\d0)s\b"), _decade, _has(r"(?:1[6-9]\d0|20\d0)s\b")),
    _rule(rf"{_B}{_PRE}{_YEAR}(?:['’]s)?{_E}", _year, (_HAS_YEAR,)),
    _rule((rf"\b(?:(?i:on|since|by|until|from)\s+)?(?:(?P<rel>(?i:last|next|this))\s+)?{_WEEKDAY}(?:['’]s)?"
           rf"(?:\s+(?:morning|afternoon|evening|night))?\b"), _weekday, (_HAS_WEEKDAY,)),
    _rule((r"\b(?P<named>(?i:yesterday|today|tomorrow|tonight|last night|this morning|this afternoon|"
           r"this evening))\b"), _named_day,
          folded_pieces=_has(r"yesterday|today|tomorrow|tonight|last night|this morning|this afternoon|"
                             r"this evening")),
    _rule((r"\b(?i:(?:(?:in|during|over|within|for)\s+)?(?:(?:earlier|later|early|late)\s+)?(?:the\s+)?"
           r"(?P<rel>this|last|next|past|previous|current|coming)\s+(?P<unit>week|weekend|month|year|decade))\b"),
          _period, folded_pieces=_has(r"(?:this|last|next|past|previous|current|coming)\s+(?:week|month|year|decade)")),
    _rule(r"\b(?i:(?:at|over|during)\s+the\s+weekend)\b", _the_weekend, folded_pieces=_has(r"the\s+weekend")),
    _rule(r"\b(?i:the\s+same\s+month\s+(?:last\s+year|a\s+year\s+(?:earlier|ago|before)))\b",
          _same_month_year_before, folded_pieces=_has(r"same\s+month")),
    _rule(rf"\b(?i:{_NUMBER}\s+(?P<unit>day|week|month|year)s?\s+ago)\b", _ago, folded_pieces=_has(r"ago")),
    _rule((rf"\b(?i:(?:(?:in|during|over|within)\s+)?the\s+{PAST_WORDS}\s+(?P<n>\d+|"
           + "|".join(UNIT_WORDS) + r")\s+(?P<unit>year|month|week|day)s)\b"), _past_n,
          folded_pieces=_has(rf"the\s+{PAST_WORDS}\s")),
    _rule(r"\b(?i:(?P<rel>last|this|next)\s+(?P<season>spring|summer|autumn|fall|winter))\b", _season,
          folded_pieces=_has(r"(?:last|this|next)\s+(?:spring|summer|autumn|fall|winter)")),
)


def _folded(text: str) -> str:
    """The text in lower case as the patterns' case-insensitive parts compare it, one character
    for one: Python lowers "İ" to two characters, and leaves "ı" and "ſ", which those parts
    match as "i" and "s"."""
    return text.replace("İ", "i").lower().replace("ı", "i").replace("ſ", "s")


def _parse_published(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _is_count(doc: Doc, m: re.Match[str], resolver: Resolver) -> bool:
    """A bare four-digit number that counts things ("2000 troops") is a quantity, not a year."""
    if resolver is not _year:
        return False
    span = doc.char_span(m.start("year"), m.end("year"))
    return span is not None and not is_year_mention(doc, span.start)


def _applies(rule: _Rule, text: str, folded: str, present: dict[tuple[re.Pattern[str], str], bool]) -> bool:
    """Whether every piece of ``rule`` is in the document; ``present`` keeps what each piece
    gave, as several rules share one."""
    return (all(_contains(text, piece, present) for piece in rule.pieces)
            and all(_contains(folded, piece, present) for piece in rule.folded_pieces))


def _contains(text: str, piece: re.Pattern[str], present: dict[tuple[re.Pattern[str], str], bool]) -> bool:
    key = (piece, text)
    if key not in present:
        present[key] = piece.search(text) is not None
    return present[key]


def extract_dates(doc: Doc, published: str | None = None) -> list[DateMention]:
    """Every date expression in the document, normalised against ``published`` when given."""
    pub = _parse_published(published)
    text = text_of(doc)
    folded = _folded(text)
    candidates: list[tuple[int, int, Resolver, re.Match[str]]] = []
    present: dict[tuple[re.Pattern[str], str], bool] = {}
    for rule in PATTERNS:
        if not _applies(rule, text, folded, present):
            continue
        pattern, resolver = rule.pattern, rule.resolver
        for m in pattern.finditer(text):
            if not _is_count(doc, m, resolver):
                candidates.append((m.start(), m.end(), resolver, m))
    found: list[DateMention] = []
    # longest first, then earliest: "from 2014 to 2019" beats "2014" and "2019"
    for start, end, resolver, m in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        if any(start < f.end and f.start < end for f in found):
            continue
        found.append(DateMention(start, end, text[start:end], resolver(m, pub, doc)))
    return sorted(found, key=lambda f: f.start)


# Also reads doc._.storyline_published, which the runner sets from the record before the pipeline runs.
@Language.factory("storyline_dates", requires=["token.dep", "token.tag"], assigns=["doc._.storyline_dates"])
def make_dates(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """spaCy component: sets ``doc._.storyline_dates`` from ``doc._.storyline_published``."""

    def component(doc: Doc) -> Doc:
        doc._.storyline_dates = extract_dates(doc, doc._.storyline_published)
        return doc

    return component
