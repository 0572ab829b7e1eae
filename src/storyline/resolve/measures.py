"""What a numeric claim measures: what is counted, what happened to it, and where or when.

A count is read from the words of its own clause. The sentence is cut at the other numbers it
holds, so in "382 were killed and 217 wounded" each figure keeps its own verb. What is counted is
the noun after the number (or a unit: dollars, km); what happened to it is the event word right
after the count ("1,740 people are missing") or, failing that, the nearest one before it ("the
death toll reached 93", "police detained 12 people"). A count's scope is a place it is said to be
in ("deaths in Valdria", or a part of it: "in rebel-held parts of northern Valdria") and a past
year it belongs to ("the 2011 fire killed 87"): a count with another scope is another fact."""
from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.resources.events import EVENT_KINDS
from storyline.resources.facts import (
    CLAUSE_LINKS,
    EVENT_PHRASES,
    EVENT_WORDS,
    IMPLIED_EVENT,
    KIND_WORDS,
    REVISION_CUES,
    REVISION_PHRASES,
    SCALE_WORDS,
    SCOPE_PREPOSITIONS,
    UNIT_WORDS,
)

_TOKEN = re.compile(r"\d[\d,.]*\d|\d|[A-Za-zÀ-ɏ]+(?:['’][A-Za-z]+)?|[$€£%]|[,;:()\-–—]")
_YEAR = re.compile(r"(18|19|20)\d\d")
AFTER_WINDOW = 7  # tokens after a count in which its verb can stand
BEFORE_WINDOW = 20  # tokens before a count in which an event word can name it ("the death toll ... reached")
HEAD_WINDOW = 4  # tokens after the number in which the counted noun stands
PAST_YEARS = 2  # a year this far before the publication marks a past event, not this one
PREP_WINDOW = 3  # a scope preposition this close before a place ("in the northern X")
PHRASE_WINDOW = 8  # ... or opening a region phrase this long ("in rebel-held parts of northwest X")
SCOPE_AFTER = 6  # tokens after a count within which a place names where it was counted
APPOSITION = 3  # "those missing, now totaling 1,650": a comma this close does not end the clause
INITIAL_WINDOW = 4  # tokens before a count in which "initial" / "originally" marks a first count
_HEAD_STOPS = frozenset("the a an to and or but that which who are is were was have has had been be".split())
_PARTITIVE = frozenset("of our their its his her".split())  # "2,316 of our citizens"
_PEOPLE_KINDS = frozenset("people children passengers crew fighters rescuers families".split())
_THING_EVENTS = frozenset("destroyed burned".split())
_UNIT_EVENTS = {"US dollars": {"cost", "paid"}, "roubles": {"cost", "paid"}, "euros": {"cost", "paid"},
                "pounds sterling": {"cost", "paid"}, "hectares": {"burned"}, "acres": {"burned"}}


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def is_number(self) -> bool:
        return self.text[0].isdigit()


@dataclass(frozen=True)
class Measure:
    """What one claim measures, and the cues that place it among the others."""

    kind: str | None  # "people", "buildings", a unit ("km"), or the counted noun itself
    event: str | None  # what happened to it ("death", "missing"), None when the clause does not say
    unit: bool  # the kind is a unit of measure
    scope: frozenset[str]  # places the count is said to be in, a past year it belongs to
    revision: bool  # the sentence refers back to an earlier figure ("down from", "previously")
    value: float | None  # the value with a scale word applied ("86.2 bln" -> 8.62e10)
    low: float | None
    high: float | None


