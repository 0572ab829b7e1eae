"""Resolve stage: read every document's extractions from the store, resolve entities, facts and
stories across documents, and write the result back. Re-runnable: the resolution tables are
rebuilt from the per-document rows, so adding articles updates the whole picture."""
from __future__ import annotations

import bisect
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, insert, update

from storyline.curation import apply_entity_decisions, drop_wrong_claims, drop_wrong_relations
from storyline.model import Claim, Entity, Fact, Story
from storyline.resolve.entities import resolve_entities
from storyline.resolve.facts import ClaimInput, resolve_facts
from storyline.resolve.stories import resolve_stories
from storyline.store import schema as S
from storyline.store.db import Store


@dataclass
class Resolution:
    entities: list[Entity]
    facts: list[Fact]
    stories: list[Story]


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


def resolve(store: Store) -> Resolution:
    docs = {d["id"]: d for d in store.rows(S.documents, S.documents.c.id)}
    mentions = list(store.per_document(S.mentions))
    for m in mentions:
        m["aliases"] = json.loads(m["aliases"] or "[]")
    entities, owner = resolve_entities(mentions)
    entities, owner = apply_entity_decisions(store, entities, owner)  # analysts' corrections win
    by_doc: dict[str, list[dict]] = defaultdict(list)
    stored: dict[tuple, Any] = {}  # what the store holds now: only rows that change are rewritten
    for m in mentions:
        stored[("m", m["document_id"], m["position"])] = m["entity_id"]
        m["entity_id"] = owner[(m["document_id"], m["key"])]
        by_doc[m["document_id"]].append(m)

    speakers = {}
    for q in store.per_document(S.quotes):
        stored[("q", q["document_id"], q["position"])] = q["speaker_entity"]
        hit = _mention_at(by_doc[q["document_id"]], q["speaker_start"], q["speaker_end"])
        if hit is None and q["speaker_text"]:
            hit = _named_in(by_doc[q["document_id"]], q["speaker_text"])
        speakers[(q["document_id"], q["position"])] = hit["entity_id"] if hit else None
    rel_ends = {}
    for r in store.per_document(S.relations):
        stored[("r", r["document_id"], r["position"])] = (r["subject_entity"], r["object_entity"])
        subj = _mention_at(by_doc[r["document_id"]], r["subject_start"], r["subject_end"])
        obj = _mention_at(by_doc[r["document_id"]], r["object_start"], r["object_end"])
        rel_ends[(r["document_id"], r["position"])] = (subj and subj["entity_id"], obj and obj["entity_id"])
    rel_ends = drop_wrong_relations(store, rel_ends)

    stories = _stories(docs, mentions, {e.id: e.name for e in entities})
    facts = _facts(store, docs, by_doc, stories)
    _write(store, entities, mentions, speakers, rel_ends, facts, stories, stored)
    return Resolution(entities, facts, stories)


def _stories(docs: dict[str, dict], mentions: list[dict], names: dict[str, str]) -> list[Story]:
    counts: dict[str, Counter] = {d: Counter() for d in docs if not docs[d]["duplicate_of"]}
    for m in mentions:
        if m["document_id"] in counts:
            counts[m["document_id"]][m["entity_id"]] += 1
    stories = resolve_stories(counts, names)
    reprints = defaultdict(list)
    for x, doc in docs.items():
        if doc["duplicate_of"]:
            reprints[doc["duplicate_of"]].append(x)
    for story in stories:  # a reprint belongs to the story of what it reprints
        story.documents = sorted(story.documents + [x for d in story.documents for x in reprints[d]])
    return stories


