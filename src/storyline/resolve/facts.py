"""Resolve stage: line up the numbers different outlets report for the same fact.

A claim is one quantity in one document; the caller compares claims of one story (one event)
only. Claims are one fact when they measure the same thing (``measures.measure``: what is
counted, what happened to it, where) and nothing keeps them apart:

- a past year, an initial list or a partial count ("6 other people", "in parts of northern Valdria")
  on one side only;
- incompatible figures with different place scopes ("deaths in Valdria" / "in Valdria and Norland"),
  unless both are dated on different days (a changed toll worded otherwise);
- one article gives both figures and they differ, unless it sets one against the other
  ("revised down to 83 from 126", "a higher figure than") or one is a range within a factor of two;
- outlets on the same day give figures more than a factor of two apart (four on the next day):
  counts of different groups, not one count in dispute;
- static measures (a distance, an age, a duration, a percentage) further apart than 15%;
- figures two orders of magnitude apart when either is undated (no dates show a toll growing).

A fact starts from a pair of claims of one measure; a pair of counts that say nothing happened
("11,500 of us", "two tremors") needs equal values or shared context, and such a count joins
one that does say ("10 people on board" / "10 people were killed") at an equal value. Groups
merge closest figures first, and only while no pair across them is kept apart.
A fact's status: ``agree`` when every claim is compatible and no dated figure changed by more
than 5%; ``conflict`` when two outlets give incompatible figures on the same day, or the figures
disagree with no dates to order them; ``evolving`` when the figure changes with publication date
(a revision down too: the description says so). Near-duplicate documents count once (the caller
shows reprints beside their originals)."""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import combinations

from storyline.ids import stable_id
from storyline.model import Claim, Fact
from storyline.resolve.measures import ORDINALS, Measure, measure
from storyline.resources.facts import EVENT_LABELS, STATIC_UNITS, THING_EVENT_LABELS, UNIT_LABELS

_WORD = re.compile(r"[A-Za-z][A-Za-z\-]+")
_STOP = frozenset("a an the of in on at to for from by with and or but as is are was were be been has have had that this "
                  "these those it its their his her they he she we you i not no than more less about around over "
                  "under some most many much few least after before since during into out up down there which who "
                  "whom whose what when where while also said says say according would could will can may might "
                  "just then them our your".split())
APPROX = 0.05  # how far an "about"/"some" figure may stray and still agree with another
APPROX_WITH_BOUND = 0.10  # ... with a bound ("about 3,000" and "more than 3,300")
BOUND_SLACK = 0.05  # "more than 60" is 60 to 63, not any number above 60
ROUNDING = 0.01  # two exact figures this close are one figure rounded ("86.2" / "86.26")
SAME_MOMENT_DAYS = 1  # reports this close in time describe the same moment
GROUP_RATIO = 2.0  # figures further apart than this on one day count different groups (squared: next day)
STATIC_RATIO = 1.15  # a static measure's figures further apart than this are different facts
CHANGE = 0.05  # a dated figure that moves more than this has changed
UNDATED_RATIO = 100.0  # figures further apart than this, one of them undated, count different things


@dataclass
class ClaimInput:
    document: str
    published: str | None
    start: int
    end: int
    text: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    counted: str | None
    sentence: str
    actors: frozenset[str] = field(default_factory=frozenset)
    sentence_start: int = 0  # offset of the sentence in the body, to place the claim inside it
    places: tuple[tuple[int, int, str], ...] = ()  # place mentions: (start, end) in the sentence, key
    place_names: dict[str, str] = field(default_factory=dict)  # key -> display name


# --- values ------------------------------------------------------------------------------------
def _sig_unit(v: float) -> float:
    """The place value of a figure's last significant digit (3,300 -> 100; 41.37 -> 0.01)."""
    if v == 0:
        return 1.0
    text = f"{abs(v):.6f}".rstrip("0").rstrip(".")
    if "." in text:
        return 10.0 ** -len(text.split(".")[1])
    digits = text.rstrip("0")
    return 10.0 ** (len(text) - len(digits))


