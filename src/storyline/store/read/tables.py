"""Store stage, read model: whole tables in the shape of the export contract (docs/export.md), read
once here and shared by every exporter, the report (through the JSON export), the Python API
(``storyline.kb``) and the CLI. The paged reads behind the web views are ``pages.py``.

Rows are plain dicts with the contract's names; numbers that are whole read as ints (2000, not
2000.0); facts come conflicts first (``vocab.status_rank``), stories biggest first."""
from __future__ import annotations

import json
from collections import defaultdict
from typing import Any, Iterator

from sqlalchemy import func, select

from storyline.errors import StorylineError
from storyline.store import decisions, schema as S
from storyline.store.db import Store
from storyline.store.read.types import (DateRow, DocumentRow, EntityRow, FactRow, FailureRow, MentionRow, QuantityRow,
                                        QuoteRow, RelationRow, SentenceRow, StoryRow)
from storyline.vocab import status_rank

Row = dict[str, Any]
# bookkeeping tables, not knowledge: no view lists them
BOOKKEEPING = frozenset({"migrations", "schema_info"})


def number(x: float | None) -> float | int | None:
    """Whole numbers as ints so that 2000.0 reads as 2000."""
    if x is None:
        return None
    return int(x) if float(x).is_integer() else x


def documents(store: Store) -> list[DocumentRow]:
    """Every document, by publication date, with the lines cleaning removed from it."""
    removed: dict[str, list[str]] = defaultdict(list)
    for r in store.per_document(S.removed_lines):
        removed[r["document_id"]].append(r["text"])
    return [{"id": d["id"], "source": d["source"], "outlet": d["outlet"], "title": d["title"],
             "published": d["published"], "language": d["language"], "body": d["body"],
             "removed_lines": removed.get(d["id"], []), "duplicate_of": d["duplicate_of"]}
            for d in store.rows(S.documents, S.documents.c.published, S.documents.c.id)]


def entities(store: Store) -> list[EntityRow]:
    """Every actor with its aliases, the documents naming it, its mention count and merge reasons."""
    aliases: dict[str, list[str]] = defaultdict(list)
    for a in store.rows(S.entity_aliases, S.entity_aliases.c.entity_id, S.entity_aliases.c.alias):
        aliases[a["entity_id"]].append(a["alias"])
    docs: dict[str, set[str]] = defaultdict(set)
    count: dict[str, int] = defaultdict(int)
    m = S.mentions.c
    with store.engine.connect() as conn:  # counted by the database, not row by row here
        for entity_id, document_id, n in conn.execute(select(m.entity_id, m.document_id, func.count())
                                                      .group_by(m.entity_id, m.document_id)):
            docs[entity_id].add(document_id)
            count[entity_id] += n
    return [{"id": e["id"], "name": e["name"], "type": e["type"], "aliases": aliases.get(e["id"], []),
             "documents": sorted(docs.get(e["id"], ())), "mentions_count": count.get(e["id"], 0),
             "reasons": json.loads(e["reasons"])} for e in store.rows(S.entities, S.entities.c.id)]


def _in_document_order(store: Store, table: Any, names: dict[str, str], where: Any = None) -> list[Any]:
    """Rows of a per-document table in reading order, each column under its view name."""
    return list(store.named({view: table.c[stored] for view, stored in names.items()},
                            table.c.document_id, table.c.position, where=where))


MENTION = {"entity": "entity_id", "document": "document_id", "start": "start", "end": "end", "text": "text"}
QUOTE = {"document": "document_id", "start": "start", "end": "end", "text": "text", "kind": "kind",
         "speaker": "speaker_entity", "speaker_text": "speaker_text", "speaker_role": "speaker_role"}
QUANTITY = {"document": "document_id", "start": "start", "end": "end", "text": "text", "value": "value", "low": "low",
            "high": "high", "qualifier": "qualifier", "counted": "counted"}
DATE = {"document": "document_id", "start": "start", "end": "end", "text": "text", "normalized": "normalized"}
RELATION = {"document": "document_id", "subject": "subject_entity", "predicate": "predicate",
            "object": "object_entity", "start": "start", "end": "end"}
SENTENCE = {"document": "document_id", "start": "start", "end": "end"}


def mentions(store: Store, with_label: bool = False) -> list[MentionRow]:
    """Every mention; ``with_label`` adds the type the document's reading gave it."""
    return _in_document_order(store, S.mentions, {**MENTION, "label": "label"} if with_label else MENTION)


