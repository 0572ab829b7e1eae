"""Store stage, read model: answers about one thing over whole tables — an actor by any of its
names, everything about it, a document by part of its name, a word search, two documents or two
outlets side by side. The Python API (``storyline.kb``) and the CLI's query commands print these;
the web app pages the same questions in SQL (``pages.Reader``).

Rows have the contract's names (``tables``); offsets index the document body."""
from __future__ import annotations

import bisect
from collections import defaultdict
from typing import Any

from storyline.errors import StorylineError
from storyline.resolve.names import name_key
from storyline.store import schema as S
from storyline.store import search as fts
from storyline.store.db import Store
from storyline.store.read import tables
from storyline.store.read.types import (ClaimRow, Comparison, DocumentRow, EntityProfile, EntityRow, FactRow, Hit,
                                        NamedQuoteRow, NamedRelationRow, QuantityNear, Side)


def names(store: Store) -> dict[str, str]:
    """Every actor's id -> its display name."""
    return {e["id"]: e["name"] for e in store.rows(S.entities)}


def quotes(store: Store) -> list[NamedQuoteRow]:
    """Every quote in document order, with its speaker's display name (``speaker_name``)."""
    named = names(store)
    return [{"document": q["document"], "position": q["position"], "start": q["start"], "end": q["end"],
             "text": q["text"], "kind": q["kind"], "speaker": q["speaker"], "speaker_name": named.get(q["speaker"]),
             "speaker_text": q["speaker_text"], "speaker_role": q["speaker_role"]}
            for q in tables.quotes(store, with_position=True)]


def relations(store: Store) -> list[NamedRelationRow]:
    """Every resolved relation with both ends' display names."""
    named = names(store)
    return [{"document": r["document"], "subject": r["subject"], "subject_name": named.get(r["subject"]),
             "predicate": r["predicate"], "object": r["object"], "object_name": named.get(r["object"]),
             "start": r["start"], "end": r["end"]} for r in tables.relations(store)]


# claims as the API lists them: where and when first, then what
CLAIM_FIELDS = ("document", "outlet", "published", "start", "end", "text", "value", "low", "high", "qualifier")


def facts(store: Store, conflicts_only: bool = False) -> list[FactRow]:
    """Facts with their claims, conflicts first; ``conflicts_only`` keeps the conflicts."""
    return [{**f, "claims": [{k: c[k] for k in CLAIM_FIELDS} for c in f["claims"]]}  # type: ignore[misc]
            for f in tables.facts(store) if not conflicts_only or f["status"] == "conflict"]


# --- one actor -----------------------------------------------------------------------------------
def find_entities(store: Store, name: str) -> list[EntityRow]:
    """Actors answering to ``name``: by id, then exact name, then alias, then part of a name;
    the most mentioned first."""
    ents = tables.entities(store)
    key = name_key(name)
    for test in (lambda e: e["id"] == name,
                 lambda e: name_key(e["name"]) == key,
                 lambda e: key in {name_key(a) for a in e["aliases"]},
                 lambda e: key and any(key in name_key(n) for n in [e["name"], *e["aliases"]])):
        hits = [e for e in ents if test(e)]
        if hits:
            return sorted(hits, key=lambda e: -e["mentions_count"])
    return []


def entity(store: Store, name: str) -> EntityProfile:
    """Everything about one actor: aliases, why they were merged, documents, quotes by and about
    them, relations, and the numbers stated in sentences that name them. Raises when ``name``
    names no actor or several."""
    hits = find_entities(store, name)
    if not hits:
        raise StorylineError(f"no entity called {name!r}: try `storyline search {name}`")
    if len(hits) > 1:
        options = "; ".join(f"{e['name']} ({e['id']})" for e in hits[:10])
        raise StorylineError(f"{name!r} could be several entities: {options} — name one by id")
    ent = hits[0]
    eid = ent["id"]
    docs = {d["id"]: d for d in store.rows(S.documents)}
    own = [m for m in store.per_document(S.mentions) if m["entity_id"] == eid]
    per_doc: dict[str, int] = defaultdict(int)
    for m in own:
        per_doc[m["document_id"]] += 1
    said = quotes(store)
    about = [q for q in said if q["speaker"] != eid and any(
        m["document_id"] == q["document"] and q["start"] <= m["start"] < q["end"] for m in own)]
    return {
        "entity": ent,
        "documents": [{"id": d, "title": docs[d]["title"], "outlet": docs[d]["outlet"],
                       "published": docs[d]["published"], "mentions": n} for d, n in sorted(per_doc.items())],
        "quotes_by": [q for q in said if q["speaker"] == eid], "quotes_about": about,
        "relations": [r for r in relations(store) if eid in (r["subject"], r["object"])],
        "numbers": _numbers_near(store, own),
    }


def _numbers_near(store: Store, own: list[dict]) -> list[QuantityNear]:
    """Quantities in the sentences that name the actor, with the fact each one belongs to."""
    bounds: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for s in store.per_document(S.sentences):
        bounds[s["document_id"]].append((s["start"], s["end"]))
    spans = set()
    for m in own:
        b = bounds[m["document_id"]]
        i = bisect.bisect_right([s for s, _ in b], m["start"]) - 1
        if 0 <= i < len(b):
            spans.add((m["document_id"], *b[i]))
    fact_of = {(c["document_id"], c["start"]): c["fact_id"] for c in store.rows(S.claims)}
    status = {f["id"]: f["status"] for f in store.rows(S.facts)}
    out: list[QuantityNear] = []
    for q in tables.quantities(store):
        if any(doc == q["document"] and s <= q["start"] < e for doc, s, e in spans):
            fid = fact_of.get((q["document"], q["start"]))
            out.append({**q, "fact": fid, "status": status.get(fid)})  # type: ignore[typeddict-item]
    return out


