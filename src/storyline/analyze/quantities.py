"""Analyze stage: quantities — every cardinal number claimed about the world.

Finds numbers in digits and words ("1.3 million", "four", "a dozen", "several thousand",
"half", "a third", "one in four", "twice"), their qualifier ("around", "at least", "more than",
"within", a threshold verb such as "exceeded", ranges, vague magnitudes) and what they count,
following CONVENTIONS §4: ages, durations and distances are quantities; years, dates, times
of day, ordinals, "one of", "three weeks ago", list numbering and sports scores are not.
A range always has low <= high: "from X to Y" after a verb of change, or with X > Y, is two
figures. A figure in brackets right after another converts it and takes its qualifier.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy
from spacy.attrs import IDX, LOWER
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from storyline.analyze.doctext import text_of
from storyline.analyze.numbers import (
    NUMBER_START_WORDS,
    NumberPhrase,
    digit_value,
    looks_like_year,
    read_number,
    token_value,
)
from storyline.model import Quantity

Doc.set_extension("storyline_quantities", default=None, force=True)

# Qualifier phrases (lower-case words) that directly precede a number, longest match wins.
QUALIFIERS: dict[tuple[str, ...], str] = {
    ("more", "than"): "more_than", ("over",): "more_than", ("upwards", "of"): "more_than",
    ("in", "excess", "of"): "more_than", ("above",): "more_than",
    ("at", "least"): "at_least", ("no", "fewer", "than"): "at_least",
    ("no", "less", "than"): "at_least", ("not", "less", "than"): "at_least",
    ("a", "minimum", "of"): "at_least",
    ("up", "to"): "at_most", ("at", "most"): "at_most", ("no", "more", "than"): "at_most",
    ("not", "more", "than"): "at_most", ("as", "many", "as"): "at_most",
    ("as", "much", "as"): "at_most", ("a", "maximum", "of"): "at_most",
    ("fewer", "than"): "less_than", ("less", "than"): "less_than", ("under",): "less_than",
    ("below",): "less_than", ("within",): "at_most", ("as", "high", "as"): "at_most",
    ("around",): "approx", ("about",): "approx", ("approximately",): "approx",
    ("nearly",): "approx", ("almost",): "approx", ("some",): "approx", ("roughly",): "approx",
    ("an", "estimated"): "approx", ("estimated",): "approx", ("close", "to"): "approx",
    ("circa",): "approx", ("approx",): "approx", ("exactly",): "exact", ("precisely",): "exact",
}
# Intensifiers that may sit in front of a qualifier and belong to its span ("just over").
INTENSIFIERS: frozenset[str] = frozenset({"just", "well", "slightly", "far", "only"})
# Verbs after which "about" introduces a topic, not an estimate ("talked about two issues").
TOPIC_VERBS: frozenset[str] = frozenset({
    "talk", "speak", "think", "know", "worry", "care", "ask", "write", "read", "hear", "learn",
    "complain", "argue", "joke", "forget", "dream", "wonder", "tell", "warn", "bring", "come",
})
# Units that turn a bare "one" into a measurement ("one year", "one kilometre").
MEASURE_UNITS: frozenset[str] = frozenset({
    "second", "minute", "hour", "day", "week", "month", "year", "decade", "century",
    "metre", "meter", "kilometre", "kilometer", "km", "mile", "foot", "feet", "inch", "yard",
    "kilogram", "kg", "gram", "tonne", "ton", "pound", "litre", "liter", "gallon", "acre",
    "hectare", "dollar", "euro", "cent", "percent",
})
MONTHS: frozenset[str] = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
})
TIME_OF_DAY: frozenset[str] = frozenset({
    "am", "pm", "a.m.", "p.m.", "gmt", "bst", "utc", "est", "edt", "pst", "cet", "o'clock", "hrs",
})
# Nouns after which a bare number is a label, not a count ("Article 5", "No 10", "page 3").
LABEL_NOUNS: frozenset[str] = frozenset({
    "no", "no.", "number", "article", "section", "chapter", "page", "room", "flight", "route",
    "level", "grade", "category", "phase", "stage", "version", "resolution", "platform", "gate",
    "channel", "paragraph", "clause", "item", "line", "highway", "bus", "tier", "round", "game",
    "week", "day", "series", "season", "episode", "part", "volume", "vol", "band", "figure",
})
CURRENCIES: dict[str, str] = {"$": "dollars", "£": "pounds", "€": "euros", "¥": "yen",
                              "us$": "US dollars", "a$": "Australian dollars"}
PERCENT_WORDS: tuple[tuple[str, ...], ...] = (("%",), ("per", "cent"), ("percent",), ("pc",))
AGE_WORDS: tuple[str, ...] = ("years", "old")
# Words joining the two ends of a range; "and" only after "between".
RANGE_JOINERS: frozenset[str] = frozenset({"to", "-", "–", "—", "or"})
# Verbs of change: "rose from 10 to 20" is two figures, not a range.
CHANGE_VERBS: frozenset[str] = frozenset({
    "rise", "fall", "increase", "decrease", "grow", "drop", "climb", "jump", "cut", "raise",
    "reduce", "decline", "slip", "soar", "plunge", "shrink", "go", "double", "halve", "lower",
    "revise", "update", "change", "swell", "surge", "tumble", "slash", "boost", "lift", "widen",
    "narrow", "expand", "sink", "leap", "rebound", "shift", "move", "upgrade", "downgrade",
    "adjust", "correct", "bring", "push", "mark", "scale",
})
# Verbs that put a figure as a threshold passed or neared ("the toll exceeded 3,800").
THRESHOLD_VERBS: dict[str, str] = {
    "exceed": "more_than", "surpass": "more_than", "top": "more_than", "pass": "more_than",
    "cross": "more_than", "approach": "approx", "near": "approx",
}
# Of those, the ones that also take ordinary objects ("passed 50 laws"): a qualifier only when
# the figure itself is the object, with nothing counted after it.
BARE_THRESHOLD_VERBS: frozenset[str] = frozenset({"top", "pass", "cross", "approach", "near"})
# Fraction words and their denominators ("a third", "two-thirds", "three quarters").
FRACTIONS: dict[str, int] = {
    "third": 3, "quarter": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10, "thirds": 3, "quarters": 4, "fifths": 5, "sixths": 6, "sevenths": 7,
    "eighths": 8, "ninths": 9, "tenths": 10,
}
# Periods counted in years when halved ("half a century" = 50 years).
YEARS_IN: dict[str, float] = {"century": 100.0, "decade": 10.0}
# Multiples that are figures after a qualifier ("more than double the estimate").
MULTIPLE_WORDS: dict[str, float] = {"double": 2.0, "triple": 3.0, "treble": 3.0, "quadruple": 4.0}
# Adverbs of repetition read as counts of times ("won the award twice").
REPEAT_WORDS: dict[str, float] = {"twice": 2.0, "thrice": 3.0}
# "twice as many", "twice the size": a multiplier of another figure, not a count.
REPEAT_NOT_COUNT: frozenset[str] = frozenset({"as", "the", "that", "this", "its", "their", "his",
                                             "her", "our", "my", "your", "over", "more", "what"})
TIME_UNITS: frozenset[str] = frozenset({
    "seconds", "minutes", "hours", "days", "weeks", "months", "years", "decades", "centuries",
    "sec", "secs", "min", "mins", "hrs",
})
# A clock time written with a dot ("at 13.25"): hours and minutes.
_DOT_CLOCK = re.compile(r"^([01]?\d|2[0-3])\.[0-5]\d$")
# What may follow a dotted clock time ("at 13.25, the toll..."; "at 9.30 local time").
CLOCK_FOLLOWERS: frozenset[str] = frozenset({",", "local", "hrs", "hours", "gmt", "utc"})
# Verbs after which "at 13.25" is a price or a level ("shares closed at 13.25"), not a time.
LEVEL_VERBS: frozenset[str] = frozenset({"close", "trade", "open", "end", "finish", "settle",
                                         "stand", "price", "peak", "value", "fix", "set"})
DATE_PREPOSITIONS: frozenset[str] = frozenset({
    "in", "since", "from", "by", "until", "till", "before", "after", "during", "of", "between",
    "and", "to", "early", "late", "mid", "around", "circa", "c.", "spring", "summer", "autumn",
    "winter", "fall", "year", "the", "'s",
})
ORDINAL_PREVIOUS: frozenset[str] = frozenset({
    "the", "a", "first", "second", "third", "last", "other", "one", "and", "final",
})
# Verbs around a sports result ("won 3-1", "trailed 19-7").
SCORE_VERBS: frozenset[str] = frozenset({
    "win", "lose", "beat", "draw", "lead", "trail", "defeat", "thrash", "edge", "score", "end",
})
MAX_COUNTED_TOKENS = 10
# Words that start a time expression and so end a counted noun phrase ("four-fold last year").
NOUN_RUN_STOPS: frozenset[str] = frozenset({"last", "next", "this", "ago"}) | MONTHS


@dataclass(frozen=True)
class _Found:
    record: Quantity
    end_token: int


def _prev_words(doc: Doc, i: int, n: int) -> tuple[str, ...]:
    return tuple(t.lower_ for t in doc[max(0, i - n):i])


def _qualifier_before(doc: Doc, i: int) -> tuple[str | None, int]:
    """The qualifier ending right before token i and the token where its span starts."""
    for size in (3, 2, 1):
        words = _prev_words(doc, i, size)
        if len(words) == size and words in QUALIFIERS:
            start = i - size
            if words == ("about",) and start > 0 and doc[start - 1].lemma_ in TOPIC_VERBS:
                return None, i
            if words == ("up", "to") and start > 0 and doc[start - 1].lemma_ in CHANGE_VERBS:
                return None, i  # "the toll grew up to 21": the level reached, not a bound
            if start > 0 and doc[start - 1].lower_ in INTENSIFIERS:
                start -= 1
            return QUALIFIERS[words], start
    return None, i


def is_year_mention(doc: Doc, i: int) -> bool:
    """A year-looking number used as a year rather than a count ("in 2015" vs "2400 troops").
    Shared with the date extractor so both stages agree on every token."""
    tok = doc[i]
    if not looks_like_year(tok):
        return False
    counts_noun = i + 1 < len(doc) and doc[i + 1].tag_ in ("NNS", "NNPS")
    after_date_word = i > 0 and (doc[i - 1].lower_ in DATE_PREPOSITIONS or doc[i - 1].lower_ in MONTHS)
    return not counts_noun or after_date_word


def _is_label_or_clock(doc: Doc, phrase: NumberPhrase) -> bool:
    """Numbers that name or time something rather than count it."""
    i, j = phrase.start, phrase.end
    prev = doc[i - 1] if i > 0 else None
    nxt = doc[j] if j < len(doc) else None
    clock_colon = nxt is not None and nxt.text == ":" and not phrase.words and not doc[j - 1].whitespace_
    if nxt is not None and (nxt.lower_ in TIME_OF_DAY or clock_colon):
        return True  # "6pm", "18:30"; a colon after words or a space ends a clause
    if prev is not None and prev.lower_ == "at" and j == i + 1 and _DOT_CLOCK.match(doc[i].text) \
            and (nxt is None or nxt.lower_ in CLOCK_FOLLOWERS) and prev.head.lemma_ not in LEVEL_VERBS:
        return True  # "at 13.25, the toll rose": a time of day
    if phrase.value <= 31 and ((prev is not None and prev.lower_ in MONTHS and prev.text[0].isupper())
                               or (nxt is not None and nxt.lower_ in MONTHS and nxt.text[0].isupper())):
        return True  # day of a month: "14 March", "March 14"
    if i > 2 and prev is not None and prev.text in ("-", "–", "to") and doc[i - 2].like_num \
            and doc[i - 3].lower_ in MONTHS and doc[i - 3].text[0].isupper():
        return True  # the second day of "March 6-9"
    if prev is not None and prev.lower_ in LABEL_NOUNS and (not phrase.words or prev.lower_ in ("number", "no")):
        return True
    if prev is not None and prev.lower_ == "odds":
        return True
    if prev is not None and not phrase.words and prev.pos_ == "PROPN" and not prev.is_sent_start \
            and prev.whitespace_:
        return True  # "Apollo 11", "Windows 95", "Channel 4"
    line_start = i == 0 or "\n" in doc[i - 1].text or "\n" in doc[i - 1].whitespace_
    return line_start and nxt is not None and nxt.text in (".", ")") and not phrase.words


def _accept_one(doc: Doc, phrase: NumberPhrase, qualified: bool) -> bool:
    """A bare "one" is mostly an article-like word ("one online poster", "one of them")."""
    if phrase.value != 1 or phrase.end - phrase.start != 1 or not phrase.words:
        return True
    j = phrase.end
    if j < len(doc) and doc[j].lower_ == "of":
        return False
    if j < len(doc) and doc[j].text == "-":
        j += 1
    if j < len(doc) and doc[j].pos_ == "NOUN" and phrase.start > 0 \
            and doc[phrase.start - 1].lower_ in ("only", "just"):
        return True  # "made only one trip": "only" makes it a count
    return qualified or (j < len(doc) and doc[j].lemma_.lower() in MEASURE_UNITS)


def _half_at(doc: Doc, i: int) -> NumberPhrase | None:
    """ "half" as a proportion ("half its recruits", "more than half"), not "the second half"."""
    if doc[i].lower_ != "half":
        return None
    if i > 0 and doc[i - 1].lower_ in ORDINAL_PREVIOUS:
        return None
    if i + 1 < len(doc) and doc[i + 1].text in ("-", "–"):
        return None  # half-time, half-brother
    if i + 2 < len(doc) and doc[i + 1].lower_ == "a":
        if doc[i + 2].lower_ in YEARS_IN:
            return NumberPhrase(i, i + 3, 0.5 * YEARS_IN[doc[i + 2].lower_], words=True)  # in years
        scaled = read_number(doc, i + 1)
        if scaled is not None and scaled.value >= 12:
            return NumberPhrase(i, scaled.end, 0.5 * scaled.value, words=True)  # "half a dozen"
    return NumberPhrase(i, i + 1, 0.5, words=True)


def _range_after(doc: Doc, first: NumberPhrase, between: bool) -> NumberPhrase | None:
    """The upper end of "1,350 to 2,750", "10-15", "two or three", "between 40 and 60"."""
    j = first.end
    if j + 1 >= len(doc):
        return None
    joiner = doc[j].lower_
    if joiner == "-" and doc[j + 1].lower_.startswith("to-"):
        value = digit_value(doc[j + 1].text[3:])  # "170-to-330", tokenised 170 / - / to-330
        return NumberPhrase(j + 1, j + 2, value) if value is not None else None
    if not (joiner in RANGE_JOINERS or (between and joiner == "and")):
        return None
    k = j + 1
    if k + 1 < len(doc) and first.start > 0 and doc[k].text.lower() in CURRENCIES \
            and doc[k].text == doc[first.start - 1].text:
        k += 1  # "$5bn to $7bn", "between £10 and £15": the sign repeated on the upper end
    second = read_number(doc, k)
    if second is None or second.vague or looks_like_year(doc[k]) and looks_like_year(doc[first.start]):
        return None
    return second


def _counted_start(doc: Doc, j: int, collective: bool) -> tuple[int, int]:
    """Where the counted noun phrase may start after the number ending at j, and the end of the
    span so far: skips "more" ("hundreds more") and, for collective numbers, "of (the)"."""
    end = j
    if j < len(doc) and doc[j].lower_ in ("more", "fewer", "extra", "additional", "other"):
        end = j = j + 1
    if collective and j < len(doc) and doc[j].lower_ == "of":
        j += 1
        if j < len(doc) and doc[j].tag_ in ("DT", "PRP$"):
            j += 1
    return j, end


def _noun_run(doc: Doc, j: int) -> int | None:
    """Index one past the head noun of the noun phrase starting at j ("migrant workers",
    "Kesvarian militants"), or None when no noun follows."""
    head = None
    k = j
    while k < len(doc) and k - j < 5:
        tok = doc[k]
        if (tok.is_sent_start and k > j) or tok.lower_ in NOUN_RUN_STOPS:
            break
        if tok.pos_ == "ADJ" and head is not None and not (tok.dep_ == "amod" and tok.head.i > k):
            break  # "36 people dead": an adjective after the head is a predicate, not a modifier
        if tok.pos_ in ("NOUN", "PROPN") or (tok.pos_ == "ADJ" and tok.tag_ != "JJR"):
            if tok.pos_ != "ADJ":
                head = k
            k += 1
        elif tok.text in ("-",) and head is None and k > j:
            k += 1  # "Kesvarian-speaking workers"
        else:
            break
    return head + 1 if head is not None else None


def _describe(doc: Doc, start: int, end: int) -> str:
    """The counted noun phrase plus its prepositional attachment ("workers from Dovrastan")."""
    head = doc[end - 1]
    stop = end
    if stop < len(doc) and doc[stop].dep_ == "prep" and doc[stop].head.i == head.i:
        right = doc[stop].right_edge.i + 1
        right = min(right, stop + MAX_COUNTED_TOKENS)
        for k in range(stop, right):
            intra_word = doc[k].text == "-" and not doc[k].whitespace_ and not doc[k - 1].whitespace_
            if (doc[k].is_punct and not intra_word) or doc[k].dep_ == "relcl" or doc[k].lower_ in ("who", "which", "that"):
                right = k
                break
        stop = right
    return doc[start:stop].text.strip()


def _unit_suffix(doc: Doc, j: int) -> tuple[int, str | None]:
    """Hyphenated units and ages: "40-year", "ten-year", "22-year-old", "48 years old"."""
    if j + 1 < len(doc) and doc[j].text == "-" and (doc[j + 1].lemma_.lower() in MEASURE_UNITS
                                                    or doc[j + 1].pos_ == "NOUN"):
        unit = doc[j + 1].lemma_.lower()
        if j + 3 < len(doc) and doc[j + 2].text == "-" and doc[j + 3].lower_ == "old":
            return j + 4, "age (years)"
        return j + 2, unit + "s"  # "40-year", "12-member": the unit is what is counted
    if j < len(doc) and doc[j].lower_ in ("-fold", "fold"):
        return j + 1, "times (multiplier)"
    if j + 1 < len(doc) and doc[j].text == "-" and doc[j + 1].lower_ == "fold":
        return j + 2, "times (multiplier)"
    if j + 1 < len(doc) and doc[j].lower_ == "years" and doc[j + 1].lower_ == "old":
        return j + 2, "age (years)"
    return j, None


def _percent(doc: Doc, j: int) -> int | None:
    for words in PERCENT_WORDS:
        if tuple(t.lower_ for t in doc[j:j + len(words)]) == words:
            return j + len(words)
    return None


def _age_of(doc: Doc, phrase: NumberPhrase) -> str | None:
    """ "Kovar, 64, was born": a bare age in apposition to a name."""
    i, j = phrase.start, phrase.end
    if phrase.words or not (0 < phrase.value < 125) or i < 2:
        return None
    if doc[i - 1].lower_ == "aged" or (doc[i - 1].lower_ == "of" and doc[i - 2].lower_ == "age"):
        return "age (years)"
    if doc[i - 1].lower_ == "now" and i > 2:
        i -= 1
    if doc[i - 1].text != ",":
        return None
    if j < len(doc) and doc[j].text not in (",", ")", ";", ".") :
        return None
    name = doc[i - 2]
    if name.pos_ != "PROPN" or name.ent_type_ in ("DATE", "CARDINAL", "MONEY"):
        return None
    first = name.i
    while first > 0 and doc[first - 1].pos_ == "PROPN" and doc[first - 1].ent_iob_ != "O":
        first -= 1
    return f"age of {doc[first:name.i + 1].text}"


def _make(doc: Doc, start: int, end: int, value: float | None, low: float | None,
          high: float | None, qualifier: str, counted: str | None) -> Quantity:
    span: Span = doc[start:end]
    text = span.text.rstrip(".")  # "$2m." ends a sentence: the period is not part of the figure
    return Quantity(span.start_char, span.start_char + len(text), text, value, low, high, qualifier,
                    counted)


def _qualifier_before_figure(doc: Doc, i: int) -> tuple[str | None, int]:
    """The qualifier of the figure at token i, also across a currency sign ("more than $5
    billion", "over $2bn") and an article before it ("more than a $2 billion")."""
    qualifier, start = _qualifier_before(doc, i)
    if qualifier is not None or i == 0 or doc[i - 1].text.lower() not in CURRENCIES:
        return qualifier, start
    qualifier, start = _qualifier_before(doc, i - 1)
    if qualifier is None and i > 1 and doc[i - 2].lower_ == "a":
        qualifier, start = _qualifier_before(doc, i - 2)
    return (qualifier, start) if qualifier is not None else (None, i)


def _after_change_from(doc: Doc, i: int) -> bool:
    """ "rose from 10 to 20", "was revised down from 118 to 94": "from" after a verb of change,
    maybe with a particle or adverb between, so the two figures are before and after."""
    if i < 2 or doc[i - 1].lower_ != "from":
        return False
    if doc[i - 1].head.lemma_ in CHANGE_VERBS:
        return True
    k = i - 2
    if doc[k].pos_ in ("ADV", "ADP", "PART") and k > 0:
        k -= 1
    return doc[k].lemma_ in CHANGE_VERBS


def _is_time_unit(counted: str | None) -> bool:
    return counted is not None and (counted.lower() in TIME_UNITS or counted.lower() + "s" in TIME_UNITS)


def _change_by_to(doc: Doc, i: int, first: NumberPhrase, upper: NumberPhrase) -> bool:
    """ "fell $2.86 to $41.32", "added £3 to £48": a change and the level it reached, written
    with the sign repeated after a verb of change; "cost $5bn to $7bn" stays a range."""
    if i == 0 or doc[first.end].lower_ != "to" or upper.start != first.end + 2:
        return False
    verb = doc[i - 1]
    return verb.lemma_ in CHANGE_VERBS or verb.lemma_ in ("add", "gain", "lose", "shed", "fall")


def _threshold_verb(doc: Doc, start: int, noun_counted: bool) -> tuple[str | None, int]:
    """ "the toll exceeded 3,800", "has approached 5,200": the verb is the qualifier and starts
    the span. Verbs that also take ordinary objects count only before a bare figure."""
    if start == 0:
        return None, start
    verb = doc[start - 1]
    qualifier = THRESHOLD_VERBS.get(verb.lemma_.lower())
    if qualifier is None or verb.pos_ != "VERB":
        return None, start
    if noun_counted and verb.lemma_.lower() in BARE_THRESHOLD_VERBS:
        return None, start
    return qualifier, start - 1


def _quantity_at(doc: Doc, i: int) -> _Found | None:
    """The quantity whose number starts at token i, if any."""
    phrase = _half_at(doc, i) or read_number(doc, i)
    if phrase is None or is_year_mention(doc, i) or _is_label_or_clock(doc, phrase):
        return None
    qualifier, start = _qualifier_before_figure(doc, i)
    if not _accept_one(doc, phrase, qualifier is not None):
        return None
    low = high = None
    sign = 1 if i > 0 and doc[i - 1].text.lower() in CURRENCIES else 0
    between = i > sign and doc[i - 1 - sign].lower_ == "between"
    upper = _range_after(doc, phrase, between)
    last = phrase
    if upper is not None:
        low = phrase.value
        high = upper.value
        low = _share_scale(doc, phrase, upper)
        after = doc[upper.end] if upper.end < len(doc) else None
        if after is not None and after.lower_ in MONTHS and after.text[0].isupper():
            return None  # "6 to 9 January" is a span of days, a date
        is_hyphen = doc[phrase.end].text in ("-", "–", "—")
        if low >= high and is_hyphen:
            return None  # a score ("won 3-1") or an identifier, not a range
        if low > high or _after_change_from(doc, i) or _change_by_to(doc, i - sign, phrase, upper):
            upper, low, high = None, None, None  # "rose from 10 to 20": read the first figure alone
        else:
            qualifier, last = "range", upper
            if between:
                start = i - 1 - sign
    j = last.end
    counted: str | None = None
    noun_counted = False
    if i > 0 and doc[i - 1].text.lower() in CURRENCIES:
        counted, start = CURRENCIES[doc[i - 1].text.lower()], min(start, i - 1)
    pct = _percent(doc, j)
    unit_end, unit = _unit_suffix(doc, j)
    if pct is not None:
        j, counted = pct, "percent"
    elif unit is not None:
        j, counted = unit_end, unit
    elif counted is None:
        counted = _age_of(doc, phrase)
        if counted is None:
            collective = phrase.vague or doc[phrase.start].lower_ in ("half", "dozen", "a")
            noun_start, j = _counted_start(doc, j, collective)
            noun_end = _noun_run(doc, noun_start)
            if noun_end is not None and j > phrase.end and doc[noun_end - 1].tag_ not in ("NNS", "NNPS"):
                noun_end = None  # "hundreds more work there": after "more" the count is plural
            if noun_end is None and not collective and j < len(doc) and doc[j].lower_ == "of":
                of_start, _ = _counted_start(doc, j, True)
                of_end = _noun_run(doc, of_start)
                counted = _describe(doc, of_start, of_end) if of_end is not None else None
            elif noun_end is not None:
                if doc[noun_end - 1].tag_ == "NNP" and phrase.value > 1 and not phrase.vague:
                    return None  # "10 Downing Street": a label before a singular name
                counted = _describe(doc, noun_start, noun_end)
                j = noun_end
                noun_counted = True
    if counted is None and i > 0 and doc[i - 1].lower_ in ("last", "top") and not phrase.vague:
        return None  # "reached the last 16": a stage of a contest, not a count
    if counted in TIME_UNITS and j < len(doc) and doc[j].lower_ == "ago":
        return None  # "three weeks ago" is a date, not a duration
    if qualifier is None and upper is None:
        qualifier, start = _threshold_verb(doc, start, noun_counted)
    if doc[start].lower_ == "within" and j > i and _is_time_unit(doc[j - 1].lower_):
        qualifier, start = None, start + 1  # "within six hours": the span the events took
    if phrase.vague:
        qualifier = "vague"
    if upper is None:
        return _Found(_make(doc, start, j, phrase.value, None, None, qualifier or "exact", counted), j)
    return _Found(_make(doc, start, j, None, low, high, "range", counted), j)


def _share_scale(doc: Doc, low: NumberPhrase, high: NumberPhrase) -> float:
    """ "1.3 to 2 million": the lower end borrows the scale word of the upper end."""
    if low.end - low.start == 1 and high.end - high.start > 1:
        base = token_value(doc[high.start])
        if base and low.value <= base:
            return low.value * (high.value / base)
    return low.value


def _score_end(doc: Doc, i: int) -> int | None:
    """End token of a result such as "3-1" or "Barbarians 19-47 New Zealand", which is neither a
    range nor two quantities."""
    if i + 2 >= len(doc) or not doc[i].text.isdigit() or not doc[i + 2].text.isdigit():
        return None
    dash = doc[i + 1]
    if dash.text not in ("-", "–") or doc[i].whitespace_ or dash.whitespace_:
        return None
    low, high = int(doc[i].text), int(doc[i + 2].text)
    prev = doc[i - 1] if i > 0 else None
    nxt = doc[i + 3] if i + 3 < len(doc) else None
    beside_name = (prev is not None and prev.pos_ == "PROPN") or (nxt is not None and nxt.pos_ == "PROPN")
    after_verb = prev is not None and (prev.lemma_ in SCORE_VERBS or
                                       (prev.tag_ == "DT" and i > 1 and doc[i - 2].lemma_ in SCORE_VERBS))
    in_series = (prev is not None and prev.text.isdigit()) or (
        i + 4 < len(doc) and doc[i + 3].text.isdigit() and doc[i + 4].text in ("-", "–"))
    return i + 3 if low >= high or low == 0 or beside_name or after_verb or in_series else None


def _couple_at(doc: Doc, i: int) -> _Found | None:
    """ "a couple of rooms": about two."""
    if not (doc[i].lower_ == "a" and i + 2 < len(doc) and doc[i + 1].lower_ == "couple"
            and doc[i + 2].lower_ == "of"):
        return None
    noun_end = _noun_run(doc, i + 3)
    end = noun_end if noun_end is not None else i + 2
    counted = _describe(doc, i + 3, noun_end) if noun_end is not None else None
    return _Found(_make(doc, i, end, 2.0, None, None, "approx", counted), end)


def _fraction_at(doc: Doc, i: int) -> _Found | None:
    """ "a third", "two-thirds", "three quarters of the vote": the share, rounded to four places.
    "a third term", "a quarter century" are ordinals or units, not shares."""
    if doc[i].lower_ == "a":
        numerator, k = 1.0, i + 1
    else:
        phrase = read_number(doc, i)
        if phrase is None or phrase.vague or phrase.end - phrase.start != 1:
            return None
        numerator, k = phrase.value, phrase.end
        if k < len(doc) and doc[k].text == "-":
            k += 1
    if k >= len(doc) or doc[k].lower_ not in FRACTIONS:
        return None
    plural = doc[k].lower_.endswith("s")
    if plural == (numerator == 1) or (numerator >= FRACTIONS[doc[k].lower_]):
        return None  # "one thirds", "four quarters": not a share
    nxt = doc[k + 1] if k + 1 < len(doc) else None
    if doc[i].lower_ == "a" and nxt is not None and nxt.pos_ in ("NOUN", "PROPN", "ADJ", "NUM"):
        return None  # "a third term", "a quarter century"
    qualifier, start = _qualifier_before(doc, i)
    if doc[i].lower_ == "a" and qualifier is None and not _share_context(doc, i, k):
        return None  # "A third, nationalist, candidate": an ordinal with its noun further on
    value = round(numerator / FRACTIONS[doc[k].lower_], 4)
    return _Found(_make(doc, start, k + 1, value, None, None, qualifier or "exact", None), k + 1)


def _share_context(doc: Doc, i: int, k: int) -> bool:
    """ "a third of the vote", "fell by a third", "cut a quarter": "a <fraction>" is a share
    when "of" follows or a verb or preposition governs it."""
    if k + 1 < len(doc) and doc[k + 1].lower_ == "of":
        return True
    return i > 0 and doc[i - 1].pos_ in ("ADP", "VERB", "AUX") and not doc[i].is_sent_start


def _ratio_at(doc: Doc, i: int) -> _Found | None:
    """ "one in three voters", "nearly 1 in 5 adults": a share written as a ratio."""
    first = read_number(doc, i)
    if first is None or first.vague or first.end + 1 >= len(doc) or doc[first.end].lower_ != "in":
        return None
    second = read_number(doc, first.end + 1)
    if second is None or second.vague or looks_like_year(doc[first.end + 1]):
        return None
    if (i > 0 and doc[i - 1].text.lower() in CURRENCIES) or _unit_or_percent_after(doc, second.end):
        return None  # "$4 in five days", "3 in 10 minutes": an amount and a span, not a ratio
    if not (0 < first.value < second.value) or first.value % 1 or second.value % 1:
        return None
    qualifier, start = _qualifier_before(doc, i)
    end = second.end
    noun_end = _noun_run(doc, end)
    counted = _describe(doc, end, noun_end) if noun_end is not None else None
    end = noun_end if noun_end is not None else end
    value = round(first.value / second.value, 4)
    return _Found(_make(doc, start, end, value, None, None, qualifier or "exact", counted), end)


def _unit_or_percent_after(doc: Doc, j: int) -> bool:
    return j < len(doc) and (doc[j].lemma_.lower() in MEASURE_UNITS or doc[j].lower_ in TIME_UNITS
                             or _percent(doc, j) is not None)


def _multiple_at(doc: Doc, i: int) -> _Found | None:
    """ "more than double", "nearly triple the figure": a multiple, only after a qualifier (a bare
    "double" is a verb or an adjective: "a double room", "prices doubled")."""
    value = MULTIPLE_WORDS.get(doc[i].lower_)
    if value is None:
        return None
    qualifier, start = _qualifier_before(doc, i)
    if qualifier is None:
        return None
    return _Found(_make(doc, start, i + 1, value, None, None, qualifier, "times (multiplier)"), i + 1)


def _repeat_at(doc: Doc, i: int) -> _Found | None:
    """ "received the prize twice": a count of times; "twice as many" is a multiplier."""
    value = REPEAT_WORDS.get(doc[i].lower_)
    if value is None or (i + 1 < len(doc) and doc[i + 1].lower_ in REPEAT_NOT_COUNT):
        return None
    qualifier, start = _qualifier_before(doc, i)
    return _Found(_make(doc, start, i + 1, value, None, None, qualifier or "exact", "times"), i + 1)


def _converted(text: str, previous: Quantity | None, record: Quantity) -> Quantity:
    """ "about 310 kilometers (190 miles)": a figure in brackets right after another converts it
    and so takes its qualifier."""
    if previous is None or record.qualifier != "exact" or previous.qualifier in ("exact", "range"):
        return record
    if text[previous.end:record.start].strip() != "(":
        return record
    return replace(record, qualifier=previous.qualifier)


# Besides digits, what a quantity, a score or "a couple of" can start with.
_START_WORDS: frozenset[str] = (NUMBER_START_WORDS | {"half"} | frozenset(REPEAT_WORDS)
                                | frozenset(MULTIPLE_WORDS))


_START_IDS = numpy.array(sorted(get_string_id(w) for w in _START_WORDS), dtype=numpy.uint64)


def _possible_starts(doc: Doc) -> list[int]:
    """Tokens that start with a digit or are a number word: the only ones where a quantity or
    a score can start. Most tokens are plain words; the readers need not look at them, so the
    test reads the offset and lower-case columns instead of building a Token per token."""
    columns = doc.to_array([IDX, LOWER])
    words = numpy.isin(columns[:, 1], _START_IDS).tolist()
    text = text_of(doc)
    return [i for i, (idx, word) in enumerate(zip(columns[:, 0].tolist(), words))
            if word or text[idx:idx + 1].isdigit()]


def extract_quantities(doc: Doc) -> list[Quantity]:
    """Every quantity in the document, in text order."""
    found: list[Quantity] = []
    resume = 0  # tokens before this one are part of a quantity or a score already read
    text = text_of(doc)  # built once per document: Doc.text joins every token
    for i in _possible_starts(doc):
        if i < resume:
            continue
        score_end = _score_end(doc, i)
        if score_end is not None:
            resume = score_end
            continue
        hit = (_couple_at(doc, i) or _fraction_at(doc, i) or _ratio_at(doc, i) or _repeat_at(doc, i)
               or _multiple_at(doc, i) or _quantity_at(doc, i))
        if hit is None:
            continue
        found.append(_converted(text, found[-1] if found else None, hit.record))
        resume = max(hit.end_token, i + 1)
    return found


@Language.factory("storyline_quantities", requires=["doc.sents", "token.dep", "token.tag", "token.lemma",
                                                  "token.ent_type"], assigns=["doc._.storyline_quantities"])
def make_quantities(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """spaCy component: sets ``doc._.storyline_quantities``."""

    def component(doc: Doc) -> Doc:
        doc._.storyline_quantities = extract_quantities(doc)
        return doc

    return component
