"""The resolution run: resolve entities, facts and stories across the documents of the store and
write the result back.

Incremental where that is sound: clustering rules only ever compare actor nodes (a document's
mentions sharing a key) that share a blocking key, so only the nodes connected through those
keys to documents not resolved yet are clustered again, and every other entity stands as it is.
Speakers and relation ends are recomputed for the documents whose actors changed; stories are
regrouped over the whole store from per-document entity counts (tf-idf weights are corpus-wide),
and facts are recomputed only inside stories whose documents or actors changed.

Everything is rebuilt from the per-document rows instead (``full``) while analysts' curation
decisions exist — they act on the finished clustering — and for a store resolved before node
tables existed."""
from __future__ import annotations

import bisect
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from storyline.curation import apply_entity_decisions, drop_wrong_claims, drop_wrong_relations
from storyline.model import Claim, Entity, Fact, Story
from storyline.resolve.entities import Node, block_side, build_nodes, node_blocks, resolve_nodes
from storyline.resolve.facts import ClaimInput, attach_recalled, resolve_facts
from storyline.resolve.stories import resolve_stories
from storyline.resolve.story_words import content_words
from storyline.store import decisions
from storyline.store import resolution as store_io
from storyline.store.db import Store


@dataclass
class ResolveReport:
    """What one resolution did."""

    mode: str  # "full" or "incremental"
    nodes_clustered: int  # actor nodes clustered this time
    nodes_total: int  # actor nodes in the store
    documents_touched: int  # documents whose resolved rows were recomputed
    stories_recomputed: int  # stories whose facts were recomputed
    stories: int


def _mention_at(mentions: list[dict], start: int | None, end: int | None) -> dict | None:
    if start is None or end is None:
        return None
    for m in mentions:
        if m["start"] < end and start < m["end"]:
            return m
    return None


def _named_in(mentions: list[dict], description: str) -> dict | None:
    """The speaker a description names: the mention written exactly so, else the one person whose
    name ends the description ("the official representative of the Foreign Ministry Bakhtiyor
    Rakhimov", as machine translations run role and name together)."""
    exact = next((m for m in mentions if description in (m["text"], m["key"])), None)
    if exact is not None:
        return exact
    people = {m["entity_id"]: m for m in mentions if m["label"] == "PERSON" and len(m["key"].split()) > 1
              and description.endswith(" " + m["key"])}
    return next(iter(people.values())) if len(people) == 1 else None


def _sentence_of(bounds: list[tuple[int, int]], body: str, start: int) -> tuple[int, int]:
    """The sentence around ``start``; one the splitter cut in two ("Roughly 80 others" / "have been
    injured"; no end mark before, a lower-case word after) is joined again, so a count keeps its verb."""
    i = bisect.bisect_right([s for s, _ in bounds], start) - 1
    if not 0 <= i < len(bounds):
        return 0, len(body)
    s, e = bounds[i]
    while i + 1 < len(bounds) and _cut_inside(body, e, bounds[i + 1][0]):
        i += 1
        e = bounds[i][1]
    return s, e


def _cut_inside(body: str, end: int, nxt: int) -> bool:
    """Whether a sentence ending at ``end`` runs on at ``nxt``: it has no end mark, only spaces lie
    between, and the next starts with a lower-case letter."""
    tail = body[:end].rstrip()
    gap = body[end:nxt]
    return (bool(tail) and tail[-1] not in ".!?:;\"'”’»)" and not gap.strip() and nxt < len(body)
            and body[nxt].islower())


STEPS = 5  # entities, speakers and relation ends, stories, facts, writing


def resolve(store: Store, changed: Iterable[str] = (), full: bool | None = None,
            step: Callable[[int], None] | None = None) -> ResolveReport:
    """``changed``: documents whose near-duplicate status changed since the last resolution.
    ``full``: rebuild everything (default: only when incremental resolution is not sound).
    ``step(n)``: called after each of the STEPS steps, for a progress bar."""
    done = step or (lambda n: None)
    if full is None:
        full = store_io.needs_full(store)
    run = _Run.start(store, full, set(changed))
    clusters = cluster(run)
    done(1)
    attached = attach(run, clusters)
    done(2)
    grouped = group_stories(run, clusters, attached)
    done(3)
    found = find_facts(run, attached, grouped)
    done(4)
    store_io.write_resolution(store, resolution_rows(run, clusters, attached, grouped, found))
    done(5)
    total = (len(clusters.new_nodes) if full
             else run.nodes_total_before - len(clusters.stale_ids) + len(clusters.new_nodes))
    return ResolveReport("full" if full else "incremental", len(clusters.nodes), total, len(attached.touched),
                         found.stories_recomputed, len(grouped.stories))