def tokens(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _kind_of(tok: Token) -> str | None:
    word = tok.low
    if word in KIND_WORDS:
        return KIND_WORDS[word]
    glued = _glued_kind(word)
    if glued:
        return glued
    if tok.text[:1].isupper() and len(word) > 3 and word.endswith("s") and word[:-1] not in UNIT_WORDS:
        return "people"  # "382 Kesvarians", "2,600 Valdrians": a people counted by its name
    return None


def _glued_kind(word: str) -> str | None:
    """A counted noun the scraper glued to the next word ("passengersincluding"): a plural counted
    noun followed by a common English word (wordfreq), both at least four letters."""
    if len(word) < 9 or not word.isalpha():
        return None
    from wordfreq import zipf_frequency
    for cut in range(len(word) - 4, 3, -1):
        head, tail = word[:cut], word[cut:]
        if head in KIND_WORDS and head.endswith("s") and zipf_frequency(tail, "en") >= 4.0 \
                and zipf_frequency(word, "en") < 1.0:
            return KIND_WORDS[head]
    return None


def _unit_of(toks: list[Token], i: int) -> str | None:
    word = toks[i].low
    if word == "per" and i + 1 < len(toks) and toks[i + 1].low == "cent":
        return UNIT_WORDS["per_cent"]
    return UNIT_WORDS.get(word)


def _event_at(toks: list[Token], i: int) -> str | None:
    word = toks[i].low
    if i + 1 < len(toks):
        for gap in (1, 2):  # "lost their lives", "found safe"
            if i + gap < len(toks) and (word, toks[i + gap].low) in EVENT_PHRASES:
                return EVENT_PHRASES[(word, toks[i + gap].low)]
    if word == "accounted" and i > 0 and toks[i - 1].low == "un":
        return "missing"
    return EVENT_WORDS.get(word)


def locate(text: str, sentence: str, at: int) -> int:
    """Where the claim's text starts in its sentence (the stored offset, else the first match)."""
    if 0 <= at and sentence[at:at + len(text)] == text:
        return at
    found = sentence.find(text)
    return found if found >= 0 else max(0, min(at, len(sentence)))


def _scale(value: float | None, words: list[str]) -> float | None:
    """A figure written with a scale word the number reader left out ("41.7 bln", "$3 bln")."""
    if value is None or value >= 1000:
        return value
    for w in words:
        if w in SCALE_WORDS and w not in ("m", "b", "k"):
            return value * SCALE_WORDS[w]
    return value


def measure(text: str, sentence: str, at: int, value: float | None, low: float | None, high: float | None,
            counted: str | None, siblings: list[tuple[int, int]], places: list[tuple[int, int, str]],
            ref_year: int | None) -> Measure:
    """``at``: the claim's offset in ``sentence``; ``siblings``: the other claims' spans in the same
    sentence; ``places``: (start, end, key) of the place mentions in the sentence."""
    at = locate(text, sentence, at)
    end = at + len(text)
    prev_end = max((e for s, e in siblings if e <= at), default=0)
    next_start = min((s for s, e in siblings if s >= end), default=len(sentence))
    toks = tokens(sentence)
    own = [i for i, t in enumerate(toks) if at <= t.start < end]
    before = [i for i, t in enumerate(toks) if prev_end <= t.start < at]
    after = [i for i, t in enumerate(toks) if end <= t.start < next_start]
    scope_after = after
    partitive = _partitive(toks, after, siblings, end)
    if partitive:  # "58 of the 83 victims have been identified": the verb is the 58's
        b_end = min(e for s, e in siblings if s >= end)
        b_next = min((s for s, e in siblings if s >= b_end), default=len(sentence))
        after = [i for i, t in enumerate(toks) if b_end <= t.start < b_next]
        if after and toks[after[0]].low in ("who", "that", "which"):
            after = []  # "1,900 of the 3,100 who were listed as missing": the clause is the 3,100's
    elif before and _partitive(toks, before[-3:], [(0, 0)], 0):
        head_after = [i for i in after if toks[i].low in ("who", "that", "which")]
        if not (head_after and head_after[0] in after[:3]):
            after = []  # ... and not the 97's
    first_num = next((i for i in own if toks[i].is_number), own[0] if own else None)
    scale_words = [toks[i].low for i in own + after[:1]]
    kind, unit, head = _head(toks, own, after, before, first_num, counted, text)
    if kind is None and next_start < len(sentence) and len(after) <= 1:
        kind = _chain_head(toks, next_start)  # "Two strong 6.8 and 6.3 magnitude tremors"
    event = _event(toks, own, after, before, head, partitive)
    if unit and event not in _UNIT_EVENTS.get(kind or "", ()):
        event = None  # "located 67 km from", "five days after the storm killed": not what a unit measures
    elif kind is not None and not unit and kind not in _PEOPLE_KINDS and event not in _THING_EVENTS:
        event = None
    if kind is None and event is None and any(t.low in ("toll", "tolls") for t in toks if t.end <= at):
        event = "death"  # "The toll as of Friday, five days after the storm, is 4,300"
    if kind is None and event in ("death", "injury", "critical", "missing", "located", "recovered", "rescued", "displaced",
                                  "sheltered", "detained", "charged"):
        kind = "people"  # "the death toll reached 93": a count of people
    if kind is None and event in ("destroyed",):
        kind = "buildings"
    clause = _clause(toks, scope_after)
    near = before[-INITIAL_WINDOW:] + clause[:AFTER_WINDOW]
    commas = [k for k, i in enumerate(before) if toks[i].text in (",", ";", ":")]
    own_before = before[commas[-1] + 1:] if commas else before
    scope = _scope(toks, own_before + own + clause, near, before + own + clause, places, prev_end, next_start,
                   ref_year, end)
    scope |= _alone(toks, before, places) | _said_before(toks, before, unit or (kind is None and event is None))
    if low is None and high is None and value is not None:
        upper = _RANGE_TAIL.match(sentence, end)  # "the 40-to-90 band" read as "100"
        if upper:
            low, high, value = value, _number(upper.group(1)), None
    return Measure(kind, event, unit, scope, _revision(toks), _scale(value, scale_words),
                   _scale(low, scale_words), _scale(high, scale_words))


def _said_before(toks: list[Token], before: list[int], measurement: bool) -> frozenset[str]:
    """What the words before a figure say of it: a first count ("when the fire began"), and for a
    measurement or a bare figure ("a second ... measured 7.6") which event it is of (a count's
    ordinal more often names something else: "a second suspect was arrested, bringing the total
    to five")."""
    out = {"initial"} if _at_the_start(toks, before) else set()
    nth = _ordinal(toks, before) if measurement else None
    if nth:
        out.add(f"nth:{nth}")
    return frozenset(out)


_RANGE_TAIL = re.compile(r"\s*[-–]?\s*to\s*[-–]?\s*(\d[\d,]*(?:\.\d+)?)")


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def _clause(toks: list[Token], idx: list[int]) -> list[int]:
    """The tokens up to the first comma or semicolon."""
    out = []
    for i in idx:
        if toks[i].text in (",", ";", ":"):
            break
        out.append(i)
    return out


def _partitive(toks: list[Token], after: list[int], siblings: list[tuple[int, int]], end: int) -> bool:
    """"58 of the 83 victims have been identified": the verb after the second number is the first's."""
    words = [toks[i].low for i in after]
    nxt = min((s for s, e in siblings if s >= end), default=None)
    return nxt is not None and 1 <= len(words) <= 2 and words[0] == "of" and all(
        w in ("of", "the", "these", "those", "its", "their") for w in words)


def _chain_head(toks: list[Token], start: int) -> str | None:
    """The counted noun after a chain of figures that follows a count ("two ... 6.8 and 6.3 magnitude
    earthquakes"): only figures, "and", "or" and unit words may stand before it."""
    for t in [t for t in toks if t.start >= start][:8]:
        kind = _kind_of(t)
        if kind:
            return kind
        if not (t.is_number or t.low in ("and", "or", "to", "-") or t.low in UNIT_WORDS):
            return None
    return None


def _head(toks: list[Token], own: list[int], after: list[int], before: list[int], first_num: int | None,
          counted: str | None, text: str) -> tuple[str | None, bool, int | None]:
    """What is counted: a unit next to the number, else the first counted noun after it, else a
    noun of "the number of X" before it. Returns (kind, is a unit, token index of the head)."""
    if "$" in text or "€" in text or "£" in text:
        return UNIT_WORDS[next(c for c in text if c in "$€£").lower()], True, None
    seq = [i for i in own + after if first_num is None or i > first_num]
    found = _head_after(toks, seq) or _head_of_counted(counted)
    if found:
        return found
    noun = _plural_noun_after(toks, seq) or _plural_noun_before_for(toks, before)
    found = _head_before(toks, before)
    if found:
        return found
    if noun is not None:
        return _stem(noun.low), False, None  # "four other dams": a thing of its own
    return None, False, None


def _head_after(toks: list[Token], seq: list[int]) -> tuple[str, bool, int] | None:
    """A unit or a counted noun in the few words after the number ("9 flood-hit districts")."""
    n = 0
    for k, i in enumerate(seq):
        t = toks[i]
        if t.is_number or t.text in ("-", "–") or (k and toks[seq[k - 1]].text in ("-", "–") and k > 1):
            continue  # "9 flood-hit districts": the second part of a compound modifier
        if k + 1 < len(seq) and toks[seq[k + 1]].text in ("-", "–"):
            continue  # ... and its first part
        unit = _unit_of(toks, i)
        if unit and (n <= 1 or toks[seq[k - 1]].low == "of"):
            return unit, True, i
        kind = _kind_of(t)
        if kind:
            return kind, False, i
        if t.low in _PARTITIVE and n == k:
            continue  # only right after the number
        if t.low in ("to", "and", "or") and k + 1 < len(seq) and toks[seq[k + 1]].is_number:
            continue  # "1,800 to 2,600 Valdrians": a range
        n += 1
        if n >= HEAD_WINDOW or t.low in _HEAD_STOPS or t.text in (",", ";", ":", "(", ")"):
            break
    return None


def _head_of_counted(counted: str | None) -> tuple[str, bool, None] | None:
    """A unit or kind among the first words of the counted noun the extractor read."""
    if not counted:
        return None
    ctoks = tokens(counted)
    for j, t in enumerate(ctoks[:HEAD_WINDOW]):
        unit = _unit_of(ctoks, j)
        if unit:
            return unit, True, None
        kind = _kind_of(t)
        if kind:
            return kind, False, None
    return None


def _plural_noun_after(toks: list[Token], seq: list[int]) -> Token | None:
    """A lower-case plural noun in the clause right after the number ("four other dams")."""
    clause_seq = []
    for i in seq[:3]:
        if not toks[i].text.isalnum() and toks[i].text not in ("-", "–"):
            break
        clause_seq.append(i)
    plural = [toks[i] for i in clause_seq if toks[i].text[:1].islower() and toks[i].low not in CLAUSE_LINKS
              and toks[i].low not in _HEAD_STOPS and toks[i].text.isalpha()]
    return next((t for t in plural if t.low.endswith("s") and not t.low.endswith(("ss", "us", "is", "as"))
                 and len(t.low) > 3), None)


def _plural_noun_before_for(toks: list[Token], before: list[int]) -> Token | None:
    """'missing persons reports for 140': the plural before 'for' is what is counted (reports)."""
    if len(before) >= 2 and toks[before[-1]].low == "for":
        prev = toks[before[-2]]
        if prev.text.isalpha() and prev.text[:1].islower() and prev.low.endswith("s") \
                and prev.low not in KIND_WORDS and prev.low not in EVENT_WORDS and len(prev.low) > 3:
            return prev
    return None


def _head_before(toks: list[Token], before: list[int]) -> tuple[str, bool, int] | None:
    """'a magnitude of 6.3', 'age of 62', 'the number of damaged homes is 3,870'."""
    back = list(reversed(before))[:6]
    if back and toks[back[0]].low == "of" and len(back) > 1:
        back = back[1:]
    if back and _unit_of(toks, back[0]) in ("magnitude", "age"):
        return _unit_of(toks, back[0]), True, back[0]
    words = [toks[i].low for i in before]
    for k in range(len(words) - 2, -1, -1):
        if words[k] in ("number", "count", "total", "list") and words[k + 1] == "of":
            for i in before[k + 2:k + 5]:
                kind = _kind_of(toks[i])
                if kind and toks[i].text[:1].islower():
                    return kind, False, i
            break
    return None


# "the second powerful quake measured 7.6", "... and a second, a little later, measured 7.6": an
# ordinal on a kind of event, or standing for the thing itself, says which of several events a
# measurement is of. On any other noun it is most often a rank or a series ("the fourth seed", "a
# second-half goal", "the second day"), not another event. "first" is the default and unmarked.
ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5}
_EVENT_NOUNS = frozenset(w for words in EVENT_KINDS.values() for word in words for w in (word, word + "s"))
ORDINAL_REACH = 3  # words from the ordinal to its event noun ("the second significant earthquake")