# --- search --------------------------------------------------------------------------------------
def search(store: Store, query: str, limit: int = 20) -> list[Hit]:
    """Documents (title or body) and quotes having every word of ``query``; each hit cites the
    first matching word's offsets in the body."""
    words = fts.query_words(query)
    docs = {d["id"]: d for d in store.rows(S.documents)}
    hits: list[Hit] = []
    for doc_id in fts.document_ids(store.engine, query, limit):
        d = docs[doc_id]
        start, end = fts.locate(d["body"], words)
        hits.append({"kind": "document", "document": doc_id, "title": d["title"], "outlet": d["outlet"],
                     "published": d["published"], "start": start, "end": end,
                     "snippet": fts.snippet(d["body"], start, end)})
    keys = fts.quote_keys(store.engine, query, limit)
    if keys:
        wanted = set(keys)
        found = {(q["document"], q["position"]): q for q in quotes(store) if (q["document"], q["position"]) in wanted}
        for k in keys:
            q, d = found[k], docs[k[0]]
            hits.append({"kind": "quote", "document": q["document"], "title": d["title"], "outlet": d["outlet"],
                         "published": d["published"], "start": q["start"], "end": q["end"], "snippet": q["text"],
                         "speaker": q["speaker"], "speaker_name": q["speaker_name"] or q["speaker_text"]})
    return hits


# --- documents and outlets side by side ----------------------------------------------------------
def find_document(store: Store, name: str) -> DocumentRow:
    """A document by id, id prefix, or a part of its source path or title (without its removed
    lines). Raises when none or several answer."""
    docs = [{k: v for k, v in d.items() if k != "removed_lines"} for d in tables.documents(store)]
    for test in (lambda d: d["id"] == name, lambda d: d["id"].startswith(name),
                 lambda d: name in d["source"], lambda d: name.lower() in (d["title"] or "").lower()):
        hits = [d for d in docs if test(d)]
        if len(hits) == 1:
            return hits[0]  # type: ignore[return-value]
        if len(hits) > 1:
            raise StorylineError(f"{name!r} matches {len(hits)} documents: "
                                 + "; ".join(f"{d['id']} {d['source']}" for d in hits[:8]))
    raise StorylineError(f"no document {name!r}: name it by id, or by part of its file name or title")


SIDE_FIELDS = ("id", "source", "outlet", "title", "published", "duplicate_of", "documents")


def _side(store: Store, ref: str) -> tuple[dict[str, Any], set[str]]:
    """A document (id, file name or title part) or, when ``ref`` names an outlet, all of its
    documents; returns the side's description and its document ids."""
    docs = [d for d in store.rows(S.documents) if (d["outlet"] or "").lower() == ref.strip().lower()]
    if docs:
        dates = sorted(d["published"] for d in docs if d["published"])
        return ({"id": ref, "source": None, "outlet": docs[0]["outlet"], "title": f"{len(docs)} documents",
                 "published": dates[0] if dates else None, "duplicate_of": None,
                 "documents": sorted(d["id"] for d in docs)}, {d["id"] for d in docs})
    doc = find_document(store, ref)
    return dict(doc), {doc["id"]}


def compare(store: Store, a: str, b: str) -> Comparison:
    """What two documents — or two outlets, by outlet name — share and where they differ: actors,
    and the facts both report (with whether their values match)."""
    da, ids_a = _side(store, a)
    db, ids_b = _side(store, b)
    named = names(store)
    ents: dict[str, set[str]] = defaultdict(set)
    for m in store.per_document(S.mentions):
        if m["entity_id"] and m["document_id"] in ids_a:
            ents["a"].add(m["entity_id"])
        if m["entity_id"] and m["document_id"] in ids_b:
            ents["b"].add(m["entity_id"])

    def listed(ids: set[str]) -> list[dict]:
        return sorted(({"id": i, "name": named.get(i)} for i in ids), key=lambda e: (e["name"] or "", e["id"]))

    reported: dict[str, list[dict]] = {"shared": [], "only_a": [], "only_b": []}
    for f in facts(store):
        ca = [c for c in f["claims"] if c["document"] in ids_a]
        cb = [c for c in f["claims"] if c["document"] in ids_b]
        row: dict[str, Any] = {"id": f["id"], "description": f["description"], "status": f["status"], "a": ca, "b": cb}
        if ca and cb:
            row["same_value"] = figures(ca) == figures(cb)
            reported["shared"].append(row)
        elif ca or cb:
            reported["only_a" if ca else "only_b"].append(row)
    side_a: Side = {k: da.get(k) for k in SIDE_FIELDS}  # type: ignore[assignment]
    side_b: Side = {k: db.get(k) for k in SIDE_FIELDS}  # type: ignore[assignment]
    return {"a": side_a, "b": side_b,
            "entities": {"shared": listed(ents["a"] & ents["b"]), "only_a": listed(ents["a"] - ents["b"]),
                         "only_b": listed(ents["b"] - ents["a"])},
            "facts": reported}


def figures(claims: list[ClaimRow]) -> set[tuple]:
    """The figures a side states for one fact: (value, low, high) of each claim."""
    return {(c["value"], c["low"], c["high"]) for c in claims}
