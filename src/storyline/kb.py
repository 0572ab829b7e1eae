"""Query: the knowledge base as a Python API (``import storyline; kb = storyline.open("story.db")``).

Every listing is a ``Rows`` (a list of plain dicts, shaped like the export contract's items)
with ``to_pandas()`` where pandas is installed. Offsets are character offsets into the
document's ``body``, as everywhere in storyline. The CLI query commands are thin wrappers
around these methods, so ``--json`` prints exactly what the API returns."""
from __future__ import annotations

import bisect
from collections import defaultdict
from typing import Any, Iterator

from storyline import curation
from storyline.errors import StorylineError
from storyline.resolve.names import name_key
from storyline.store import schema as S
from storyline.store import decisions as curation_rows
from storyline.store import rows
from storyline.store import search as fts
from storyline.store.db import Store


class Rows(list):
    """A list of dict rows; ``to_pandas()`` turns it into a DataFrame."""

    def to_pandas(self) -> Any:
        try:
            import pandas
        except ImportError as exc:
            raise ImportError("to_pandas() needs pandas: pip install pandas") from exc
        return pandas.DataFrame(list(self))


class KnowledgeBase:
    """One store, read (and curated) through plain methods."""

    def __init__(self, db: str, create: bool = False) -> None:
        self.store = Store(db, create=create)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- tables ------------------------------------------------------------------------------
    TABLES = tuple(t.name for t in S.metadata.sorted_tables)

    def table(self, name: str) -> Rows:
        """Every row of one store table, as stored (``documents``, ``mentions``, ``curation``...)."""
        if name not in S.metadata.tables:
            raise StorylineError(f"no table {name!r}: use one of {', '.join(sorted(S.metadata.tables))}")
        t = S.metadata.tables[name]
        return Rows(self.store.rows(t, *t.primary_key.columns))

    def documents(self) -> Rows:
        return Rows({k: v for k, v in d.items() if k != "removed_lines"} for d in rows.documents(self.store))

    def entities(self) -> Rows:
        return Rows(rows.entities(self.store))

    def mentions(self) -> Rows:
        return Rows(rows.mentions(self.store, with_label=True))

    def quotes(self) -> Rows:
        names = self._names()
        return Rows({"document": q["document"], "position": q["position"], "start": q["start"], "end": q["end"],
                     "text": q["text"], "kind": q["kind"], "speaker": q["speaker"],
                     "speaker_name": names.get(q["speaker"]), "speaker_text": q["speaker_text"],
                     "speaker_role": q["speaker_role"]} for q in rows.quotes(self.store, with_position=True))

    def quantities(self) -> Rows:
        return Rows(rows.quantities(self.store))

    def dates(self) -> Rows:
        return Rows(rows.dates(self.store))

    def relations(self) -> Rows:
        names = self._names()
        return Rows({"document": r["document"], "subject": r["subject"], "subject_name": names.get(r["subject"]),
                     "predicate": r["predicate"], "object": r["object"], "object_name": names.get(r["object"]),
                     "start": r["start"], "end": r["end"]} for r in rows.relations(self.store))

    def facts(self, conflicts_only: bool = False) -> Rows:
        """Facts with their claims, conflicts first; ``conflicts_only`` keeps the conflicts."""
        claim_keys = ("document", "outlet", "published", "start", "end", "text", "value", "low", "high", "qualifier")
        return Rows({**f, "claims": [{k: c[k] for k in claim_keys} for c in f["claims"]]}
                    for f in rows.facts(self.store) if not conflicts_only or f["status"] == "conflict")

    def stories(self) -> Rows:
        return Rows(rows.stories(self.store))

    def failures(self) -> Rows:
        return Rows(self.store.rows(S.failures, S.failures.c.source))

    # --- search --------------------------------------------------------------------------------
    def search(self, query: str, limit: int = 20) -> Rows:
        """Documents (title or body) and quotes having every word of ``query``; each hit cites
        the first matching word's offsets in the body."""
        words = fts.query_words(query)
        docs = {d["id"]: d for d in self.store.rows(S.documents)}
        hits = Rows()
        for doc_id in fts.document_ids(self.store.engine, query, limit):
            d = docs[doc_id]
            start, end = fts.locate(d["body"], words)
            hits.append({"kind": "document", "document": doc_id, "title": d["title"], "outlet": d["outlet"],
                         "published": d["published"], "start": start, "end": end,
                         "snippet": fts.snippet(d["body"], start, end)})
        keys = fts.quote_keys(self.store.engine, query, limit)
        if keys:
            wanted = set(keys)
            quotes = {(q["document"], q["position"]): q for q in self.quotes() if (q["document"], q["position"]) in wanted}
            for k in keys:
                q = quotes[k]
                hits.append({"kind": "quote", "document": q["document"], "title": docs[q["document"]]["title"],
                             "outlet": docs[q["document"]]["outlet"], "published": docs[q["document"]]["published"],
                             "start": q["start"], "end": q["end"], "snippet": q["text"],
                             "speaker": q["speaker"], "speaker_name": q["speaker_name"] or q["speaker_text"]})
        return hits

    # --- one entity ----------------------------------------------------------------------------
    def find_entities(self, name: str) -> Rows:
        """Entities answering to ``name``: by id, then exact name, then alias, then part of a name."""
        ents = self.entities()
        key = name_key(name)
        for test in (lambda e: e["id"] == name,
                     lambda e: name_key(e["name"]) == key,
                     lambda e: key in {name_key(a) for a in e["aliases"]},
                     lambda e: key and any(key in name_key(n) for n in [e["name"], *e["aliases"]])):
            hits = [e for e in ents if test(e)]
            if hits:
                return Rows(sorted(hits, key=lambda e: -e["mentions_count"]))
        return Rows()

    def entity(self, name: str) -> dict[str, Any]:
        """Everything about one actor: aliases, why they were merged, documents, quotes by and
        about them, relations, and the numbers stated in sentences that name them."""
        hits = self.find_entities(name)
        if not hits:
            raise StorylineError(f"no entity called {name!r}: try `storyline search {name}`")
        if len(hits) > 1:
            options = "; ".join(f"{e['name']} ({e['id']})" for e in hits[:10])
            raise StorylineError(f"{name!r} could be several entities: {options} — name one by id")
        ent = hits[0]
        eid = ent["id"]
        docs = {d["id"]: d for d in self.store.rows(S.documents)}
        mentions = [m for m in self.store.per_document(S.mentions)]
        own = [m for m in mentions if m["entity_id"] == eid]
        per_doc: dict[str, int] = defaultdict(int)
        for m in own:
            per_doc[m["document_id"]] += 1
        quotes = self.quotes()
        by = [q for q in quotes if q["speaker"] == eid]
        about = [q for q in quotes if q["speaker"] != eid and any(
            m["document_id"] == q["document"] and q["start"] <= m["start"] < q["end"] for m in own)]
        relations = [r for r in self.relations() if eid in (r["subject"], r["object"])]
        return {
            "entity": ent,
            "documents": [{"id": d, "title": docs[d]["title"], "outlet": docs[d]["outlet"],
                           "published": docs[d]["published"], "mentions": n} for d, n in sorted(per_doc.items())],
            "quotes_by": by, "quotes_about": about, "relations": relations,
            "numbers": self._numbers_near(own),
        }

    def _numbers_near(self, own: list[dict]) -> list[dict]:
        """Quantities in the sentences that name the entity, with the fact each one belongs to."""
        bounds: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for s in self.store.per_document(S.sentences):
            bounds[s["document_id"]].append((s["start"], s["end"]))
        spans = set()
        for m in own:
            b = bounds[m["document_id"]]
            i = bisect.bisect_right([s for s, _ in b], m["start"]) - 1
            if 0 <= i < len(b):
                spans.add((m["document_id"], *b[i]))
        fact_of = {(c["document_id"], c["start"]): c["fact_id"] for c in self.store.rows(S.claims)}
        status = {f["id"]: f["status"] for f in self.store.rows(S.facts)}
        out = []
        for q in self.quantities():
            if any(doc == q["document"] and s <= q["start"] < e for doc, s, e in spans):
                fid = fact_of.get((q["document"], q["start"]))
                out.append({**q, "fact": fid, "status": status.get(fid)})
        return out

    # --- two documents -------------------------------------------------------------------------
    def find_document(self, name: str) -> dict:
        """A document by id, id prefix, or a part of its source path or title."""
        docs = self.documents()
        for test in (lambda d: d["id"] == name, lambda d: d["id"].startswith(name),
                     lambda d: name in d["source"], lambda d: name.lower() in (d["title"] or "").lower()):
            hits = [d for d in docs if test(d)]
            if len(hits) == 1:
                return hits[0]
            if len(hits) > 1:
                raise StorylineError(f"{name!r} matches {len(hits)} documents: "
                                     + "; ".join(f"{d['id']} {d['source']}" for d in hits[:8]))
        raise StorylineError(f"no document {name!r}: name it by id, or by part of its file name or title")

    def _side(self, ref: str) -> tuple[dict[str, Any], set[str]]:
        """A document (id, file name or title part) or, when ``ref`` names an outlet, all of its
        documents; returns the side's description and its document ids."""
        docs = [d for d in self.store.rows(S.documents) if (d["outlet"] or "").lower() == ref.strip().lower()]
        if docs:
            dates = sorted(d["published"] for d in docs if d["published"])
            return ({"id": ref, "source": None, "outlet": docs[0]["outlet"], "title": f"{len(docs)} documents",
                     "published": dates[0] if dates else None, "duplicate_of": None,
                     "documents": sorted(d["id"] for d in docs)}, {d["id"] for d in docs})
        doc = self.find_document(ref)
        return doc, {doc["id"]}

    def compare(self, a: str, b: str) -> dict[str, Any]:
        """What two documents — or two outlets, by outlet name — share and where they differ:
        actors, and the facts both report (with whether their values match)."""
        da, ids_a = self._side(a)
        db, ids_b = self._side(b)
        names = self._names()
        ents: dict[str, set[str]] = defaultdict(set)
        for m in self.store.per_document(S.mentions):
            if m["entity_id"] and m["document_id"] in ids_a:
                ents["a"].add(m["entity_id"])
            if m["entity_id"] and m["document_id"] in ids_b:
                ents["b"].add(m["entity_id"])

        def named(ids: set[str]) -> list[dict]:
            return sorted(({"id": i, "name": names.get(i)} for i in ids), key=lambda e: (e["name"] or "", e["id"]))

        shared, only_a, only_b = [], [], []
        for f in self.facts():
            ca = [c for c in f["claims"] if c["document"] in ids_a]
            cb = [c for c in f["claims"] if c["document"] in ids_b]
            row = {"id": f["id"], "description": f["description"], "status": f["status"], "a": ca, "b": cb}
            if ca and cb:
                row["same_value"] = {(c["value"], c["low"], c["high"]) for c in ca} == \
                                    {(c["value"], c["low"], c["high"]) for c in cb}
                shared.append(row)
            elif ca:
                only_a.append(row)
            elif cb:
                only_b.append(row)
        meta = ("id", "source", "outlet", "title", "published", "duplicate_of", "documents")
        return {
            "a": {k: da.get(k) for k in meta}, "b": {k: db.get(k) for k in meta},
            "entities": {"shared": named(ents["a"] & ents["b"]), "only_a": named(ents["a"] - ents["b"]),
                         "only_b": named(ents["b"] - ents["a"])},
            "facts": {"shared": shared, "only_a": only_a, "only_b": only_b},
        }

    # --- curation ------------------------------------------------------------------------------
    def _entity_ref(self, name: str) -> dict[str, str]:
        return curation.ref(self.entity(name)["entity"])

    def _decide(self, action: str, args: dict[str, Any], note: str | None) -> curation.Decision:
        decision = curation_rows.record(self.store, action, args, note)
        self.resolve()
        return curation_rows.get(self.store, decision.id)

    def merge(self, source: str, target: str, note: str | None = None) -> curation.Decision:
        """Fold entity ``source`` into ``target`` (names, ids or aliases)."""
        return self._decide("merge", {"source": self._entity_ref(source), "target": self._entity_ref(target)}, note)

    def split(self, entity: str, alias: str, note: str | None = None) -> curation.Decision:
        return self._decide("split", {"entity": self._entity_ref(entity), "alias": alias}, note)

    def rename(self, entity: str, name: str, note: str | None = None) -> curation.Decision:
        return self._decide("rename", {"entity": self._entity_ref(entity), "name": name}, note)

    def retype(self, entity: str, type_: str, note: str | None = None) -> curation.Decision:
        return self._decide("retype", {"entity": self._entity_ref(entity), "type": type_.upper()}, note)

    def mark_claim_wrong(self, document: str, start: int, note: str | None = None) -> curation.Decision:
        doc = self.find_document(document)["id"]
        return self._decide("wrong-claim", {"document": doc, "start": int(start)}, note)

    def mark_relation_wrong(self, document: str, start: int, predicate: str | None = None,
                            note: str | None = None) -> curation.Decision:
        doc = self.find_document(document)["id"]
        return self._decide("wrong-relation", {"document": doc, "start": int(start), "predicate": predicate}, note)

    def undo(self, decision_id: str) -> curation.Decision:
        decision = curation_rows.reverse(self.store, decision_id)
        self.resolve()
        return curation_rows.get(self.store, decision.id)

    def decisions(self, include_reverted: bool = True) -> Rows:
        return Rows(d.as_dict() for d in curation_rows.decisions(self.store, active_only=not include_reverted))

    def resolve(self) -> None:
        """Re-run resolution over the stored documents (no re-analysis); applies curation."""
        from storyline.resolution import resolve

        resolve(self.store)

    # --- helpers -------------------------------------------------------------------------------
    def _names(self) -> dict[str, str]:
        return {e["id"]: e["name"] for e in self.store.rows(S.entities)}

    def __iter__(self) -> Iterator[dict]:
        return iter(self.documents())


def open_kb(db: str, create: bool = False) -> KnowledgeBase:
    """Open a knowledge base: a SQLite path or a postgresql:// URL (migrated on open)."""
    return KnowledgeBase(db, create=create)