def _ordinal(toks: list[Token], before: list[int]) -> int | None:
    """The ordinal of the event a measurement's clause names: "a second," / "the second one" /
    "the second (strong) quake"."""
    for k in range(1, len(before) - 1):
        word, prev = toks[before[k]].low, toks[before[k - 1]].low
        if word not in ORDINALS or prev not in ("a", "the"):
            continue
        nxt = toks[before[k + 1]]
        if nxt.text == "," or nxt.low == "one" or any(
                toks[i].low in _EVENT_NOUNS for i in before[k + 1:k + 1 + ORDINAL_REACH]):
            return ORDINALS[word]
    return None


def _stem(word: str) -> str:
    for suffix, repl in (("ies", "y"), ("es", "e"), ("s", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)] + repl
    return word


def _event(toks: list[Token], own: list[int], after: list[int], before: list[int], head: int | None,
           partitive: bool) -> str | None:
    """What happened to what is counted: the verb of its own clause after it, else the nearest
    event word before it, else what its counted noun implies ("17 deaths")."""
    implied = IMPLIED_EVENT.get(toks[head].low) if head is not None else None
    if head is not None and head not in before:  # "1,000 missing individuals", "3,870 damaged homes"
        for i in [i for i in own + after if i < head]:
            ev = _event_at(toks, i)
            if ev:
                return ev
    if head is not None and head in before:  # "the count of those killed ... passed 11,500"
        seq = [i for i in before if i > head] + own + after
    else:
        seq = [i for i in own + after if head is None or i > head]
    if head is None:
        seq = [i for i in seq if not toks[i].is_number]
    for i in seq[:AFTER_WINDOW]:
        ev = _event_at(toks, i)
        if ev:
            return ev
        t = toks[i]
        if (t.low in CLAUSE_LINKS or t.low in KIND_WORDS or t.is_number or t.low.endswith("ing")
                or (t.text[:1].isupper() and i not in own)):
            continue
        if partitive and t.low in ("the", "these", "those"):
            continue
        if i in own:
            continue
        break
    close = list(reversed(before))[:3]
    if implied and not any(_event_at(toks, i) for i in close):
        return implied  # "17 deaths", unless a word right before says otherwise ("names of all 14 dead")
    for n, i in enumerate(list(reversed(before))[:BEFORE_WINDOW]):
        if toks[i].text in (",", ";", ":") and n > APPOSITION:
            break  # "two of its citizens were among the dead, and ... four other dams": another clause
        ev = _event_at(toks, i)
        if ev:
            return ev
    if any(toks[i].low in ("toll", "tolls") for i in before):
        return "death"  # "The toll as of Friday, five days after the storm, is 4,300"
    return None


