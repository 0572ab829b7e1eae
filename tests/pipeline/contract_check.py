"""The export contract (docs/export.md) as executable checks, shared by the pipeline tests."""
from __future__ import annotations

REQUIRED = {
    "documents": {"id", "source", "outlet", "title", "published", "language", "body", "removed_lines", "duplicate_of"},
    "entities": {"id", "name", "type", "aliases", "documents"},
    "mentions": {"entity", "document", "start", "end", "text"},
    "quotes": {"document", "start", "end", "text", "kind", "speaker", "speaker_text", "speaker_role"},
    "quantities": {"document", "start", "end", "text", "value", "low", "high", "qualifier", "counted"},
    "dates": {"document", "start", "end", "text", "normalized"},
    "relations": {"document", "subject", "predicate", "object", "start", "end"},
    "facts": {"id", "description", "status", "claims"},
    "stories": {"id", "label", "documents"},
    "failures": {"source", "reason"},
}
TYPES = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "OTHER"}
QUALIFIERS = {"exact", "approx", "at_least", "more_than", "at_most", "less_than", "range", "vague"}
STATUSES = {"agree", "conflict", "evolving", "single"}


def violations(export: dict) -> list[str]:
    """Every way the export breaks the contract; empty when it holds."""
    out: list[str] = []
    for key, fields in REQUIRED.items():
        if key not in export:
            out.append(f"missing top-level key {key}")
            continue
        for item in export[key]:
            missing = fields - set(item)
            if missing:
                out.append(f"{key} item without {sorted(missing)}")
    docs = {d["id"]: d for d in export.get("documents", [])}
    ents = {e["id"] for e in export.get("entities", [])}
    for e in export.get("entities", []):
        if e["type"] not in TYPES:
            out.append(f"entity type {e['type']}")
    for key in ("mentions", "quotes", "quantities", "dates", "relations"):
        for item in export.get(key, []):
            doc = docs.get(item["document"])
            if doc is None:
                out.append(f"{key} names unknown document {item['document']}")
                continue
            s, e = item["start"], item["end"]
            if not (isinstance(s, int) and isinstance(e, int) and 0 <= s <= e <= len(doc["body"])):
                out.append(f"{key} offsets {s}:{e} outside the body")
            elif key != "relations" and doc["body"][s:e] != item["text"]:
                out.append(f"{key}: body[{s}:{e}]={doc['body'][s:e]!r} != {item['text']!r}")
    for m in export.get("mentions", []):
        if m["entity"] not in ents:
            out.append("mention names unknown entity")
    for q in export.get("quotes", []):
        if q["speaker"] is not None and q["speaker"] not in ents:
            out.append("quote names unknown speaker")
        if q["kind"] not in ("direct", "indirect"):
            out.append(f"quote kind {q['kind']}")
    for q in export.get("quantities", []):
        if q["qualifier"] not in QUALIFIERS:
            out.append(f"qualifier {q['qualifier']}")
    for r in export.get("relations", []):
        if r["subject"] not in ents or r["object"] not in ents:
            out.append("relation names unknown entity")
    for f in export.get("facts", []):
        if f["status"] not in STATUSES:
            out.append(f"fact status {f['status']}")
        for c in f["claims"]:
            if c["document"] not in docs:
                out.append("claim names unknown document")
    for s in export.get("stories", []):
        if not set(s["documents"]) <= set(docs):
            out.append("story names unknown document")
    return out