def interval(c, m: Measure | None = None, loose: bool = False) -> tuple[float, float]:
    """The values a claim allows, from its qualifier. ``loose``: compared with a bound."""
    v = m.value if m is not None else c.value
    lo = m.low if m is not None else c.low
    hi = m.high if m is not None else c.high
    if lo is not None and hi is not None:
        return min(lo, hi), max(lo, hi)
    if v is None:
        return -math.inf, math.inf
    q = c.qualifier
    if q == "approx":
        t = APPROX_WITH_BOUND if loose else APPROX
        return v * (1 - t), v * (1 + t)
    if q in ("at_least", "more_than"):
        return v, v * (1 + BOUND_SLACK) + _sig_unit(v) * 0.5
    if q in ("at_most", "less_than"):
        return v * (1 - BOUND_SLACK) - _sig_unit(v) * 0.5, v
    if q == "vague":
        return v, v * 10
    return v * (1 - ROUNDING), v * (1 + ROUNDING)


_BOUNDS = ("at_least", "more_than", "at_most", "less_than", "range")


def compatible(a, b, ma: Measure | None = None, mb: Measure | None = None) -> bool:
    if _equally_precise_decimals(a, b, ma, mb):
        return ma.value == mb.value  # type: ignore[union-attr]
    loose = (a.qualifier in _BOUNDS) != (b.qualifier in _BOUNDS)
    (al, ah), (bl, bh) = interval(a, ma, loose), interval(b, mb, loose)
    return al <= bh and bl <= ah


def _equally_precise_decimals(a, b, ma: Measure | None, mb: Measure | None) -> bool:
    """Two exact decimal measurements given to the same place ("magnitude 7.7" and "7.8", "3.4%"
    and "3.5%"): a decimal states its precision, so two that differ are two figures, not one
    figure rounded."""
    if ma is None or mb is None or not (ma.unit and mb.unit) or ma.value is None or mb.value is None:
        return False
    if a.qualifier != "exact" or b.qualifier != "exact":
        return False
    unit = _sig_unit(ma.value)
    return unit < 1 and unit == _sig_unit(mb.value)


def ratio(a, b, ma: Measure | None = None, mb: Measure | None = None) -> float:
    """How far apart two claims' values are, as a factor (1 when their intervals meet)."""
    (al, ah), (bl, bh) = interval(a, ma), interval(b, mb)
    if al <= bh and bl <= ah:
        return 1.0
    lo_hi, hi_lo = (ah, bl) if ah < bl else (bh, al)
    if lo_hi <= 0 or math.isinf(lo_hi) or math.isinf(hi_lo):
        return math.inf
    return hi_lo / lo_hi


def _mid(c, m: Measure | None = None) -> float | None:
    v, lo, hi = (m.value, m.low, m.high) if m is not None else (c.value, c.low, c.high)
    if lo is not None and hi is not None:
        return (lo + hi) / 2
    return v


def _day(published: str | None) -> date | None:
    try:
        return date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def _different_days(a, b) -> bool:
    da, db = _day(a.published), _day(b.published)
    return da is not None and db is not None and da != db


def _same_moment(a, b, days: int = SAME_MOMENT_DAYS) -> bool:
    da, db = _day(a.published), _day(b.published)
    return da is not None and db is not None and abs((da - db).days) <= days


# --- status ------------------------------------------------------------------------------------
def status(claims: list[Claim], measures: list[Measure] | None = None) -> str:
    ms = measures or [None] * len(claims)
    if len({c.document for c in claims}) < 2:
        return "single"
    pairs = list(combinations(range(len(claims)), 2))
    clash = [(i, j) for i, j in pairs if not compatible(claims[i], claims[j], ms[i], ms[j])]
    if not clash and not _changed(claims, ms):
        return "agree"
    if any(claims[i].document != claims[j].document and _same_moment(claims[i], claims[j], 0) for i, j in clash):
        return "conflict"  # two outlets, one day, incompatible figures
    if _changed(claims, ms):
        return "evolving"
    return "conflict"


def _changed(claims: list[Claim], ms: list) -> bool:
    """Whether the figure moved between publication dates (claims without a date say nothing)."""
    by_day: dict[date, list[float]] = defaultdict(list)
    for c, m in zip(claims, ms):
        d, v = _day(c.published), _mid(c, m)
        if d is not None and v is not None:
            by_day[d].append(v)
    if len(by_day) < 2:
        return False
    days = sorted(by_day)
    first, last = by_day[days[0]], by_day[days[-1]]
    lo, hi = min(min(first), min(last)), max(max(first), max(last))
    return hi > lo * (1 + CHANGE) and any(
        abs(x - y) > CHANGE * max(abs(x), abs(y)) for x in first for y in last)