def _other_after_number(toks: list[Token], idx: list[int]) -> bool:
    return any(toks[i].is_number and k + 1 < len(idx) and toks[idx[k + 1]].low == "other"
               for k, i in enumerate(idx))


def _possessive_scope(toks: list[Token], idx: list[int], n: int) -> bool:
    """"Valdria's ... death toll has risen to 1,284": a possessive place before the count's event."""
    if not toks[n].text.endswith(("'s", "’s")):
        return False
    later = [i for i in idx if i > n][:8]
    return any(toks[i].low in ("toll", "tolls") for i in later)


def _scopes_count(toks: list[Token], idx: list[int], n: int, claim_end: int) -> bool:
    """A place scopes a count when it follows the count closely ("1,740 people in Valdria", "missing in
    Port Selden") or follows an event word before it ("the death toll in Norland was 2,863"); not "told
    reporters in the capital that 17 bodies..."."""
    if toks[n].start >= claim_end:
        return sum(1 for i in idx if claim_end <= toks[i].start < toks[n].start) <= SCOPE_AFTER
    return any(_event_at(toks, i) for i in idx if i < n)


_HIT_VERBS = frozenset("struck hit rocked jolted".split())  # "the quake that hit X": X is where it counts
_COUNT_NOUNS = frozenset("list lists count tally toll estimate estimates figure figures number report reports".split())