def _node_from_row(row: dict) -> Node:
    return Node(row["document_id"], row["key"], Counter(json.loads(row["labels"])), Counter(json.loads(row["forms"])),
                set(json.loads(row["aliases"])), row["position"], frozenset(json.loads(row["doc_orgs"])))


@dataclass
class _Run:
    """What one resolution starts from."""

    store: Store
    full: bool  # rebuild everything from the per-document rows
    changed: set[str]  # documents whose near-duplicate status changed
    docs: dict[str, dict]  # every document's id, duplicate_of, published
    fresh: set[str]  # documents no resolution has seen yet
    nodes_total_before: int
    next_node_id: int

    @classmethod
    def start(cls, store: Store, full: bool, changed: set[str]) -> _Run:
        docs = store_io.document_states(store)
        fresh = set(docs) if full else store_io.unresolved_documents(store)
        return cls(store, full, changed, docs, fresh, *store_io.node_figures(store))


@dataclass
class _Clusters:
    """Step 1: the actor nodes clustered this time and the entities they make."""

    fresh_mentions: list[dict]
    new_nodes: list[Node]
    new_blocks: list[list[str]]
    old: dict[int, dict]  # node row id -> stored row, for stored nodes clustered again
    stale_ids: set[int]  # node rows of documents analysed again: replaced
    nodes: list[Node]
    entities: list[Entity]
    owner: dict[tuple[str, str], str]  # (document, key) -> entity id
    bases: dict[str, str]  # entity id -> the id its name gives before disambiguation
    gone_entities: set[str]  # entity ids the re-clustered nodes had before


@dataclass
class _Attached:
    """Step 2: entity ids on the rows of every document whose actors changed."""

    touched: set[str]
    stored: dict[tuple, Any]  # what the store holds now: only rows that change are rewritten
    by_doc: dict[str, list[dict]]
    mentions: list[dict]
    speakers: dict[tuple[str, int], str | None]
    rel_ends: dict[tuple[str, int], tuple[str | None, str | None]]


@dataclass
class _Grouped:
    """Step 3: the stories, and what the store held before."""

    names: dict[str, str]
    stories: list[Story]
    old_stories: dict[str, str]  # story id -> label as stored


@dataclass
class _Found:
    """Step 4: the facts of the stories recomputed."""

    redo_docs: set[str]
    stories_recomputed: int
    facts: list[Fact]


# --- 1. entities ---------------------------------------------------------------------------------
def cluster(run: _Run) -> _Clusters:
    store = run.store
    fresh_mentions = store_io.mentions_in(store, run.fresh)
    for m in fresh_mentions:
        m["aliases"] = json.loads(m["aliases"] or "[]")
    new_nodes = build_nodes(fresh_mentions)
    old: dict[int, dict] = {}
    stale = [] if run.full else store_io.nodes_of_documents(store, run.fresh)
    stale_ids = {r["id"] for r in stale}
    new_blocks = [sorted(node_blocks(n)) for n in new_nodes]
    frontier = set().union(*new_blocks, *(json.loads(r["blocks"]) for r in stale))
    seen: set[str] = set()
    while True:
        if not run.full:  # a full rebuild replaces every stored node: nothing to reach
            _close_over(run, frontier, seen, old, stale_ids)
        nodes = sorted([*new_nodes, *(_node_from_row(r) for r in old.values())],
                       key=lambda n: (n.document, n.position))
        entities, owner, bases = resolve_nodes(nodes)
        # an entity named like one left standing: which one keeps the plain id is decided
        # by their order, so that one is clustered again too
        frontier = _same_base_blocks(run, set(bases.values()), old, stale_ids) - seen
        if not frontier:
            break
    if run.full:  # analysts' corrections win
        entities, owner, outcomes = apply_entity_decisions(decisions.decisions(store), entities, owner)
        decisions.set_status(store, outcomes)
    return _Clusters(fresh_mentions, new_nodes, new_blocks, old, stale_ids, nodes, entities, owner,
                     {e.id: bases.get(e.id, e.id) for e in entities},
                     {r["entity_id"] for r in (*old.values(), *stale)})


