"""Resolve stage: group documents into stories (one event and what followed from it).

A document is seen two ways: the actors it mentions (entity ids) and the words it tells what
happened with (its lower-case content words: "earthquake", "mutiny", "evacuated", "toll"), each
weighted by tf-idf over the corpus and by how rare the word or name is in general English
(wordfreq), so that a small corpus about one event still tells its own places and words from
"United States" and "said". Two groups of documents are one story when their centroids agree on
both: the similarity is a weighted geometric mean of the two cosines, so articles that share
the actors but tell of another event (the same president at an election, not at the
earthquake), or share the words of a kind of event but not its actors (another country's
wildfire), stay apart. Two further general cues: a named event (an EVENT actor whose name
says what happened, "Kelso wildfires", "Hurricane Dora") weighs more than other actors, since articles that name the same
event are about it even when their other actors differ (a business report on the utility blamed
for a fire); and a group whose prevailing kind of event (``resources.events``: "eruption" said five
times) the other group never names tells of another event, even in the same places (a volcano
erupting on the island a wildfire burned weeks before), so its similarity is cut (``other_event``).

Grouping is agglomerative on centroids: the most similar pair of groups merges first, and a
group's centroid must keep matching the next document, which stops single-link chaining through
one shared actor on large mixed corpora, while a story that moves on (a mutiny, then the death of
its leader) stays one as long as its actors and words carry over. Candidate pairs come from an
inverted index over entities, never all pairs; an entity shared by very many documents only pairs
documents near each other in time."""
from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import combinations

from storyline.ids import stable_id
from storyline.model import Story
from storyline.resources.events import BROADER_KIND, EVENT_KIND_OF
from storyline.resolve.story_labels import story_label
from storyline.resolve.story_words import background_idf, fold_plural, name_idf

ACTOR_SHARE = 0.7  # weight of the actor cosine in the similarity (the word cosine gets the rest)
LINK_MIN = 0.11  # centroid similarity that joins two groups (dev set, all four stories: the strongest pair
# left apart 0.09, the weakest merge 0.12)
ACTORS_ONLY_MIN = 0.2  # actor cosine that joins groups compared without words
BLOCK_MAX = 300  # documents sharing an actor compared all against all up to this many
NEIGHBOURS = 20  # most similar candidates kept per document
WINDOW = 30  # beyond it, each document meets the next ones in publication order only (bounded work)
EVENT_ACTOR = 3.0  # weight of a named event (EVENT actor) against other actors of equal rarity (dev set:
# the only actor a business article shares with its fire story; 2 leaves it at 0.10, 3 lifts it to 0.14)
PREVAIL_MIN = 2  # mentions of an event kind that make it a group's prevailing kind ("eruption" x5)
OTHER_EVENT = 0.5  # similarity factor between groups where one's prevailing event kind is absent from the other


def _tfidf(bags: dict[str, Counter], background: Callable[[str], float] | None = None) -> dict[str, dict[str, float]]:
    """Unit-length tf-idf vectors (sublinear tf, smoothed idf) of every bag; ``background``
    multiplies each feature's weight (how rare a word is outside the corpus)."""
    n = len(bags)
    df = Counter(f for bag in bags.values() for f in bag)
    idf = {f: math.log((1 + n) / (1 + k)) + 1 for f, k in df.items()}
    if background is not None:
        idf = {f: x * background(f) for f, x in idf.items()}
    out = {}
    for d, bag in bags.items():
        v = {f: (1 + math.log(c)) * idf[f] for f, c in bag.items() if c > 0}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        out[d] = {f: x / norm for f, x in v.items()}
    return out


