"""Resolve stage: resolve entities, facts and stories across the documents of the store and
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

from sqlalchemy import bindparam, delete, func, insert, select, update

from storyline.curation import (
    apply_entity_decisions,
    drop_wrong_claims,
    drop_wrong_relations,
)
from storyline.model import Claim, Fact, Story
from storyline.resolve.entities import Node, block_side, build_nodes, node_blocks, resolve_nodes
from storyline.resolve.facts import ClaimInput, resolve_facts
from storyline.resolve.stories import resolve_stories
from storyline.resolve.story_words import content_words
from storyline.store import schema as S
from storyline.store.db import Store, execute_many, in_slices

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
    i = bisect.bisect_right([s for s, _ in bounds], start) - 1
    if 0 <= i < len(bounds):
        return bounds[i]
    return 0, len(body)


STEPS = 5  # entities, speakers and relation ends, stories, facts, writing


def resolve(store: Store, changed: Iterable[str] = (), full: bool | None = None,
            step: Callable[[int], None] | None = None) -> ResolveReport:
    """``changed``: documents whose near-duplicate status changed since the last resolution.
    ``full``: rebuild everything (default: only when incremental resolution is not sound).
    ``step(n)``: called after each of the STEPS steps, for a progress bar."""
    if full is None:
        full = _needs_full(store)
    plan = _Plan(store, full, set(changed))
    for n, run in enumerate((plan.cluster, plan.attach, plan.group_stories, plan.find_facts, plan.write), 1):
        run()
        if step is not None:
            step(n)
    return plan.report()


def _needs_full(store: Store) -> bool:
    with store.engine.connect() as conn:
        if conn.execute(select(func.count()).select_from(S.curation)).scalar():
            return True  # curation acts on the whole finished clustering
        if conn.execute(select(S.entity_nodes.c.id).limit(1)).first() is not None:
            return False
        # no node rows: a new store (incremental = full) or one resolved before node tables existed
        return conn.execute(select(S.mentions.c.document_id).where(S.mentions.c.entity_id.is_not(None))
                            .limit(1)).first() is not None


def _node_from_row(row: dict) -> Node:
    return Node(row["document_id"], row["key"], Counter(json.loads(row["labels"])), Counter(json.loads(row["forms"])),
                set(json.loads(row["aliases"])), row["position"], frozenset(json.loads(row["doc_orgs"])))


class _Plan:
    """One resolution, step by step: what is read, recomputed and finally written."""

    def __init__(self, store: Store, full: bool, changed: set[str]) -> None:
        self.store, self.full, self.changed = store, full, changed
        with store.engine.connect() as conn:
            self.docs = {r.id: {"id": r.id, "duplicate_of": r.duplicate_of, "published": r.published}
                         for r in conn.execute(select(S.documents.c.id, S.documents.c.duplicate_of,
                                                      S.documents.c.published))}
            if full:
                self.fresh = set(self.docs)
            else:
                self.fresh = set(conn.execute(select(S.mentions.c.document_id).distinct()
                                              .where(S.mentions.c.entity_id.is_(None))).scalars())
            self.nodes_total_before = conn.execute(select(func.count()).select_from(S.entity_nodes)).scalar() or 0
            self.next_node_id = (conn.execute(select(func.max(S.entity_nodes.c.id))).scalar() or 0) + 1

    # --- entities ----------------------------------------------------------------------------
    def cluster(self) -> None:
        store = self.store
        self.fresh_mentions = store.rows_in(S.mentions, S.mentions.c.document_id, self.fresh,
                                       S.mentions.c.document_id, S.mentions.c.position)
        for m in self.fresh_mentions:
            m["aliases"] = json.loads(m["aliases"] or "[]")
        self.new_nodes = build_nodes(self.fresh_mentions)
        self.old: dict[int, dict] = {}  # node row id -> stored row, for nodes clustered again
        stale = [] if self.full else store.rows_in(S.entity_nodes, S.entity_nodes.c.document_id, self.fresh)
        self.stale_ids = {r["id"] for r in stale}  # rows of documents analysed again: replaced
        self.new_blocks = [sorted(node_blocks(n)) for n in self.new_nodes]
        frontier = set().union(*self.new_blocks, *(json.loads(r["blocks"]) for r in stale))
        seen: set[str] = set()
        while True:
            if not self.full:  # a full rebuild replaces every stored node: nothing to reach
                self._close_over(frontier, seen)
            nodes = sorted([*self.new_nodes, *(_node_from_row(r) for r in self.old.values())],
                           key=lambda n: (n.document, n.position))
            entities, owner, bases = resolve_nodes(nodes)
            # an entity named like one left standing: which one keeps the plain id is decided
            # by their order, so that one is clustered again too
            frontier = self._same_base_blocks(set(bases.values())) - seen
            if not frontier:
                break
        if self.full:
            entities, owner = apply_entity_decisions(store, entities, owner)  # analysts' corrections win
        self.nodes, self.entities, self.owner = nodes, entities, owner
        self.bases = {e.id: bases.get(e.id, e.id) for e in entities}
        self.gone_entities = {r["entity_id"] for r in (*self.old.values(), *stale)}

    def _close_over(self, frontier: set[str], seen: set[str]) -> None:
        """Add every stored node connected to ``frontier`` through blocking keys. A two-sided
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
            ids: set[int] = set()
            for part in in_slices(todo):
                with self.store.engine.connect() as conn:
                    ids.update(conn.execute(select(S.node_blocks.c.node).where(S.node_blocks.c.block.in_(part)))
                               .scalars())
            ids -= self.old.keys() | self.stale_ids
            frontier = set()
            for row in self.store.rows_in(S.entity_nodes, S.entity_nodes.c.id, ids):
                if row["document_id"] not in self.fresh:
                    self.old[row["id"]] = row
                    frontier.update(json.loads(row["blocks"]))

    def _same_base_blocks(self, bases: set[str]) -> set[str]:
        out: set[str] = set()
        if self.full:
            return out
        for row in self.store.rows_in(S.entity_nodes, S.entity_nodes.c.base, bases):
            if row["id"] not in self.old and row["id"] not in self.stale_ids:
                out.update(json.loads(row["blocks"]))
        return out

    # --- speakers and relation ends ----------------------------------------------------------
    def attach(self) -> None:
        """Entity ids on the rows of every document whose actors changed."""
        store = self.store
        moved = {r["document_id"] for r in self.old.values() if r["entity_id"] != self.owner[(r["document_id"], r["key"])]}
        self.touched = self.fresh | moved
        mentions = self.fresh_mentions + [m for m in store.rows_in(S.mentions, S.mentions.c.document_id, moved)
                                          if m["document_id"] not in self.fresh]
        self.stored: dict[tuple, Any] = {}  # what the store holds now: only rows that change are rewritten
        self.by_doc: dict[str, list[dict]] = defaultdict(list)
        for m in sorted(mentions, key=lambda m: (m["document_id"], m["position"])):
            self.stored[("m", m["document_id"], m["position"])] = m["entity_id"]
            m["entity_id"] = self.owner.get((m["document_id"], m["key"]), m["entity_id"])
            self.by_doc[m["document_id"]].append(m)
        self.mentions = mentions
        self.speakers = {}
        for q in store.rows_in(S.quotes, S.quotes.c.document_id, self.touched, S.quotes.c.document_id,
                          S.quotes.c.position):
            self.stored[("q", q["document_id"], q["position"])] = q["speaker_entity"]
            hit = _mention_at(self.by_doc[q["document_id"]], q["speaker_start"], q["speaker_end"])
            if hit is None and q["speaker_text"]:
                hit = _named_in(self.by_doc[q["document_id"]], q["speaker_text"])
            self.speakers[(q["document_id"], q["position"])] = hit["entity_id"] if hit else None
        rel_ends = {}
        for r in store.rows_in(S.relations, S.relations.c.document_id, self.touched, S.relations.c.document_id,
                          S.relations.c.position):
            self.stored[("r", r["document_id"], r["position"])] = (r["subject_entity"], r["object_entity"])
            subj = _mention_at(self.by_doc[r["document_id"]], r["subject_start"], r["subject_end"])
            obj = _mention_at(self.by_doc[r["document_id"]], r["object_start"], r["object_end"])
            rel_ends[(r["document_id"], r["position"])] = (subj and subj["entity_id"], obj and obj["entity_id"])
        self.rel_ends = drop_wrong_relations(store, rel_ends)

    # --- stories -----------------------------------------------------------------------------
    def group_stories(self) -> None:
        counts: dict[str, Counter] = {d: Counter() for d, doc in self.docs.items() if not doc["duplicate_of"]}
        if not self.full:  # the stored entity ids of every document left as it was
            m = S.mentions.c
            with self.store.engine.connect() as conn:
                for doc, eid, n in conn.execute(select(m.document_id, m.entity_id, func.count())
                                                .group_by(m.document_id, m.entity_id)):
                    if doc in counts and doc not in self.touched and eid is not None:
                        counts[doc][eid] += n
        for doc, rows in self.by_doc.items():
            if doc in counts:
                for r in rows:
                    counts[doc][r["entity_id"]] += 1
        stored = [] if self.full else [r for r in self.store.rows(S.entities) if r["id"] not in self.gone_entities]
        self.names = {r["id"]: r["name"] for r in stored} | {e.id: e.name for e in self.entities}
        kinds = {r["id"]: r["type"] for r in stored} | {e.id: e.type for e in self.entities}
        self.stories = _stories(self.docs, counts, self.names, self._content_words(counts), kinds)
        self.old_stories = {r["id"]: r["label"] for r in self.store.rows(S.stories)}

    def _content_words(self, docs: Iterable[str]) -> dict[str, Counter]:
        """Each document's content words, read from its body slice by slice (never every body at once)."""
        d = S.documents.c
        out: dict[str, Counter] = {}
        with self.store.engine.connect() as conn:
            for part in in_slices(docs):
                for doc_id, body in conn.execute(select(d.id, d.body).where(d.id.in_(part))):
                    out[doc_id] = content_words(body or "")
        return out

    # --- facts -------------------------------------------------------------------------------
    def find_facts(self) -> None:
        """Facts of every story whose documents or actors changed."""
        dirty = self.touched | self.changed
        redo = [s for s in self.stories
                if self.full or s.id not in self.old_stories or any(d in dirty for d in s.documents)]
        self.redo_docs = {d for s in redo for d in s.documents}
        self.stories_recomputed = len(redo)
        bodies = {r["id"]: r["body"] for r in self.store.rows_in(S.documents, S.documents.c.id, self.redo_docs)}
        docs = {d: {**self.docs[d], "body": bodies[d]} for d in self.redo_docs}
        by_doc = dict(self.by_doc)
        missing = self.redo_docs - by_doc.keys()
        for m in self.store.rows_in(S.mentions, S.mentions.c.document_id, missing, S.mentions.c.document_id,
                          S.mentions.c.position):
            by_doc.setdefault(m["document_id"], []).append(m)
        self.facts = _facts(self.store, docs, defaultdict(list, by_doc), redo, self.names)

    # --- writing -----------------------------------------------------------------------------
    def write(self) -> None:
        """One transaction: an interrupted resolution leaves the previous one in place."""
        mention_rows = [{"d": m["document_id"], "p": m["position"], "e": m["entity_id"]} for m in self.mentions
                        if self.stored.get(("m", m["document_id"], m["position"])) != m["entity_id"]]
        quote_rows = [{"d": d, "p": p, "e": e} for (d, p), e in self.speakers.items()
                      if self.stored.get(("q", d, p)) != e]
        relation_rows = [{"d": d, "p": p, "s": so[0], "o": so[1]} for (d, p), so in self.rel_ends.items()
                         if self.stored.get(("r", d, p)) != tuple(so)]
        with self.store.engine.begin() as conn:
            for table, values, rows in ((S.mentions, {"entity_id": bindparam("e")}, mention_rows),
                                        (S.quotes, {"speaker_entity": bindparam("e")}, quote_rows),
                                        (S.relations, {"subject_entity": bindparam("s"),
                                                       "object_entity": bindparam("o")}, relation_rows)):
                if rows:
                    execute_many(conn, _by_position(table).values(**values), rows)
            self._write_nodes(conn)
            self._write_entities(conn)
            self._write_stories(conn)
            self._write_facts(conn)

    def _write_nodes(self, conn: Any) -> None:
        n, b = S.entity_nodes, S.node_blocks
        if self.full:
            conn.execute(delete(b))
            conn.execute(delete(n))
        else:
            for part in in_slices(self.stale_ids):
                conn.execute(delete(b).where(b.c.node.in_(part)))
                conn.execute(delete(n).where(n.c.id.in_(part)))
        moved = [{"i": r["id"], "e": self.owner[(r["document_id"], r["key"])],
                  "b": self.bases[self.owner[(r["document_id"], r["key"])]]} for r in self.old.values()]
        moved = [row for row in moved if (row["e"], row["b"]) != (self.old[row["i"]]["entity_id"],
                                                                  self.old[row["i"]]["base"])]
        if moved:
            execute_many(conn, update(n).where(n.c.id == bindparam("i")).values(entity_id=bindparam("e"),
                                                                               base=bindparam("b")), moved)
        node_rows, block_rows = [], []
        for i, (node, blocks) in enumerate(zip(self.new_nodes, self.new_blocks), start=self.next_node_id):
            eid = self.owner[(node.document, node.key)]
            node_rows.append({"id": i, "document_id": node.document, "key": node.key, "position": node.position,
                              "labels": json.dumps(node.labels), "forms": json.dumps(node.forms),
                              "aliases": json.dumps(sorted(node.aliases)), "doc_orgs": json.dumps(sorted(node.doc_orgs)),
                              "blocks": json.dumps(blocks), "entity_id": eid, "base": self.bases.get(eid, eid)})
            block_rows.extend({"block": k, "node": i} for k in blocks)
        if node_rows:
            execute_many(conn, insert(n), node_rows)
            execute_many(conn, insert(b), block_rows)

    def _write_entities(self, conn: Any) -> None:
        if self.full:
            conn.execute(delete(S.entity_aliases))
            conn.execute(delete(S.entities))
        else:
            for part in in_slices(self.gone_entities | {e.id for e in self.entities}):
                conn.execute(delete(S.entity_aliases).where(S.entity_aliases.c.entity_id.in_(part)))
                conn.execute(delete(S.entities).where(S.entities.c.id.in_(part)))
        if self.entities:
            execute_many(conn, insert(S.entities), [{"id": e.id, "name": e.name, "type": e.type,
                                                     "reasons": json.dumps(e.reasons)} for e in self.entities])
            aliases = [{"entity_id": e.id, "alias": a} for e in self.entities for a in e.aliases]
            if aliases:
                execute_many(conn, insert(S.entity_aliases), aliases)

    def _write_stories(self, conn: Any) -> None:
        new = {s.id: s for s in self.stories}
        gone = [sid for sid in self.old_stories if sid not in new]
        for part in in_slices(gone):
            conn.execute(delete(S.story_documents).where(S.story_documents.c.story_id.in_(part)))
            conn.execute(delete(S.stories).where(S.stories.c.id.in_(part)))
        added = [s for s in self.stories if s.id not in self.old_stories]
        if added:
            execute_many(conn, insert(S.stories), [{"id": s.id, "label": s.label} for s in added])
            execute_many(conn, insert(S.story_documents), [{"story_id": s.id, "document_id": d}
                                                           for s in added for d in s.documents])
        relabel = [{"i": s.id, "l": s.label} for s in self.stories
                   if s.id in self.old_stories and self.old_stories[s.id] != s.label]
        if relabel:
            execute_many(conn, update(S.stories).where(S.stories.c.id == bindparam("i")).values(label=bindparam("l")),
                         relabel)

    def _write_facts(self, conn: Any) -> None:
        gone: set[str] = set()
        for part in in_slices(self.redo_docs):
            gone.update(conn.execute(select(S.claims.c.fact_id).distinct()
                                     .where(S.claims.c.document_id.in_(part))).scalars())
        for part in in_slices(gone):
            conn.execute(delete(S.claims).where(S.claims.c.fact_id.in_(part)))
            conn.execute(delete(S.facts).where(S.facts.c.id.in_(part)))
        if self.facts:
            execute_many(conn, insert(S.facts), [{"id": f.id, "description": f.description, "status": f.status}
                                                 for f in self.facts])
            execute_many(conn, insert(S.claims), [
                {"fact_id": f.id, "document_id": c.document, "start": c.start, "end": c.end, "text": c.text,
                 "value": c.value, "low": c.low, "high": c.high, "qualifier": c.qualifier}
                for f in self.facts for c in f.claims])

    def report(self) -> ResolveReport:
        total = len(self.new_nodes) if self.full else self.nodes_total_before - len(self.stale_ids) + len(self.new_nodes)
        return ResolveReport("full" if self.full else "incremental", len(self.nodes), total, len(self.touched),
                             self.stories_recomputed, len(self.stories))


