"""Export stage: the actor network as GraphML or GEXF (networkx), for Gephi and friends.

Nodes are entities (name, type, mention and document counts). Two actors are linked when they
are named in the same sentence (``weight``: in how many sentences) or when a relation joins them
(``predicates``: what the articles say, ``relations``: how many times). Attributes are plain
strings and numbers, as both formats require."""
from __future__ import annotations

import bisect
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import networkx as nx

from storyline.store.db import Store
from storyline.store.read import tables

FORMATS = ("graphml", "gexf")


def actor_graph(store: Store) -> nx.Graph:
    graph = nx.Graph(name="storyline actor network")
    bounds: dict[str, list[int]] = defaultdict(list)
    for s in tables.sentences(store):
        bounds[s["document"]].append(s["start"])
    in_sentence: dict[tuple[str, int], set[str]] = defaultdict(set)
    for m in tables.mentions(store):
        if not m["entity"]:
            continue
        i = bisect.bisect_right(bounds[m["document"]], m["start"]) - 1
        in_sentence[(m["document"], i)].add(m["entity"])
    for e in tables.entities(store):
        graph.add_node(e["id"], label=e["name"], type=e["type"], mentions=e["mentions_count"],
                       documents=len(e["documents"]))
    for actors in in_sentence.values():
        for a, b in combinations(sorted(actors), 2):
            _edge(graph, a, b)["weight"] += 1
    predicates: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in tables.relations(store):
        a, b = r["subject"], r["object"]
        if a != b and a in graph and b in graph:
            _edge(graph, a, b)["relations"] += 1
            predicates[tuple(sorted((a, b)))].add(f"{graph.nodes[a]['label']} {r['predicate']} {graph.nodes[b]['label']}")
    for (a, b), said in predicates.items():
        graph.edges[a, b]["predicates"] = "; ".join(sorted(said))
    return graph


def _edge(graph: nx.Graph, a: str, b: str) -> dict:
    if not graph.has_edge(a, b):
        graph.add_edge(a, b, weight=0, relations=0, predicates="")
    return graph.edges[a, b]


def write_graph(store: Store, path: Path, fmt: str) -> nx.Graph:
    graph = actor_graph(store)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "graphml":
        nx.write_graphml(graph, path)
    elif fmt == "gexf":
        nx.write_gexf(graph, path)
    else:
        raise ValueError(f"unknown graph format {fmt!r}")
    return graph