def _close_over(run: _Run, frontier: set[str], seen: set[str], old: dict[int, dict], stale_ids: set[int]) -> None:
    """Add to ``old`` every stored node connected to ``frontier`` through blocking keys. A two-sided
    key is followed from an asking node (``sur?x``) to both sides, from an answering one
    (``sur!x``) to the askers only, which then bring the other answers: answers alone
    never meet."""
    while True:
        todo: set[str] = set()
        for block in frontier:
            key, side = block_side(block)
            if side is None:
                todo.add(block)
            else:
                todo.add(key.replace(":", "?", 1))
                if side == "?":
                    todo.add(key.replace(":", "!", 1))
        todo -= seen
        if not todo:
            return
        seen |= todo
        ids = store_io.nodes_under(run.store, todo) - (old.keys() | stale_ids)
        frontier = set()
        for row in store_io.nodes_by_id(run.store, ids):
            if row["document_id"] not in run.fresh:
                old[row["id"]] = row
                frontier.update(json.loads(row["blocks"]))


def _same_base_blocks(run: _Run, bases: set[str], old: dict[int, dict], stale_ids: set[int]) -> set[str]:
    out: set[str] = set()
    if run.full:
        return out
    for row in store_io.nodes_with_base(run.store, bases):
        if row["id"] not in old and row["id"] not in stale_ids:
            out.update(json.loads(row["blocks"]))
    return out


# --- 2. speakers and relation ends -------------------------------------------------------------
def attach(run: _Run, cl: _Clusters) -> _Attached:
    """Entity ids on the rows of every document whose actors changed."""
    store = run.store
    moved = {r["document_id"] for r in cl.old.values() if r["entity_id"] != cl.owner[(r["document_id"], r["key"])]}
    touched = run.fresh | moved
    mentions = cl.fresh_mentions + [m for m in store_io.mentions_in(store, moved) if m["document_id"] not in run.fresh]
    stored: dict[tuple, Any] = {}
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for m in sorted(mentions, key=lambda m: (m["document_id"], m["position"])):
        stored[("m", m["document_id"], m["position"])] = m["entity_id"]
        m["entity_id"] = cl.owner.get((m["document_id"], m["key"]), m["entity_id"])
        by_doc[m["document_id"]].append(m)
    speakers = {}
    for q in store_io.quotes_in(store, touched):
        stored[("q", q["document_id"], q["position"])] = q["speaker_entity"]
        hit = _mention_at(by_doc[q["document_id"]], q["speaker_start"], q["speaker_end"])
        if hit is None and q["speaker_text"]:
            hit = _named_in(by_doc[q["document_id"]], q["speaker_text"])
        speakers[(q["document_id"], q["position"])] = hit["entity_id"] if hit else None
    rel_ends = {}
    for r in store_io.relations_in(store, touched):
        stored[("r", r["document_id"], r["position"])] = (r["subject_entity"], r["object_entity"])
        subj = _mention_at(by_doc[r["document_id"]], r["subject_start"], r["subject_end"])
        obj = _mention_at(by_doc[r["document_id"]], r["object_start"], r["object_end"])
        rel_ends[(r["document_id"], r["position"])] = (subj and subj["entity_id"], obj and obj["entity_id"])
    rel_ends, outcomes = drop_wrong_relations(decisions.decisions(store), store_io.every_relation(store), rel_ends)
    decisions.set_status(store, outcomes)
    return _Attached(touched, stored, by_doc, mentions, speakers, rel_ends)


# --- 3. stories ----------------------------------------------------------------------------------
def group_stories(run: _Run, cl: _Clusters, at: _Attached) -> _Grouped:
    counts: dict[str, Counter] = {d: Counter() for d, doc in run.docs.items() if not doc["duplicate_of"]}
    if not run.full:  # the stored entity ids of every document left as it was
        for doc, eid, n in store_io.entity_counts(run.store):
            if doc in counts and doc not in at.touched and eid is not None:
                counts[doc][eid] += n
    for doc, rows in at.by_doc.items():
        if doc in counts:
            for r in rows:
                counts[doc][r["entity_id"]] += 1
    kept = [] if run.full else [r for r in store_io.stored_entities(run.store) if r["id"] not in cl.gone_entities]
    names = {r["id"]: r["name"] for r in kept} | {e.id: e.name for e in cl.entities}
    kinds = {r["id"]: r["type"] for r in kept} | {e.id: e.type for e in cl.entities}
    # each document's content words, read from its body slice by slice (never every body at once)
    words = {doc_id: content_words(body or "") for doc_id, body in store_io.bodies(run.store, counts)}
    stories = _stories(run.docs, counts, names, words, kinds)
    return _Grouped(names, stories, store_io.story_labels(run.store))


