"""Resolve stage: line up the numbers different outlets report for the same fact.

A claim is one quantity in one document. Two claims from different documents are candidates
for the same fact only when they count the same thing (the same head noun after the number) or
state the same value; they join when their sentences talk about the same things (overlap of
content words and actors). A fact's status compares the claims' values with their qualifiers:
compatible intervals agree; otherwise a figure that only rises with publication date is
``evolving``; anything else is a ``conflict``. Near-duplicate documents count once."""
from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from storyline.ids import stable_id
from storyline.model import Claim, Fact
from storyline.resources.facts import (
    DISTANCE_HEADS,
    EVENT_CLASSES,
    EVENT_LABELS,
    HEAD_CLASSES,
    UNIT_HEADS,
)

_WORD = re.compile(r"[A-Za-z][A-Za-z\-]+")
_STOP = frozenset(["a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or", "but", "as", "is", "are", "was", "were", "be", "been", "has", "have", "had", "that", "this", "these", "those", "it", "its", "their", "his", "her", "they", "he", "she", "we", "you", "i", "not", "no", "than", "more", "less", "about", "around", "over", "under", "some", "most", "many", "much", "few", "least", "after", "before", "since", "during", "into", "out", "up", "down", "there", "which", "who", "whom", "whose", "what", "when", "where", "while", "also", "said", "says", "say", "according", "would", "could", "will", "can", "may", "might", "just", "than", "then", "them", "our", "your", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"])
# How far an "around"/"about" figure may stray and still agree with another.
APPROX_TOLERANCE = 0.1
SAME_THING_MIN = 0.15  # context overlap needed when the head noun matches (calibrated on the seeds + examples)
SAME_VALUE_MIN = 0.15  # stricter when only the value matches: close numbers alone never merge facts
EVENT_BONUS = 0.1  # both sentences say the same thing happened to what is counted
EVENT_WINDOW = 14  # words on either side of the number that can name the event
MAGNITUDE_MAX = 5.0  # two reports of one figure differ by less than this factor (tolls, counts)
_HEAD_OF = {w: cls for cls, words in HEAD_CLASSES.items() for w in words}
_EVENT_OF = {w: cls for cls, words in EVENT_CLASSES.items() for w in words}


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


def stem(word: str) -> str:
    word = word.lower().strip("-")
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


_NUMBER_WORDS = frozenset(["hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion", "dozen", "dozens", "several", "half", "couple", "around", "approximately", "nearly", "least", "roughly"])


def head_noun(claim: ClaimInput) -> str | None:
    """The counted word as written, lowercased: first content word after the number in the
    claim text ("five-year" -> "year"), else the first word of what it counts."""
    words = [w for w in _WORD.findall(claim.text.replace("-", " "))
             if w.lower() not in _STOP and w.lower() not in _NUMBER_WORDS]
    if words:
        return (words[-1] if len(words) == 1 else words[0 if claim.text[:1].isdigit() else -1]).lower()
    if claim.counted:
        cwords = [w for w in _WORD.findall(claim.counted) if w.lower() not in _STOP]
        return cwords[0].lower() if cwords else None
    return None


def head_class(claim: ClaimInput) -> str | None:
    """The counted thing, with outlets' synonyms folded ("residents" and "people")."""
    head = head_noun(claim)
    if head is None:
        return None
    return _HEAD_OF.get(head) or _HEAD_OF.get(stem(head)) or stem(head)


def events(claim: ClaimInput, own_words: bool = True) -> set[str]:
    """What happened to what is counted: the event word nearest the number in its sentence
    ("12 people were killed and dozens more are missing": 12 -> death, dozens -> missing).
    ``own_words=False`` ignores the claim's own words ("17 deaths" names its event itself)."""
    at = max(0, claim.start - claim.sentence_start)
    skip = len(claim.text.split()) if not own_words else 0
    before = _WORD.findall(claim.sentence[:at])[-EVENT_WINDOW:]
    after = _WORD.findall(claim.sentence[at:])[skip:EVENT_WINDOW + len(claim.text.split())]
    found = [(len(before) - k, _EVENT_OF[w.lower()]) for k, w in enumerate(before) if w.lower() in _EVENT_OF]
    found += [(k, _EVENT_OF[w.lower()]) for k, w in enumerate(after) if w.lower() in _EVENT_OF]
    if not found:
        return set()
    nearest = min(d for d, _ in found)
    return {ev for d, ev in found if d == nearest}


def magnitude(claim: ClaimInput) -> float | None:
    if claim.low is not None and claim.high is not None:
        return (claim.low + claim.high) / 2
    return claim.value if claim.qualifier != "vague" else None


def context(claim: ClaimInput) -> set[str]:
    """What the sentence is about, beyond the claim itself (whose unit word every claim of the
    same kind shares: "five years" in prison and a war of "five years")."""
    own = {stem(w) for w in _WORD.findall(claim.text)}
    words = {stem(w) for w in _WORD.findall(claim.sentence) if w.lower() not in _STOP and len(w) > 2}
    return (words - own) | set(claim.actors)


def interval(c: ClaimInput | Claim) -> tuple[float, float]:
    v = c.value
    if c.low is not None and c.high is not None:
        return c.low, c.high
    if v is None:
        return -math.inf, math.inf
    return {
        "approx": (v * (1 - APPROX_TOLERANCE), v * (1 + APPROX_TOLERANCE)),
        "at_least": (v, math.inf),
        "more_than": (v, math.inf),
        "at_most": (0.0, v),
        "less_than": (0.0, v),
        "vague": (v, v * 10),
    }.get(c.qualifier, (v, v))


def compatible(a: Claim, b: Claim) -> bool:
    (al, ah), (bl, bh) = interval(a), interval(b)
    return al <= bh and bl <= ah


def status(claims: list[Claim]) -> str:
    docs = {c.document for c in claims}
    if len(docs) < 2:
        return "single"
    if all(compatible(a, b) for a, b in combinations(claims, 2)):
        return "agree"
    dated = sorted((c for c in claims if c.published), key=lambda c: c.published)
    if any(c.value is None and (c.low is None or c.high is None) for c in dated):
        return "conflict"
    if len(dated) == len(claims) and len({c.published for c in dated}) > 1:
        mids = [c.value if c.value is not None else (c.low + c.high) / 2 for c in dated]
        steps = list(zip(mids, mids[1:]))
        if all(x <= y for x, y in steps) or all(x >= y for x, y in steps):
            return "evolving"  # a toll that rises, a missing count that falls as bodies are found
    return "conflict"


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def group_claims(claims: list[ClaimInput]) -> list[list[ClaimInput]]:
    """Groups of claims that state the same fact; at most one claim per document in a group.

    Candidates come from blocks (same counted thing, same event, same value); a pair is vetoed
    when the two count different things or say different things happened to them; groups merge
    best pair first, and only when no pair across the two groups is vetoed (no chaining of a
    death toll into an evacuation figure through a bare number)."""
    heads = [head_class(c) for c in claims]
    evs = [events(c) for c in claims]
    said = [events(c, own_words=False) for c in claims]
    ctx = [context(c) for c in claims]
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        if c.qualifier == "vague" and not heads[i]:
            continue  # "dozens more": too loose to anchor a fact on
        if heads[i]:
            blocks[("head", heads[i])].append(i)
        for ev in evs[i]:
            blocks[("event", ev)].append(i)
        if c.value is not None or c.low is not None:
            blocks[("value", c.value, c.low, c.high)].append(i)

    mags = [magnitude(c) for c in claims]

    def vetoed(i: int, j: int) -> bool:
        if heads[i] and heads[j] and heads[i] != heads[j]:
            return True  # they count different things
        if evs[i] and evs[j] and not evs[i] & evs[j]:
            return True  # different things happened to them
        if bool(heads[i]) != bool(heads[j]) and (not evs[i] & evs[j] or (heads[i] or heads[j]) in UNIT_HEADS):
            return True  # a bare number ("rose to 23") joins only a count of the same event
        if heads[i] in DISTANCE_HEADS and heads[j] in DISTANCE_HEADS and not claims[i].actors & claims[j].actors:
            return True  # two distances are one fact only when measured from the same place
        a, b = mags[i], mags[j]
        return bool(a and b and max(a, b) / max(min(a, b), 1e-9) > MAGNITUDE_MAX)

    pairs = {}
    for (kind, *_), members in blocks.items():
        threshold = SAME_VALUE_MIN if kind == "value" else SAME_THING_MIN
        for i, j in combinations(members, 2):
            if claims[i].document == claims[j].document or vetoed(i, j):
                continue
            score = _jaccard(ctx[i], ctx[j]) + EVENT_BONUS * bool(said[i] & said[j])
            if score >= threshold:
                pairs[(i, j)] = max(score, pairs.get((i, j), 0.0))
    group_of = {i: {i} for i in range(len(claims))}
    for (i, j), _ in sorted(pairs.items(), key=lambda kv: -kv[1]):
        gi, gj = group_of[i], group_of[j]
        if gi is gj or {claims[k].document for k in gi} & {claims[k].document for k in gj}:
            continue
        if any(vetoed(a, b) for a in gi for b in gj):
            continue
        gi |= gj
        for k in gj:
            group_of[k] = gi
    seen, groups = set(), []
    for i in range(len(claims)):
        g = group_of[i]
        if id(g) not in seen:
            seen.add(id(g))
            groups.append(sorted(g))
    return [[claims[i] for i in g] for g in groups]


def describe(group: list[ClaimInput]) -> str:
    """What the fact is about, for a reader: the fullest counted phrase the claims give, and
    what happened to it ("people — killed", "dollars — damage")."""
    counted = max((c.counted for c in group if c.counted), key=len, default=None)
    if counted is None:
        heads = [head_noun(c) for c in group]
        counted = next((h for h in heads if h), group[0].text)
    if head_class(group[0]) in UNIT_HEADS:
        return counted  # a distance or a sum: what happened nearby is not what it measures
    shared = set.intersection(*(events(c) for c in group)) if group else set()
    event = next((EVENT_LABELS[e] for e in sorted(shared) if e in EVENT_LABELS), None)
    if event and event not in counted:
        return f"{counted} — {event}"
    return counted


def resolve_facts(claims: list[ClaimInput]) -> list[Fact]:
    facts = []
    for group in group_claims(claims):
        out = [Claim(c.document, c.text, c.start, c.end, c.value, c.low, c.high, c.qualifier, c.published)
               for c in group]
        description = describe(group)
        fid = stable_id("fact", *sorted(f"{c.document}:{c.start}" for c in group))
        facts.append(Fact(fid, description, status(out), out))
    facts.sort(key=lambda f: (f.status == "single", f.id))
    return facts