def _by_position(table: Any) -> Any:
    """One UPDATE by (document_id, position), run once for all rows (executemany)."""
    return update(table).where((table.c.document_id == bindparam("d")) & (table.c.position == bindparam("p")))


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
    for c in drop_wrong_claims(store, _claim_inputs(store, docs, by_doc, names or {})):
        per_story[story_of.get(c.document, c.document)].append(c)
    facts: list[Fact] = []
    for claims in per_story.values():
        found = resolve_facts([c for c in claims if not docs[c.document]["duplicate_of"]])
        _attach_reprints(found, [c for c in claims if docs[c.document]["duplicate_of"]], docs)
        facts.extend(found)
    facts.sort(key=lambda f: (f.status == "single", f.id))
    return facts


def _claim_inputs(store: Store, docs: dict[str, dict], by_doc: dict[str, list[dict]],
                  names: dict[str, str]) -> list[ClaimInput]:
    """Claims with their sentence, actors and places; a place is labelled by its actor's canonical
    name (\"Strip\" in one article is shown as the strip the story names in full)."""
    bounds: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for s in store.rows_in(S.sentences, S.sentences.c.document_id, docs, S.sentences.c.document_id,
                      S.sentences.c.position):
        bounds[s["document_id"]].append((s["start"], s["end"]))
    out = []
    for q in store.rows_in(S.quantities, S.quantities.c.document_id, docs, S.quantities.c.document_id,
                      S.quantities.c.position):
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