# --- 4. facts ------------------------------------------------------------------------------------
def find_facts(run: _Run, at: _Attached, gr: _Grouped) -> _Found:
    """Facts of every story whose documents or actors changed."""
    dirty = at.touched | run.changed
    redo = [s for s in gr.stories if run.full or s.id not in gr.old_stories or any(d in dirty for d in s.documents)]
    redo_docs = {d for s in redo for d in s.documents}
    bodies = dict(store_io.bodies(run.store, redo_docs))
    docs = {d: {**run.docs[d], "body": bodies[d]} for d in redo_docs}
    by_doc = dict(at.by_doc)
    missing = redo_docs - by_doc.keys()
    for m in store_io.mentions_in(run.store, missing):
        by_doc.setdefault(m["document_id"], []).append(m)
    return _Found(redo_docs, len(redo), _facts(run.store, docs, defaultdict(list, by_doc), redo, gr.names))


# --- 5. the rows to write ------------------------------------------------------------------------
def resolution_rows(run: _Run, cl: _Clusters, at: _Attached, gr: _Grouped, found: _Found) -> store_io.ResolutionRows:
    """Everything that changed, as the rows store/resolution.py writes in one transaction."""
    rows = store_io.ResolutionRows(run.full, stale_nodes=cl.stale_ids, fact_documents=found.redo_docs)
    rows.mentions = [{"d": m["document_id"], "p": m["position"], "e": m["entity_id"]} for m in at.mentions
                     if at.stored.get(("m", m["document_id"], m["position"])) != m["entity_id"]]
    rows.quotes = [{"d": d, "p": p, "e": e} for (d, p), e in at.speakers.items() if at.stored.get(("q", d, p)) != e]
    rows.relations = [{"d": d, "p": p, "s": so[0], "o": so[1]} for (d, p), so in at.rel_ends.items()
                      if at.stored.get(("r", d, p)) != tuple(so)]
    _node_rows(run, cl, rows)
    if not run.full:
        rows.replaced_entities = cl.gone_entities | {e.id for e in cl.entities}
    rows.entities = [{"id": e.id, "name": e.name, "type": e.type, "reasons": json.dumps(e.reasons)}
                     for e in cl.entities]
    rows.entity_aliases = [{"entity_id": e.id, "alias": a} for e in cl.entities for a in e.aliases]
    _story_rows(gr, rows)
    rows.facts = [{"id": f.id, "description": f.description, "status": f.status} for f in found.facts]
    rows.claims = [{"fact_id": f.id, "document_id": c.document, "start": c.start, "end": c.end, "text": c.text,
                    "value": c.value, "low": c.low, "high": c.high, "qualifier": c.qualifier}
                   for f in found.facts for c in f.claims]
    return rows


def _node_rows(run: _Run, cl: _Clusters, rows: store_io.ResolutionRows) -> None:
    moved = [{"i": r["id"], "e": cl.owner[(r["document_id"], r["key"])],
              "b": cl.bases[cl.owner[(r["document_id"], r["key"])]]} for r in cl.old.values()]
    rows.moved_nodes = [row for row in moved if (row["e"], row["b"]) != (cl.old[row["i"]]["entity_id"],
                                                                       cl.old[row["i"]]["base"])]
    for i, (node, blocks) in enumerate(zip(cl.new_nodes, cl.new_blocks), start=run.next_node_id):
        eid = cl.owner[(node.document, node.key)]
        rows.nodes.append({"id": i, "document_id": node.document, "key": node.key, "position": node.position,
                           "labels": json.dumps(node.labels), "forms": json.dumps(node.forms),
                           "aliases": json.dumps(sorted(node.aliases)),
                           "doc_orgs": json.dumps(sorted(node.doc_orgs)), "blocks": json.dumps(blocks),
                           "entity_id": eid, "base": cl.bases.get(eid, eid)})
        rows.node_blocks.extend({"block": k, "node": i} for k in blocks)


