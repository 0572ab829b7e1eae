"""Export stage: the contract JSON (../shared/contract/export.md), read from the store.

Extra keys beyond the contract: ``sentences`` (sentence boundaries, for citing), ``meta``,
entity ``reasons`` (why names were merged) and ``mentions_count``, claim ``start``/``end``/
``qualifier``/``published``/``outlet``, relation ``sentence``."""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from storyline import __version__
from storyline.store import schema as S
from storyline.vocab import status_rank
from storyline.store.db import Store, now

CONTRACT_KEYS = ("documents", "entities", "mentions", "quotes", "quantities", "dates", "relations",
                 "facts", "stories", "failures")


def _num(x: float | None) -> float | int | None:
    """Whole numbers as ints so that 2000.0 reads as 2000."""
    if x is None:
        return None
    return int(x) if float(x).is_integer() else x


def build_export(store: Store) -> dict[str, Any]:
    docs = list(store.rows(S.documents, S.documents.c.published, S.documents.c.id))
    removed: dict[str, list[str]] = defaultdict(list)
    for r in store.per_document(S.removed_lines):
        removed[r["document_id"]].append(r["text"])
    outlet = {d["id"]: d["outlet"] for d in docs}
    published = {d["id"]: d["published"] for d in docs}
    aliases: dict[str, list[str]] = defaultdict(list)
    for a in store.rows(S.entity_aliases, S.entity_aliases.c.entity_id, S.entity_aliases.c.alias):
        aliases[a["entity_id"]].append(a["alias"])
    mentions = list(store.per_document(S.mentions))
    ent_docs: dict[str, set[str]] = defaultdict(set)
    ent_count: dict[str, int] = defaultdict(int)
    for m in mentions:
        ent_docs[m["entity_id"]].add(m["document_id"])
        ent_count[m["entity_id"]] += 1
    run = store.last_run() or {}
    export: dict[str, Any] = {
        "documents": [{
            "id": d["id"], "source": d["source"], "outlet": d["outlet"], "title": d["title"],
            "published": d["published"], "language": d["language"], "body": d["body"],
            "removed_lines": removed.get(d["id"], []), "duplicate_of": d["duplicate_of"],
        } for d in docs],
        "entities": [{
            "id": e["id"], "name": e["name"], "type": e["type"], "aliases": aliases.get(e["id"], []),
            "documents": sorted(ent_docs.get(e["id"], ())), "mentions_count": ent_count.get(e["id"], 0),
            "reasons": json.loads(e["reasons"]),
        } for e in store.rows(S.entities, S.entities.c.id)],
        "mentions": [{"entity": m["entity_id"], "document": m["document_id"], "start": m["start"],
                      "end": m["end"], "text": m["text"]} for m in mentions],
        "quotes": [{
            "document": q["document_id"], "start": q["start"], "end": q["end"], "text": q["text"],
            "kind": q["kind"], "speaker": q["speaker_entity"], "speaker_text": q["speaker_text"],
            "speaker_role": q["speaker_role"],
        } for q in store.per_document(S.quotes)],
        "quantities": [{
            "document": q["document_id"], "start": q["start"], "end": q["end"], "text": q["text"],
            "value": _num(q["value"]), "low": _num(q["low"]), "high": _num(q["high"]),
            "qualifier": q["qualifier"], "counted": q["counted"],
        } for q in store.per_document(S.quantities)],
        "dates": [{"document": d["document_id"], "start": d["start"], "end": d["end"], "text": d["text"],
                   "normalized": d["normalized"]} for d in store.per_document(S.dates)],
        "relations": [{
            "document": r["document_id"], "subject": r["subject_entity"], "predicate": r["predicate"],
            "object": r["object_entity"], "start": r["start"], "end": r["end"],
        } for r in store.per_document(S.relations) if r["subject_entity"] and r["object_entity"]],
        "facts": _facts(store, outlet, published),
        "stories": _stories(store),
        "failures": [{"source": f["source"], "reason": f["reason"]} for f in store.rows(S.failures, S.failures.c.source)],
        "sentences": [{"document": s["document_id"], "start": s["start"], "end": s["end"]}
                      for s in store.per_document(S.sentences)],
        "meta": {"generated": now(), "storyline_version": __version__, "model": run.get("model")},
    }
    return export


def _facts(store: Store, outlet: dict, published: dict) -> list[dict]:
    claims: dict[str, list[dict]] = defaultdict(list)
    for c in store.rows(S.claims, S.claims.c.fact_id, S.claims.c.document_id, S.claims.c.start):
        claims[c["fact_id"]].append({
            "document": c["document_id"], "text": c["text"], "value": _num(c["value"]), "low": _num(c["low"]),
            "high": _num(c["high"]), "start": c["start"], "end": c["end"], "qualifier": c["qualifier"],
            "published": published.get(c["document_id"]), "outlet": outlet.get(c["document_id"]),
        })
    facts = [{"id": f["id"], "description": f["description"], "status": f["status"], "claims": claims[f["id"]]}
             for f in store.rows(S.facts, S.facts.c.id)]
    return sorted(facts, key=lambda f: (status_rank(f["status"]), f["id"]))


def _stories(store: Store) -> list[dict]:
    members: dict[str, list[str]] = defaultdict(list)
    for r in store.rows(S.story_documents, S.story_documents.c.story_id, S.story_documents.c.document_id):
        members[r["story_id"]].append(r["document_id"])
    stories = [{"id": s["id"], "label": s["label"], "documents": members[s["id"]]} for s in store.rows(S.stories)]
    return sorted(stories, key=lambda s: (-len(s["documents"]), s["id"]))


def write_json(export: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(export, ensure_ascii=False, indent=1), encoding="utf-8")