def revised_down(claims: list[Claim], ms: list) -> bool:
    """The latest dated figure is below an earlier one: a toll revised down."""
    dated = sorted(((_day(c.published), _mid(c, m)) for c, m in zip(claims, ms)
                    if _day(c.published) and _mid(c, m) is not None), key=lambda x: x[0])
    if len(dated) < 2:
        return False
    last_day = dated[-1][0]
    last = min(v for d, v in dated if d == last_day)
    return any(v > last * (1 + CHANGE) for d, v in dated if d < last_day)


# --- measuring ---------------------------------------------------------------------------------
def measures_of(claims: list[ClaimInput]) -> list[Measure]:
    """Each claim's measure, with the other claims of its sentence cutting its clause."""
    spans: dict[tuple[str, int], list[tuple[int, int, int]]] = defaultdict(list)
    for k, c in enumerate(claims):
        spans[(c.document, c.sentence_start)].append((k, c.start - c.sentence_start, c.end - c.sentence_start))
    years = sorted(d.year for d in (_day(c.published) for c in claims) if d)
    ref_year = years[len(years) // 2] if years else None
    out = []
    for k, c in enumerate(claims):
        own_year = _day(c.published).year if _day(c.published) else ref_year
        siblings = [(s, e) for j, s, e in spans[(c.document, c.sentence_start)]
                    if j != k and (s, e) != (c.start - c.sentence_start, c.end - c.sentence_start)]
        out.append(measure(c.text, c.sentence, c.start - c.sentence_start, c.value, c.low, c.high, c.counted,
                           siblings, list(c.places), own_year))
    for members in spans.values():
        _share_units(claims, out, sorted(members, key=lambda x: x[1]))
        _share_scopes(claims, out, sorted(members, key=lambda x: x[1]))
    return out


_CLAUSE_AND = re.compile(r"[^\d;:]{0,80}?(?:,\s*)?\band\s+(?:more\s+than\s+|over\s+|at\s+least\s+|some\s+)?", re.I)


def _share_scopes(claims: list[ClaimInput], ms: list[Measure], members: list[tuple[int, int, int]]) -> None:
    """Counts coordinated in one sentence share what scopes them: "25 people have died, and 81 have
    been injured in northern Valdria" (the place after the second is the first's too, when the first
    names none); "the 1931 quake left 3,000 dead and 10,000 injured" (the past year before the first
    is the second's too)."""
    for (a, _, a_end), (b, b_start, _) in zip(members, members[1:]):
        gap = claims[a].sentence[a_end:b_start]
        if not _CLAUSE_AND.fullmatch(gap):
            continue
        ma, mb = ms[a], ms[b]
        pa = {k for k in ma.scope if k in claims[a].place_names}
        pb = {k for k in mb.scope if k in claims[b].place_names}
        after_b = {key for s, _, key in claims[b].places if s >= b_start}
        if not pa and pb and pb <= after_b:
            ms[a] = replace(ma, scope=ma.scope | pb | ({"combined", "part"} & mb.scope))
        elif pa and not pb:  # "died in northern Valdria, and more than 2,200 injured"
            ms[b] = replace(mb, scope=mb.scope | pa | ({"combined", "part"} & ma.scope))
        years_a = {k for k in ma.scope if k.startswith("year:")}
        if years_a and not any(k.startswith("year:") for k in mb.scope):
            ms[b] = replace(ms[b], scope=ms[b].scope | years_a)


_COORDINATED = re.compile(r"\s*(?:and|or|to|,)\s*")


def _share_units(claims: list[ClaimInput], ms: list[Measure], members: list[tuple[int, int, int]]) -> None:
    """"magnitude 6.8 and 6.3", "6.8 and 6.3 magnitude": coordinated figures share one unit, and
    measure two things (two quakes, two storms' winds): the second is the next event's."""
    for (a, a_start, a_end), (b, b_start, _) in zip(members, members[1:]):
        gap = claims[a].sentence[a_end:b_start]
        if not _COORDINATED.fullmatch(gap):
            continue
        ma, mb = ms[a], ms[b]
        if ma.unit and not mb.unit:
            ms[b] = mb = replace(mb, kind=ma.kind, unit=True, event=None)
        elif mb.unit and not ma.unit:
            ms[a] = ma = replace(ma, kind=mb.kind, unit=True, event=None)
        if (ma.unit and mb.unit and ma.kind == mb.kind and _AND.fullmatch(gap) and ma.value != mb.value
                and _nth(mb) == 1 and not _RANGE_OPENER.search(claims[a].sentence[:a_start])):
            ms[b] = replace(mb, scope=mb.scope | {f"nth:{_nth(ma) + 1}"})


_AND = re.compile(r"\s*and\s*")
_RANGE_OPENER = re.compile(r"\b(?:between|from)\s+(?:\S+\s+)?$", re.I)  # "between 3% and 5%": one range


def _nth(m: Measure) -> int:
    """Which of several events a measurement is of (1 unless the sentence says otherwise)."""
    return next((int(s[4:]) for s in m.scope if s.startswith("nth:")), 1)


def _key(m: Measure) -> tuple | None:
    if m.kind is None and m.event is None:
        return None
    return (m.kind, m.event)


def _static(m: Measure) -> bool:
    """A measure whose figures do not change with the news (a distance, an age, a duration)."""
    return m.unit and m.kind in STATIC_UNITS


def _context(c: ClaimInput) -> set[str]:
    own = {w.lower() for w in _WORD.findall(c.text)}
    return {w.lower() for w in _WORD.findall(c.sentence) if w.lower() not in _STOP and len(w) > 2} - own | set(c.actors)


# --- grouping ----------------------------------------------------------------------------------
class _Grouper:
    def __init__(self, claims: list[ClaimInput]) -> None:
        self.claims = claims
        self.ms = measures_of(claims)
        self.ctx = [_context(c) for c in claims]

    def apart(self, i: int, j: int) -> bool:
        """Whether two claims of one measure must be different facts (see the module doc)."""
        a, b, ma, mb = self.claims[i], self.claims[j], self.ms[i], self.ms[j]
        if {s for s in ma.scope ^ mb.scope if s.startswith(("year:", "nth:")) or s in ("initial", "other", "part")}:
            return True  # a past event's, a second event's, an initial list's or a part of a place's
            # count is its own fact
        combined = ("combined" in ma.scope) != ("combined" in mb.scope) and bool(ma.scope) and bool(mb.scope)
        if not compatible(a, b, ma, mb) and not self.same_places(i, j) and (combined or not _different_days(a, b)):
            return True  # "deaths in Valdria" and "deaths in Valdria and Norland" (on different days: a
            # changed toll worded otherwise, "in Ostmark" then "in Valdria", as likely as another count)
        if compatible(a, b, ma, mb):
            return False
        r = ratio(a, b, ma, mb)
        if r > UNDATED_RATIO and (_day(a.published) is None or _day(b.published) is None):
            return True  # "six killed in a strike" beside "1,300 killed": no dates say one toll grew
        if a.document == b.document:
            points = _point(a, ma) and _point(b, mb)
            return not (ma.revision or mb.revision) and (points or r > GROUP_RATIO)
        if _static(ma) and _static(mb):
            return r > STATIC_RATIO
        if ma.revision or mb.revision:
            return False  # "said last week that 58 were missing": an earlier moment, reported now
        if _same_moment(a, b, 0):
            return r > GROUP_RATIO
        return _same_moment(a, b, SAME_MOMENT_DAYS) and r > GROUP_RATIO ** 2

    def same_places(self, i: int, j: int) -> bool:
        """Whether two counts can have one place scope: either names none, or they share a place
        (the same actor, or names sharing a word: "Selden" / "Selden Bay"). "In Valdria" and "in Valdria
        and Norland" share one: a region's part and whole are told apart by their figures."""
        pa = [k for k in self.ms[i].scope if k in self.claims[i].place_names]
        pb = [k for k in self.ms[j].scope if k in self.claims[j].place_names]
        if not pa or not pb:
            return True
        if ("combined" in self.ms[i].scope) != ("combined" in self.ms[j].scope):
            return False  # "in Valdria and Norland" against "in Norland"
        na, nb = self.claims[i].place_names, self.claims[j].place_names

        def match(x: str, y: str) -> bool:
            return x == y or bool(_name_words(na.get(x, x)) & _name_words(nb.get(y, y)))
        return any(match(x, y) for x in pa for y in pb)

    def linkable(self, i: int, j: int) -> bool:
        """Whether two claims of one measure may start a fact together: figures of something that
        happened may; figures that say nothing happened ("five years", "two hamlets") need equal
        values and, when small, shared context ("five years" in prison, a war of five years)."""
        ma, mb = self.ms[i], self.ms[j]
        if ma.event is not None and not _static(ma):
            return True
        if ma.kind == "people" and not compatible(self.claims[i], self.claims[j], ma, mb):
            return False  # two populations, crowds: different values are different facts
        return _distinctive(ma.value) or _distinctive(mb.value) or self.related(i, j)

    def related(self, i: int, j: int) -> bool:
        """The two sentences share a content word or an actor beyond the claims themselves."""
        return bool(self.ctx[i] & self.ctx[j])

    def affinity(self, i: int, j: int) -> float:
        a, b, ma, mb = self.claims[i], self.claims[j], self.ms[i], self.ms[j]
        score = 1.0 if ma.scope == mb.scope else 0.75 if self.same_places(i, j) else 0.5
        r = ratio(a, b, ma, mb)
        score += 2.0 / (1.0 + math.log(r)) if not math.isinf(r) else 0.0  # closest figures first
        score += 0.5 * _jaccard(self.ctx[i], self.ctx[j])
        score += 0.25 * _same_moment(a, b)
        return score

    def groups(self) -> list[list[int]]:
        blocks: dict[tuple, list[int]] = defaultdict(list)
        for i, (c, m) in enumerate(zip(self.claims, self.ms)):
            if c.qualifier == "vague" or _key(m) is None:
                continue  # "hundreds of people": too loose to anchor a fact on
            blocks[_key(m)].append(i)
        bare = self._bare_links(blocks)
        pairs = []
        for members in blocks.values():
            for i, j in combinations(members, 2):
                if not self.apart(i, j) and self.linkable(i, j):
                    pairs.append((self.affinity(i, j), i, j))
        pairs += bare
        group_of = {i: [i] for i in range(len(self.claims))}
        for _, i, j in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
            gi, gj = group_of[i], group_of[j]
            if gi is gj or any(self._blocked(a, b) for a in gi for b in gj):
                continue
            gi.extend(gj)
            for k in gj:
                group_of[k] = gi
        seen, out = set(), []
        for i in range(len(self.claims)):
            g = group_of[i]
            if id(g) not in seen:
                seen.add(id(g))
                out.append(sorted(g))
        return out

    def _blocked(self, a: int, b: int) -> bool:
        if _key(self.ms[a]) != _key(self.ms[b]) and not self._kinds_agree(a, b):
            return True
        return self.apart(a, b)

    def _kinds_agree(self, a: int, b: int) -> bool:
        """Nothing said about the two contradicts: the same counted thing or unit, the same event
        (where either leaves one out, it does not contradict)."""
        ma, mb = self.ms[a], self.ms[b]
        if ma.kind is not None and mb.kind is not None and ma.kind != mb.kind:
            return False
        if ma.unit != mb.unit and (ma.kind and mb.kind):
            return False
        return ma.event is None or mb.event is None or ma.event == mb.event

    def _joinable(self, a: int, b: int) -> bool:
        """A claim that does not say what happened joins one that does only at an equal value."""
        ma, mb = self.ms[a], self.ms[b]
        return (self._kinds_agree(a, b) and compatible(self.claims[a], self.claims[b], ma, mb)
                and _same_value(ma, mb))

    def _bare_links(self, blocks: dict[tuple, list[int]]) -> list[tuple[float, int, int]]:
        """Pairs across blocks where one side says less: "10 people on board" and "10 people were
        killed"; a bare "11,500" and "11,500 fighters" (large or fractional figures only)."""
        out = []
        keyed = [(i, m) for i, m in enumerate(self.ms)
                 if self.claims[i].qualifier != "vague" and m.value is not None]
        by_value: dict[float, list[int]] = defaultdict(list)
        for i, m in keyed:
            by_value[round(m.value, 6)].append(i)
        for members in by_value.values():
            for i, j in combinations(members, 2):
                mi, mj = self.ms[i], self.ms[j]
                if _key(mi) == _key(mj) or self.claims[i].document == self.claims[j].document:
                    continue
                loose = mi.event is None or mj.event is None
                if not loose:
                    continue
                if (_key(mi) is None or _key(mj) is None) and not _distinctive(mi.value):
                    continue
                if self._joinable(i, j) and not self.apart(i, j):
                    out.append((0.5 * self.affinity(i, j), i, j))
        return out


def _point(c: ClaimInput, m: Measure) -> bool:
    """A single figure (exact, approximate or a bound), not a range."""
    return m.value is not None and c.qualifier not in ("range", "vague")


def _same_value(a: Measure, b: Measure) -> bool:
    va, vb = a.value, b.value
    return va is not None and vb is not None and abs(va - vb) <= ROUNDING * max(abs(va), abs(vb))


def _distinctive(v: float | None) -> bool:
    """A figure specific enough to recognise alone: 100 or more, or with decimals (6.3)."""
    return v is not None and (abs(v) >= 100 or not float(v).is_integer())


def _name_words(name: str) -> set[str]:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return {w for w in re.findall(r"[a-z]+", folded) if len(w) > 2 and w not in _STOP}


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def group_claims(claims: list[ClaimInput]) -> list[list[ClaimInput]]:
    """Groups of claims that state the same fact (see the module doc)."""
    return [[claims[i] for i in g] for g in _Grouper(claims).groups()]


# --- describing --------------------------------------------------------------------------------
def _label(ms: list[Measure], claims: list[ClaimInput]) -> str:
    """What is measured, as a headline would name it: "deaths", "people missing", "buildings
    destroyed or damaged", "distance (km)", "amount paid (roubles)"."""
    kinds = Counter(m.kind for m in ms if m.kind)
    events = Counter(m.event for m in ms if m.event)
    kind = kinds.most_common(1)[0][0] if kinds else None
    event = events.most_common(1)[0][0] if events else None
    if any(m.unit for m in ms if m.kind == kind):
        if event in ("cost", "paid"):
            return f"{'cost' if event == 'cost' else 'amount paid'} ({kind})"
        if event == "burned":
            return f"area burned ({kind})"
        return UNIT_LABELS.get(kind, "{}").format(kind)
    if kind in (None, "people") and event in EVENT_LABELS:
        return EVENT_LABELS[event]
    if kind is None:
        return next((c.counted for c in claims if c.counted), "figure")
    if event in THING_EVENT_LABELS:
        return f"{kind} {THING_EVENT_LABELS[event]}"
    if kind == "people":  # who is counted, as the articles name them ("Kesvarians", "residents")
        named = Counter(c.counted.split()[0] for c in claims if c.counted and c.counted.split()[0].isalpha())
        return named.most_common(1)[0][0] if named else "people"
    return kind


def _where(group: list[ClaimInput], ms: list[Measure]) -> str | None:
    """The place a fact is about: the place most of its articles name as the count's scope (twice
    the weight) or in the claim's sentence."""
    names = {k: v for c in group for k, v in c.place_names.items()}
    score: Counter = Counter()
    for c, m in {(c.document, c.sentence_start): (c, m) for c, m in zip(group, ms)}.values():
        # in a fixed order (scope words sorted, places as the sentence names them): ties go to the
        # first, the same in every process whatever its hash seed
        score.update({k: 2 for k in sorted(m.scope) if k in names})
        score.update(dict.fromkeys((k for _, _, k in c.places), 1))
    if not score:
        return None
    key = score.most_common(1)[0][0]
    marks = Counter(s for m in ms for s in m.scope if s in ("combined", "part"))
    if marks["combined"] * 2 > len(ms):  # "deaths in Valdria and Norland": name both, not one
        both = [k for k, _ in Counter({k: n for k, n in score.items() if any(
            k in m.scope for m in ms if "combined" in m.scope)}).most_common(2)]
        if len(both) == 2:
            return " and ".join(sorted(names.get(k, k) for k in both))
    if marks["part"] * 2 > len(ms):  # "in rebel-held parts of northern Valdria"
        return f"part of {names.get(key, key)}"
    return names.get(key, key)


ORDINAL_WORDS = {n: word for word, n in ORDINALS.items()}


def describe(group: list[ClaimInput], ms: list[Measure] | None = None) -> str:
    """A journalist's label: what is measured and where ("deaths — Port Selden", "people missing —
    Valdria"), with a past year or an initial list when that is its scope."""
    ms = ms or measures_of(group)
    label = _label(ms, group)
    where = _where(group, ms)
    years = sorted({s[5:] for m in ms for s in m.scope if s.startswith("year:")})
    if any("initial" in m.scope for m in ms):
        label = f"{label} (initial count)"
    nth = Counter(_nth(m) for m in ms).most_common(1)[0][0] if ms else 1
    if nth > 1:
        label = f"{label} ({ORDINAL_WORDS.get(nth, f'no. {nth}')})"
    if years:
        label = f"{label} ({', '.join(years)})"
    return f"{label} — {where}" if where else label


def resolve_facts(claims: list[ClaimInput]) -> list[Fact]:
    grouper = _Grouper(claims)
    facts = []
    for g in grouper.groups():
        group = [claims[i] for i in g]
        ms = [grouper.ms[i] for i in g]
        out = [Claim(c.document, c.text, c.start, c.end, c.value, c.low, c.high, c.qualifier, c.published)
               for c in group]
        st = status(out, ms)
        description = describe(group, ms)
        if st == "evolving" and revised_down(out, ms):
            description += " (revised down)"
        fid = stable_id("fact", *sorted(f"{c.document}:{c.start}" for c in group))
        facts.append(Fact(fid, description, st, out))
    facts.sort(key=lambda f: (f.status == "single", f.id))
    return facts


# --- a figure of one story recalled in another -------------------------------------------------
_LOWER = re.compile(r"\b[a-z][a-z\-]+\b")


def _sentence_kinds(sentence: str) -> set[str]:
    """The kinds of event a sentence names ("died in the wildfire that hit ..." -> fire)."""
    from storyline.resources.events import BROADER_KIND, EVENT_KIND_OF
    from storyline.resolve.story_words import fold_plural
    out = set()
    for w in _LOWER.findall(sentence):
        kind = EVENT_KIND_OF.get(fold_plural(w))
        if kind:
            out.add(BROADER_KIND.get(kind, kind))
    return out


def _prevailing_kind(claims: list[ClaimInput]) -> str | None:
    """The kind of event a story's claims tell of most (counted once per sentence)."""
    n: Counter = Counter()
    for s in {(c.document, c.sentence_start): c.sentence for c in claims}.values():
        n.update(sorted(_sentence_kinds(s)))  # ties: the same kind in every process
    return n.most_common(1)[0][0] if n else None


def attach_recalled(stories: list[tuple[list[ClaimInput], list[Fact]]]) -> None:
    """A story's figure recalled in an article of another story joins that story's fact: "weeks
    after over 100 people died in the wildfire that hit <town>" in an eruption report is the fire's
    death toll. The claim must stand alone in its own story, name in its sentence the other story's
    prevailing kind of event (not its own story's) and one of the places that story's claims name,
    and measure what a fact of it measures with a compatible figure. It is shown beside the fact's
    claims but leaves its status as it was (the article reports the event only in passing)."""
    info = []
    for claims, facts in stories:
        ms = measures_of(claims) if claims else []
        at = {(c.document, c.start): k for k, c in enumerate(claims)}
        places = {key for c in claims for _, _, key in c.places}
        info.append((claims, facts, ms, at, places, _prevailing_kind(claims)))
    for x, (claims, facts, ms, at, _, own_kind) in enumerate(info):
        for f in [f for f in facts if f.status == "single" and len(f.claims) == 1]:
            k = at.get((f.claims[0].document, f.claims[0].start))
            if k is None or _key(ms[k]) is None or ms[k].event is None:
                continue
            c, m = claims[k], ms[k]
            kinds = _sentence_kinds(c.sentence)
            where = {key for _, _, key in c.places}
            best = None
            for y, (claims2, facts2, ms2, at2, places2, kind2) in enumerate(info):
                if y == x or kind2 is None or kind2 == own_kind or kind2 not in kinds or not where & places2:
                    continue
                for g in facts2:
                    if g.status == "single":
                        continue
                    idx = [at2.get((d.document, d.start)) for d in g.claims]
                    idx = [i for i in idx if i is not None]
                    if not any(_key(ms2[i]) == _key(m) and compatible(c, claims2[i], m, ms2[i]) for i in idx):
                        continue
                    if best is None or len(g.claims) > len(best[1].claims):
                        best = (y, g)
            if best is not None:
                best[1].claims.append(f.claims[0])
                facts.remove(f)
