"""Resolve stage: group documents into stories (the same event or topic).

Documents are compared by the actors they mention, weighted by how rare each actor is in the
corpus (tf-idf over entity ids), with candidates found through shared rare actors only (an
inverted index, not all pairs; an actor shared by very many documents only links documents near
each other in time). Documents whose similarity passes a threshold are linked; a
story is a connected group. Its label names its most widely mentioned actors."""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from itertools import combinations

from storyline.ids import stable_id
from storyline.model import Story

LINK_MIN = 0.2  # cosine of actor profiles that links two documents into one story
RARE_SHARE = 0.5  # an actor in more than this share of documents does not generate candidates
BLOCK_MAX = 300  # documents sharing an actor compared all against all up to this many
WINDOW = 30  # beyond it, each document meets the next ones in publication order only (bounded work)


def resolve_stories(doc_entities: dict[str, Counter], names: dict[str, str],
                    order: dict[str, str | None] | None = None) -> list[Story]:
    """doc_entities: document id -> Counter of entity ids mentioned; names: entity id -> name;
    order: document id -> publication date, for comparing documents around a widely shared actor."""
    order = order or {}
    docs = sorted(doc_entities)
    n = len(docs)
    df = Counter(e for d in docs for e in doc_entities[d])
    idf = {e: math.log((1 + n) / (1 + k)) + 1 for e, k in df.items()}
    vec = {}
    for d in docs:
        v = {e: (1 + math.log(c)) * idf[e] for e, c in doc_entities[d].items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vec[d] = {e: x / norm for e, x in v.items()}
    index: dict[str, list[str]] = defaultdict(list)
    for d in docs:
        for e in doc_entities[d]:
            if n < 4 or df[e] <= max(2, RARE_SHARE * n):
                index[e].append(d)
    parent = {d: d for d in docs}

    def find(d: str) -> str:
        while parent[d] != d:
            parent[d] = parent[parent[d]]
            d = parent[d]
        return d

    checked = set()
    for members in index.values():
        if len(members) > BLOCK_MAX:  # a widely shared actor: each document meets its neighbours in time
            members = sorted(members, key=lambda d: (order.get(d) or "9999", d))
            pairs = ((a, b) for i, a in enumerate(members) for b in members[i + 1:i + 1 + WINDOW])
        else:
            pairs = combinations(members, 2)
        for a, b in pairs:
            if (a, b) in checked or find(a) == find(b):
                continue  # already compared, or already in one story
            checked.add((a, b))
            small, big = (vec[a], vec[b]) if len(vec[a]) <= len(vec[b]) else (vec[b], vec[a])
            cos = sum(x * big.get(e, 0.0) for e, x in small.items())
            if cos >= LINK_MIN:
                parent[find(a)] = find(b)
    groups: dict[str, list[str]] = defaultdict(list)
    for d in docs:
        groups[find(d)].append(d)
    stories = []
    for members in groups.values():
        in_docs, mentions = Counter(), Counter()
        for d in members:
            in_docs.update(doc_entities[d].keys())
            mentions.update(doc_entities[d])
        # most widely mentioned first; ties by mentions, then name (never by reading order)
        top = sorted(in_docs, key=lambda e: (-in_docs[e], -mentions[e], names.get(e, e)))[:3]
        label = ", ".join(names.get(e, e) for e in top) or "(no actors)"
        stories.append(Story(stable_id("story", *sorted(members)), label, sorted(members)))
    stories.sort(key=lambda s: (-len(s.documents), s.id))
    return stories
