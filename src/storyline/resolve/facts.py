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

_WORD = re.compile(r"[A-Za-z][A-Za-z\-]+")
_STOP = frozenset("""a an the of in on at to for from by with and or but as is are was were be been has have had
    that this these those it its their his her they he she we you i not no than more less about around
    over under some most many much few least after before since during into out up down there which who
    whom whose what when where while also said says say according would could will can may might just
    than then them our your one two three four five six seven eight nine ten""".split())
# How far an "around"/"about" figure may stray and still agree with another.
APPROX_TOLERANCE = 0.1
SAME_THING_MIN = 0.08  # context overlap needed when the head noun matches (calibrated on the seeds + examples)
SAME_VALUE_MIN = 0.15  # stricter when only the value matches: close numbers alone never merge facts


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


def stem(word: str) -> str:
    word = word.lower().strip("-")
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def head_noun(claim: ClaimInput) -> str | None:
    """The counted word: first content word after the number in the claim text ("five-year" -> year)."""
    words = [w for w in _WORD.findall(claim.text.replace("-", " ")) if w.lower() not in _STOP]
    numberish = {"hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion", "dozen",
                 "dozens", "several", "half", "couple", "around", "approximately", "nearly", "least", "roughly"}
    words = [w for w in words if w.lower() not in numberish]
    if words:
        return stem(words[-1] if len(words) == 1 else words[0 if claim.text[:1].isdigit() else -1])
    if claim.counted:
        cwords = [w for w in _WORD.findall(claim.counted) if w.lower() not in _STOP]
        return stem(cwords[0]) if cwords else None
    return None


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
    if len(dated) == len(claims) and len({c.published for c in dated}) > 1:
        mids = [sum(interval(c)) / 2 if math.isfinite(sum(interval(c))) else interval(c)[0] for c in dated]
        if all(x <= y for x, y in zip(mids, mids[1:])):
            return "evolving"
    return "conflict"


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def group_claims(claims: list[ClaimInput]) -> list[list[ClaimInput]]:
    """Groups of claims that state the same fact; at most one claim per document in a group."""
    heads = [head_noun(c) for c in claims]
    ctx = [context(c) for c in claims]
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        if heads[i]:
            blocks[("head", heads[i])].append(i)
        if c.value is not None or c.low is not None:
            blocks[("value", c.value, c.low, c.high)].append(i)
    pairs = {}
    for (kind, *_), members in blocks.items():
        threshold = SAME_THING_MIN if kind == "head" else SAME_VALUE_MIN
        for i, j in combinations(members, 2):
            if claims[i].document == claims[j].document:
                continue
            score = _jaccard(ctx[i], ctx[j])
            if score >= threshold:
                pairs[(i, j)] = max(score, pairs.get((i, j), 0.0))
    group_of = {i: {i} for i in range(len(claims))}
    for (i, j), _ in sorted(pairs.items(), key=lambda kv: -kv[1]):
        gi, gj = group_of[i], group_of[j]
        if gi is gj or {claims[k].document for k in gi} & {claims[k].document for k in gj}:
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


def resolve_facts(claims: list[ClaimInput]) -> list[Fact]:
    facts = []
    for group in group_claims(claims):
        out = [Claim(c.document, c.text, c.start, c.end, c.value, c.low, c.high, c.qualifier, c.published)
               for c in group]
        first = group[0]
        description = first.counted or first.text
        fid = stable_id("fact", *sorted(f"{c.document}:{c.start}" for c in group))
        facts.append(Fact(fid, description, status(out), out))
    facts.sort(key=lambda f: (f.status == "single", f.id))
    return facts