@dataclass
class _Centroid:
    """A sparse sum of unit vectors with its squared norm kept up to date."""

    weights: dict[str, float]
    norm2: float = -1.0

    def __post_init__(self) -> None:
        if self.norm2 < 0:
            self.norm2 = sum(x * x for x in self.weights.values())

    def add(self, other: _Centroid) -> None:
        own = self.weights
        for f, x in other.weights.items():
            old = own.get(f, 0.0)
            own[f] = old + x
            self.norm2 += 2 * old * x + x * x

    def cosine(self, other: _Centroid) -> float:
        if not self.weights or not other.weights:
            return 0.0
        small, big = (self, other) if len(self.weights) <= len(other.weights) else (other, self)
        dot = sum(x * big.weights.get(f, 0.0) for f, x in small.weights.items())
        return dot / math.sqrt(self.norm2 * other.norm2) if dot > 0.0 else 0.0


@dataclass
class _Group:
    """A group of documents with the sums of their actor and word vectors (its centroids)."""

    members: list[str]
    actors: _Centroid
    words: _Centroid
    kinds: Counter = field(default_factory=Counter)  # event kind -> mentions of its nouns
    version: int = 0
    neighbours: set[int] = field(default_factory=set)

    def absorb(self, other: _Group) -> None:
        self.members += other.members
        self.actors.add(other.actors)
        self.words.add(other.words)
        self.kinds.update(other.kinds)
        self.version += 1


def event_kinds(words: Counter) -> Counter:
    """Mentions of each kind of event among a document's content words ("quake" x3 -> earthquake: 3),
    a narrower kind counted under its broader one ("wildfire" as "fire")."""
    out: Counter = Counter()
    for w, n in words.items():
        kind = EVENT_KIND_OF.get(w)
        if kind:
            out[BROADER_KIND.get(kind, kind)] += n
    return out


def _prevailing(kinds: Counter) -> list[str]:
    """The kinds of event a group tells of most (ties kept), when named at least PREVAIL_MIN times."""
    if not kinds:
        return []
    top = max(kinds.values())
    return [k for k, n in kinds.items() if n == top] if top >= PREVAIL_MIN else []


def other_event(a: _Group, b: _Group) -> bool:
    """Whether the smaller group (fewer documents; either when equal) tells mainly of a kind of event
    that the other never names, both naming some kind: an eruption article beside a wildfire story,
    an election article beside an earthquake story. Only the smaller side's prevailing kind counts:
    a story that moves on (a mutiny, then its leader's plane crash) prevails in its later kind while
    its early articles name only the first."""
    if not a.kinds or not b.kinds:
        return False
    sides = [(a, b), (b, a)] if len(a.members) == len(b.members) else \
        [(a, b)] if len(a.members) < len(b.members) else [(b, a)]
    return any(k not in big.kinds for small, big in sides for k in _prevailing(small.kinds))


def _named_event(name: str, kind: str | None) -> bool:
    """An EVENT actor whose name says what happened ("Kelso wildfires", "Hurricane Dora"); not a
    name the tagger typed EVENT without an event noun (a war or an era recalled in passing)."""
    return kind == "EVENT" and any(fold_plural(w) in EVENT_KIND_OF for w in name.lower().split())


def similarity(a: _Group, b: _Group) -> float:
    """Weighted geometric mean of the actor and the word cosines of two groups' centroids
    (zero when either is). Where either group has no words, the actor cosine alone, scaled so
    that it must reach ACTORS_ONLY_MIN."""
    actors = a.actors.cosine(b.actors)
    if not actors:
        return 0.0
    if not a.words.weights or not b.words.weights:
        return actors * LINK_MIN / ACTORS_ONLY_MIN
    s = actors ** ACTOR_SHARE * a.words.cosine(b.words) ** (1 - ACTOR_SHARE)
    return s * OTHER_EVENT if other_event(a, b) else s


def _candidate_pairs(docs: list[str], doc_entities: dict[str, Counter],
                     order: dict[str, str | None]) -> Iterator[tuple[str, str]]:
    """Pairs of documents that share an actor: all of them for an actor in at most BLOCK_MAX
    documents, else each document with the next WINDOW ones in publication order."""
    index: dict[str, list[str]] = defaultdict(list)
    for d in docs:
        for e in doc_entities[d]:
            index[e].append(d)
    seen: set[tuple[str, str]] = set()
    for members in index.values():
        if len(members) > BLOCK_MAX:
            members = sorted(members, key=lambda d: (order.get(d) or "9999", d))
            pairs: Iterable[tuple[str, str]] = (
                (a, b) for i, a in enumerate(members) for b in members[i + 1:i + 1 + WINDOW])
        else:
            pairs = combinations(members, 2)
        for a, b in pairs:
            key = (a, b) if a < b else (b, a)
            if key not in seen:
                seen.add(key)
                yield key