_PHRASE_WORDS = frozenset("the of parts part areas area region regions north south east west northern southern "
                          "eastern western northwest northeast southwest southeast northwestern northeastern "
                          "southwestern southeastern central rural".split())


_PART_NOUNS = frozenset("parts part areas area region regions north south east west northwest northeast "
                        "southwest southeast".split())


def _part_of(phrase: list[Token]) -> bool:
    """"parts of", "the north of": a phrase that names a part of the place after it."""
    words = [t.low for t in phrase]
    return any(w in _PART_NOUNS and words[k + 1:k + 2] == ["of"] for k, w in enumerate(words))


def _phrase_preposition(toks: list[Token], n: int) -> int | None:
    """The scope preposition that opens a place phrase ending at token ``n``: "in rebel-held parts of
    northwest Valdria", "across the southern regions of Norland" (up to PHRASE_WINDOW words of a
    region noun phrase: "the", "of", "parts", compass words, hyphenated adjectives)."""
    k = n - 1
    while k >= 0 and n - k <= PHRASE_WINDOW:
        t = toks[k]
        if t.low in SCOPE_PREPOSITIONS:
            return k if n - k > PREP_WINDOW else None  # closer ones are the plain rule's
        hyphened = t.text in ("-", "–") or (k + 1 < n and toks[k + 1].text in ("-", "–")) or (
            k > 0 and toks[k - 1].text in ("-", "–"))
        if not (t.low in _PHRASE_WORDS or (hyphened and t.text.isalpha() and t.text.islower())
                or t.text in ("-", "–")):
            return None
        k -= 1
    return None


