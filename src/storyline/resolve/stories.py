"""Resolve stage: group documents into stories (one event and what followed from it).

A document is seen two ways: the actors it mentions (entity ids) and the words it tells what
happened with (its lower-case content words: "earthquake", "mutiny", "evacuated", "toll"), each
weighted by tf-idf over the corpus and by how rare the word or name is in general English
(wordfreq), so that a small corpus about one event still tells its own places and words from
"United States" and "said". Two groups of documents are one story when their centroids agree on
both: the similarity is a weighted geometric mean of the two cosines, so articles that share
the actors but tell of another event (the same president at an election, not at the
earthquake), or share the words of a kind of event but not its actors (another country's
wildfire), stay apart.

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
from storyline.resolve.story_labels import story_label
from storyline.resolve.story_words import background_idf, name_idf

ACTOR_SHARE = 0.7  # weight of the actor cosine in the similarity (the word cosine gets the rest)
LINK_MIN = 0.11  # centroid similarity that joins two groups (dev set: distractors 0.02-0.10, members 0.12+)
ACTORS_ONLY_MIN = 0.2  # actor cosine that joins groups compared without words
BLOCK_MAX = 300  # documents sharing an actor compared all against all up to this many
WINDOW = 30  # beyond it, each document meets the next ones in publication order only (bounded work)


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
class _Group:
    """A group of documents with the sums of their actor and word vectors (its centroids)."""

    members: list[str]
    actors: dict[str, float]
    words: dict[str, float]
    version: int = 0
    neighbours: set[int] = field(default_factory=set)

    def absorb(self, other: _Group) -> None:
        self.members += other.members
        for own, more in ((self.actors, other.actors), (self.words, other.words)):
            for f, x in more.items():
                own[f] = own.get(f, 0.0) + x
        self.version += 1


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    dot = sum(x * big.get(f, 0.0) for f, x in small.items())
    if dot <= 0.0:
        return 0.0
    return dot / math.sqrt(sum(x * x for x in a.values()) * sum(x * x for x in b.values()))


def similarity(a: _Group, b: _Group) -> float:
    """Weighted geometric mean of the actor and the word cosines of two groups' centroids
    (zero when either is). Where either group has no words, the actor cosine alone, scaled so
    that it must reach ACTORS_ONLY_MIN."""
    actors = _cosine(a.actors, b.actors)
    if not actors:
        return 0.0
    if not a.words or not b.words:
        return actors * LINK_MIN / ACTORS_ONLY_MIN
    return actors ** ACTOR_SHARE * _cosine(a.words, b.words) ** (1 - ACTOR_SHARE)


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
    are compared by their actors only; kinds: entity id -> type, for the label."""
    order = order or {}
    docs = sorted(doc_entities)
    actors = _tfidf({d: doc_entities[d] for d in docs}, lambda e: name_idf(names.get(e, e)))
    words = _tfidf({d: (doc_words or {}).get(d, Counter()) for d in docs}, background_idf)
    groups = [_Group([d], dict(actors[d]), dict(words[d])) for d in docs]
    at = {d: i for i, d in enumerate(docs)}
    for a, b in _candidate_pairs(docs, doc_entities, order):
        groups[at[a]].neighbours.add(at[b])
        groups[at[b]].neighbours.add(at[a])
    stories = []
    for g in _agglomerate(groups):
        members = sorted(g.members)
        label = story_label(members, doc_entities, names, doc_words or {}, order, kinds, background_idf)
        stories.append(Story(stable_id("story", *members), label, members))
    stories.sort(key=lambda s: (-len(s.documents), s.id))
    return stories