def _facts(store: Store, docs: dict[str, dict], by_doc: dict[str, list[dict]], stories: list[Story]) -> list[Fact]:
    """Claims are compared within a story only: two unrelated articles' "five years" are no fact."""
    story_of = {d: s.id for s in stories for d in s.documents}
    per_story: dict[str, list[ClaimInput]] = defaultdict(list)
    for c in drop_wrong_claims(store, _claim_inputs(store, docs, by_doc)):
        per_story[story_of.get(c.document, c.document)].append(c)
    facts: list[Fact] = []
    for claims in per_story.values():
        found = resolve_facts([c for c in claims if not docs[c.document]["duplicate_of"]])
        _attach_reprints(found, [c for c in claims if docs[c.document]["duplicate_of"]], docs)
        facts.extend(found)
    facts.sort(key=lambda f: (f.status == "single", f.id))
    return facts


def _claim_inputs(store: Store, docs: dict[str, dict], by_doc: dict[str, list[dict]]) -> list[ClaimInput]:
    bounds: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for s in store.per_document(S.sentences):
        bounds[s["document_id"]].append((s["start"], s["end"]))
    out = []
    for q in store.per_document(S.quantities):
        doc = docs[q["document_id"]]
        s, e = _sentence_of(bounds[doc["id"]], doc["body"], q["start"])
        actors = frozenset(m["entity_id"] for m in by_doc[doc["id"]] if s <= m["start"] < e)
        out.append(ClaimInput(doc["id"], doc["published"], q["start"], q["end"], q["text"], q["value"],
                              q["low"], q["high"], q["qualifier"], q["counted"], doc["body"][s:e], actors, s))
    return out


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


def _changed_rows(table: Any, rows: list[dict]) -> tuple[Any, list[dict]]:
    """One UPDATE by (document_id, position), run once for all rows (executemany)."""
    stmt = update(table).where((table.c.document_id == bindparam("d")) & (table.c.position == bindparam("p")))
    return stmt, rows


def _write(store: Store, entities: list[Entity], mentions: list[dict], speakers: dict, rel_ends: dict,
           facts: list[Fact], stories: list[Story], stored: dict[tuple, Any]) -> None:
    """Replace the resolution tables; rewrite only the per-document rows whose resolved entity
    changed (after adding a few articles to a large store, that is a small share of them)."""
    mention_rows = [{"d": m["document_id"], "p": m["position"], "e": m["entity_id"]} for m in mentions
                    if stored.get(("m", m["document_id"], m["position"])) != m["entity_id"]]
    quote_rows = [{"d": d, "p": p, "e": e} for (d, p), e in speakers.items() if stored.get(("q", d, p)) != e]
    relation_rows = [{"d": d, "p": p, "s": so[0], "o": so[1]} for (d, p), so in rel_ends.items()
                     if stored.get(("r", d, p)) != tuple(so)]
    with store.engine.begin() as conn:
        for table in S.RESOLVED:
            conn.execute(delete(table))
        if entities:
            conn.execute(insert(S.entities), [
                {"id": e.id, "name": e.name, "type": e.type, "reasons": json.dumps(e.reasons)} for e in entities])
            alias_rows = [{"entity_id": e.id, "alias": a} for e in entities for a in e.aliases]
            if alias_rows:
                conn.execute(insert(S.entity_aliases), alias_rows)
        for table, values, rows in ((S.mentions, {"entity_id": bindparam("e")}, mention_rows),
                                    (S.quotes, {"speaker_entity": bindparam("e")}, quote_rows),
                                    (S.relations, {"subject_entity": bindparam("s"), "object_entity": bindparam("o")},
                                     relation_rows)):
            if rows:
                stmt, _ = _changed_rows(table, rows)
                conn.execute(stmt.values(**values), rows)
        if facts:
            conn.execute(insert(S.facts), [{"id": f.id, "description": f.description, "status": f.status}
                                           for f in facts])
            conn.execute(insert(S.claims), [
                {"fact_id": f.id, "document_id": c.document, "start": c.start, "end": c.end, "text": c.text,
                 "value": c.value, "low": c.low, "high": c.high, "qualifier": c.qualifier}
                for f in facts for c in f.claims])
        if stories:
            conn.execute(insert(S.stories), [{"id": s.id, "label": s.label} for s in stories])
            conn.execute(insert(S.story_documents), [{"story_id": s.id, "document_id": d}
                                                     for s in stories for d in s.documents])