def _initial(toks: list[Token], near: list[int]) -> bool:
    """"initially listed", "the original estimate of 2,000": an adverb, or the adjective on a count
    noun or on the number itself (not "an initial answer to the flood")."""
    for k, i in enumerate(near):
        word = toks[i].low
        if word in ("initially", "originally"):
            return True
        if word in ("initial", "original"):
            nxt = [toks[j] for j in near[k + 1:k + 3]]
            if nxt and (nxt[0].is_number or any(t.low in _COUNT_NOUNS for t in nxt)):
                return True
    return False


_BEGAN = frozenset("began begun started start".split())


def _at_the_start(toks: list[Token], before: list[int]) -> bool:
    """"When the search began, the list contained over 2,000 names": a count noun said of the moment
    something began is a first count (like "initially listed"), not the current one."""
    for k, i in enumerate(before):
        if toks[i].low == "when" and any(toks[j].low in _BEGAN for j in before[k + 1:k + 5]):
            return any(toks[j].low in _COUNT_NOUNS for j in before[k + 2:])
    return False


def _coordinated(toks: list[Token], at: list[int]) -> bool:
    """Two places joined by "and" (with at most one word between: "Valdria and neighbouring Norland")."""
    at = sorted(at)
    for a, b in zip(at, at[1:]):
        between = [t.low for t in toks[a + 1:b]]
        if between and between[0] == "and" and len(between) <= 2:
            return True
    return False