def quotes(store: Store, with_position: bool = False) -> list[QuoteRow]:
    """Every quote; ``with_position`` adds its order in the document."""
    return _in_document_order(store, S.quotes, {**QUOTE, "position": "position"} if with_position else QUOTE)


def quantities(store: Store) -> list[QuantityRow]:
    rows = _in_document_order(store, S.quantities, QUANTITY)
    for q in rows:
        q["value"], q["low"], q["high"] = number(q["value"]), number(q["low"]), number(q["high"])
    return rows


def dates(store: Store) -> list[DateRow]:
    return _in_document_order(store, S.dates, DATE)


def relations(store: Store) -> list[RelationRow]:
    """Relations whose both ends are resolved actors (an analyst's 'wrong' leaves them unresolved)."""
    r = S.relations.c
    return _in_document_order(store, S.relations, RELATION,
                              where=r.subject_entity.is_not(None) & r.object_entity.is_not(None))


def facts(store: Store) -> list[FactRow]:
    """Facts with their claims (each with its outlet and publication date), conflicts first."""
    d = S.documents.c
    docs = {r["id"]: r for r in store.named({"id": d.id, "published": d.published, "outlet": d.outlet})}
    claims: dict[str, list[Row]] = defaultdict(list)
    for c in store.rows(S.claims, S.claims.c.fact_id, S.claims.c.document_id, S.claims.c.start):
        doc = docs.get(c["document_id"], {})
        claims[c["fact_id"]].append({
            "document": c["document_id"], "text": c["text"], "value": number(c["value"]), "low": number(c["low"]),
            "high": number(c["high"]), "start": c["start"], "end": c["end"], "qualifier": c["qualifier"],
            "published": doc.get("published"), "outlet": doc.get("outlet"),
        })
    out = [{"id": f["id"], "description": f["description"], "status": f["status"], "claims": claims[f["id"]]}
           for f in store.rows(S.facts, S.facts.c.id)]
    return sorted(out, key=lambda f: (status_rank(f["status"]), f["id"]))


def stories(store: Store) -> list[StoryRow]:
    """Stories with their documents, biggest first."""
    members: dict[str, list[str]] = defaultdict(list)
    for r in store.rows(S.story_documents, S.story_documents.c.story_id, S.story_documents.c.document_id):
        members[r["story_id"]].append(r["document_id"])
    out = [{"id": s["id"], "label": s["label"], "documents": members[s["id"]]}
           for s in store.rows(S.stories, S.stories.c.id)]
    return sorted(out, key=lambda s: (-len(s["documents"]), s["id"]))


def failures(store: Store) -> list[FailureRow]:
    return [{"source": f["source"], "reason": f["reason"]} for f in store.rows(S.failures, S.failures.c.source)]


def sentences(store: Store) -> list[SentenceRow]:
    return _in_document_order(store, S.sentences, SENTENCE)


def curation(store: Store, include_reverted: bool = True) -> list[Row]:
    """Analysts' decisions in the order they apply (oldest first), reverted ones included unless
    ``include_reverted`` is false."""
    return [d.as_dict() for d in decisions.decisions(store, active_only=not include_reverted)]


def totals(store: Store) -> dict[str, int]:
    """Row counts of the knowledge tables (the end-of-build summary)."""
    return {t.name: store.count(t) for t in (S.documents, S.failures, S.entities, S.mentions, S.quotes,
                                            S.quantities, S.dates, S.relations, S.facts, S.stories)}


# --- the stored tables as they are (CSV export, ``KnowledgeBase.table``) --------------------------
def table_names(with_bookkeeping: bool = True) -> list[str]:
    """The store's tables, parents before children."""
    return [t.name for t in S.metadata.sorted_tables if with_bookkeeping or t.name not in BOOKKEEPING]


def columns(name: str) -> list[str]:
    return [c.name for c in _table(name).columns]


def stored(store: Store, name: str) -> Iterator[Row]:
    """Every row of one table as stored (its own column names, JSON columns as text), in
    primary-key order, one at a time."""
    t = _table(name)
    return store.rows(t, *t.primary_key.columns)


def stored_failures(store: Store) -> list[Row]:
    """The failures table as stored, by source."""
    return list(store.rows(S.failures, S.failures.c.source))


def _table(name: str) -> Any:
    if name not in S.metadata.tables:
        raise StorylineError(f"no table {name!r}: use one of {', '.join(sorted(S.metadata.tables))}")
    return S.metadata.tables[name]