def _link_nearest(groups: list[_Group], docs: list[str], pairs: Iterable[tuple[str, str]]) -> None:
    """Each document's NEIGHBOURS most similar candidates become its neighbours (both ways):
    what a centroid is compared with stays bounded however many documents share an actor."""
    at = {d: i for i, d in enumerate(docs)}
    best: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for a, b in pairs:
        i, j = at[a], at[b]
        s = similarity(groups[i], groups[j])
        if s <= 0.0:
            continue
        for x, y in ((i, j), (j, i)):
            heap = best[x]
            if len(heap) < NEIGHBOURS:
                heapq.heappush(heap, (s, y))
            elif s > heap[0][0]:
                heapq.heapreplace(heap, (s, y))
    for i, heap in best.items():
        for _, j in heap:
            groups[i].neighbours.add(j)
            groups[j].neighbours.add(i)


def _agglomerate(groups: list[_Group]) -> list[_Group]:
    """Merge the most similar neighbouring groups until no pair reaches LINK_MIN."""
    heap: list[tuple[float, int, int, int, int]] = []

    def push(i: int, j: int) -> None:
        lo, hi = min(i, j), max(i, j)
        s = similarity(groups[lo], groups[hi])
        if s >= LINK_MIN:
            heapq.heappush(heap, (-s, lo, hi, groups[lo].version, groups[hi].version))

    for i, g in enumerate(groups):
        for j in g.neighbours:
            if i < j:
                push(i, j)
    alive = set(range(len(groups)))
    while heap:
        _, i, j, vi, vj = heapq.heappop(heap)
        if i not in alive or j not in alive or groups[i].version != vi or groups[j].version != vj:
            continue  # a stale pair: one side has merged since
        keep, gone = groups[i], groups[j]
        keep.absorb(gone)
        alive.discard(j)
        keep.neighbours = (keep.neighbours | gone.neighbours) - {i, j}
        for k in keep.neighbours:
            groups[k].neighbours.discard(j)
            groups[k].neighbours.add(i)
            push(i, k)
    return [groups[i] for i in sorted(alive)]


def resolve_stories(doc_entities: dict[str, Counter], names: dict[str, str],
                    order: dict[str, str | None] | None = None,
                    doc_words: dict[str, Counter] | None = None,
                    kinds: dict[str, str] | None = None) -> list[Story]:
    """doc_entities: document id -> Counter of entity ids mentioned; names: entity id -> name;
    order: document id -> publication date (for bounded candidates and the story's first date);
    doc_words: document id -> its content words (``content_words``); without them documents
    are compared by their actors only; kinds: entity id -> type, for the label and for named
    events (EVENT_ACTOR)."""
    order = order or {}
    docs = sorted(doc_entities)
    types = kinds or {}
    actors = _tfidf({d: doc_entities[d] for d in docs},
                    lambda e: name_idf(names.get(e, e)) * (EVENT_ACTOR if _named_event(names.get(e, e), types.get(e))
                                                           else 1.0))
    bags = {d: (doc_words or {}).get(d, Counter()) for d in docs}
    words = _tfidf(bags, background_idf)
    groups = [_Group([d], _Centroid(dict(actors[d])), _Centroid(dict(words[d])), event_kinds(bags[d]))
              for d in docs]
    _link_nearest(groups, docs, _candidate_pairs(docs, doc_entities, order))
    stories = []
    for g in _agglomerate(groups):
        members = sorted(g.members)
        label = story_label(members, doc_entities, names, doc_words or {}, order, kinds, background_idf)
        stories.append(Story(stable_id("story", *members), label, members))
    stories.sort(key=lambda s: (-len(s.documents), s.id))
    return stories