def _scope(toks: list[Token], idx: list[int], near: list[int], years: list[int],
           places: list[tuple[int, int, str]], lo: int, hi: int, ref_year: int | None,
           claim_end: int = 0) -> frozenset[str]:
    span_lo = min((toks[i].start for i in idx), default=lo)
    span_hi = max((toks[i].end for i in idx), default=hi)
    scope = set()
    starts = {t.start: n for n, t in enumerate(toks)}
    for s, e, key in places:
        if not (span_lo <= s < span_hi):
            continue
        n = starts.get(s)
        if n is None:
            continue
        prev = [toks[k].low for k in range(max(0, n - PREP_WINDOW), n)]
        nxt = toks[n + 1].low if n + 1 < len(toks) else ""
        if nxt == "alone":
            scope.add(key)
        elif _possessive_scope(toks, idx, n):
            scope.add(key)
        elif any(p in _HIT_VERBS for p in prev) or (
                any(p in SCOPE_PREPOSITIONS for p in prev) and _scopes_count(toks, idx, n, claim_end)):
            scope.add(key)
            if _part_of(toks[max(0, n - PREP_WINDOW):n]):
                scope.add("part")  # "in parts of Valdria"
        else:
            prep = _phrase_preposition(toks, n)
            if prep is not None and _scopes_count(toks, idx, prep, claim_end):
                scope.add(key)  # "confirmed dead in rebel-held parts of northwest Valdria"
                if _part_of(toks[prep:n]):
                    scope.add("part")  # a part of the place: a partial count, not the place's total
    for s, e, key in places:  # "struck Valdria and neighbouring Norland": both are the scope
        if key not in scope and s in starts and any(
                _coordinated(toks, [starts[s], starts[s2]]) for s2, e2, k2 in places if k2 in scope and s2 in starts):
            scope.add(key)
    if _coordinated(toks, [starts[s] for s, e, key in places if key in scope and s in starts]):
        scope.add("combined")  # "deaths in Valdria and Norland": the sum, not either country's count
    for i in years:
        t = toks[i]
        if _YEAR.fullmatch(t.text) and ref_year and int(t.text) <= ref_year - PAST_YEARS:
            scope.add(f"year:{t.text}")
    if any(toks[i].low == "other" for i in idx if toks[i].start >= lo) and _other_after_number(toks, idx):
        scope.add("other")  # "with 6 other people": a count that leaves someone out, not the total
    if _initial(toks, near):
        scope.add("initial")  # "the initial list of 2,750": a first count, not the current one
    return frozenset(scope)


def _alone(toks: list[Token], idx: list[int], places: list[tuple[int, int, str]]) -> frozenset[str]:
    """"In Valdria alone, 2,863 people died": a scope set off by a comma."""
    ends = {toks[i].start: n for n, i in enumerate(idx)}
    out = set()
    for s, e, key in places:
        n = ends.get(s)
        if n is not None and any(toks[j].low == "alone" for j in idx[n + 1:n + 4]):
            out.add(key)
    return frozenset(out)


def _revision(toks: list[Token]) -> bool:
    """The sentence sets one figure against an earlier or another one ("down from 126",
    "previously", "a higher figure than the 17 deaths")."""
    words = [t.low for t in toks]
    if any(w in REVISION_CUES for w in words) or any(p in zip(words, words[1:]) for p in REVISION_PHRASES):
        return True
    if any(w == "than" and set(words[max(0, k - 2):k]) & _COMPARATIVES for k, w in enumerate(words)):
        return True
    # "more than double the figure given by the company", "half the ministry's estimate"
    return any(w in _MULTIPLES and set(words[k + 1:k + 5]) & _COUNT_NOUNS for k, w in enumerate(words))


_COMPARATIVES = frozenset("higher lower fewer greater larger smaller bigger".split())
_MULTIPLES = frozenset("double twice triple treble half thrice".split())