def _story_rows(gr: _Grouped, rows: store_io.ResolutionRows) -> None:
    new = {s.id: s for s in gr.stories}
    rows.gone_stories = [sid for sid in gr.old_stories if sid not in new]
    added = [s for s in gr.stories if s.id not in gr.old_stories]
    rows.stories = [{"id": s.id, "label": s.label} for s in added]
    rows.story_documents = [{"story_id": s.id, "document_id": d} for s in added for d in s.documents]
    rows.relabelled_stories = [{"i": s.id, "l": s.label} for s in gr.stories
                               if s.id in gr.old_stories and gr.old_stories[s.id] != s.label]


def _stories(docs: dict[str, dict], counts: dict[str, Counter], names: dict[str, str],
             words: dict[str, Counter], kinds: dict[str, str]) -> list[Story]:
    stories = resolve_stories(counts, names, {d: doc["published"] for d, doc in docs.items()}, words, kinds)
    reprints = defaultdict(list)
    for x, doc in docs.items():
        if doc["duplicate_of"]:
            reprints[doc["duplicate_of"]].append(x)
    for story in stories:  # a reprint belongs to the story of what it reprints
        story.documents = sorted(story.documents + [x for d in story.documents for x in reprints[d]])
    return stories


def _facts(store: Store, docs: dict[str, dict], by_doc: dict[str, list[dict]], stories: list[Story],
           names: dict[str, str] | None = None) -> list[Fact]:
    """Claims are compared within a story only: two unrelated articles' "five years" are no fact."""
    story_of = {d: s.id for s in stories for d in s.documents}
    per_story: dict[str, list[ClaimInput]] = defaultdict(list)
    claims, outcomes = drop_wrong_claims(decisions.decisions(store), _claim_inputs(store, docs, by_doc, names or {}))
    decisions.set_status(store, outcomes)
    for c in claims:
        per_story[story_of.get(c.document, c.document)].append(c)
    facts: list[Fact] = []
    per_fact = []
    for claims in per_story.values():
        own = [c for c in claims if not docs[c.document]["duplicate_of"]]
        found = resolve_facts(own)
        per_fact.append((own, found))
    attach_recalled(per_fact)  # a figure of one story recalled in another story's article
    for (claims, found) in zip(per_story.values(), (f for _, f in per_fact)):
        _attach_reprints(found, [c for c in claims if docs[c.document]["duplicate_of"]], docs)
        facts.extend(found)
    facts.sort(key=lambda f: (f.status == "single", f.id))
    return facts


def _claim_inputs(store: Store, docs: dict[str, dict], by_doc: dict[str, list[dict]],
                  names: dict[str, str]) -> list[ClaimInput]:
    """Claims with their sentence, actors and places; a place is labelled by its actor's canonical
    name (\"Strip\" in one article is shown as the strip the story names in full)."""
    bounds: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for s in store_io.sentences_in(store, docs):
        bounds[s["document_id"]].append((s["start"], s["end"]))
    out = []
    for q in store_io.quantities_in(store, docs):
        doc = docs[q["document_id"]]
        s, e = _sentence_of(bounds[doc["id"]], doc["body"], q["start"])
        inside = [m for m in by_doc[doc["id"]] if s <= m["start"] < e]
        actors = frozenset(m["entity_id"] for m in inside)
        places = [m for m in inside if m["label"] in _PLACE_LABELS]
        out.append(ClaimInput(doc["id"], doc["published"], q["start"], q["end"], q["text"], q["value"],
                              q["low"], q["high"], q["qualifier"], q["counted"], doc["body"][s:e], actors, s,
                              tuple((m["start"] - s, m["end"] - s, m["entity_id"] or m["key"]) for m in places),
                              {m["entity_id"] or m["key"]: names.get(m["entity_id"], m["text"]) for m in places}))
    return out


_PLACE_LABELS = frozenset(("GPE", "LOC", "FAC"))  # mentions that can be the scope of a count


def _attach_reprints(facts: list[Fact], reprinted: list[ClaimInput], docs: dict[str, dict]) -> None:
    """A reprint's claim is shown beside its original's, but was not counted in the status:
    near-duplicate documents count once."""
    where = {}
    for f in facts:
        for c in f.claims:
            where[(c.document, c.text, c.value, c.low, c.high)] = f
    for c in reprinted:
        fact = where.get((docs[c.document]["duplicate_of"], c.text, c.value, c.low, c.high))
        if fact is not None and all(x.document != c.document for x in fact.claims):
            fact.claims.append(Claim(c.document, c.text, c.start, c.end, c.value, c.low, c.high, c.qualifier,
                                     c.published))
