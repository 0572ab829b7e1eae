"""Report stage: build the view model of each report section from an indexed export.

Each function takes the ``ReportIndex`` and returns plain dicts/lists, already sorted, for the
template. Sorting always ends on a unique key (id, offset) so the same export renders the same
bytes every time.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from storyline.present.chart import timeline_svg
from storyline.present.highlight import Span
from storyline.vocab import status_rank
from storyline.present.numbers import format_number, value_text
from storyline.report.index import Record, ReportIndex, as_int, records, slug

# Facts that need a journalist's attention come first; the rest follow in this order.
# Sorts missing dates after every real ISO date.
NO_DATE = "~"


def _position(row: Record) -> int:
    start = as_int(row.get("start"))
    return start if start is not None else -1


# --- spans --------------------------------------------------------------------------------------
def _span(row: Record, kind: str, label: str) -> Span | None:
    start, end = as_int(row.get("start")), as_int(row.get("end"))
    if start is None or end is None:
        return None
    return Span(start, end, kind, label)


def _mention_label(idx: ReportIndex, row: Record) -> str:
    entity = idx.entities.get(str(row.get("entity")), {})
    name = entity.get("name") or row.get("text") or ""
    return f"{name} · {entity.get('type') or 'entity'}"


def _quote_label(idx: ReportIndex, row: Record) -> str:
    who = idx.entity_name(row.get("speaker")) or row.get("speaker_text") or "unattributed"
    return f"{row.get('kind') or 'quote'} quote · {who}"


def collect_spans(idx: ReportIndex) -> None:
    """Register every offset-bearing item of the export with its document for highlighting."""
    export = idx.export
    labelled: list[tuple[str, str, Any]] = [
        ("mentions", "mention", lambda r: _mention_label(idx, r)),
        ("quotes", "quote", lambda r: _quote_label(idx, r)),
        ("quantities", "quantity",
         lambda r: " ".join(x for x in (r.get("qualifier") or "", value_text(r), "·", r.get("counted") or "") if x)),
        ("dates", "date", lambda r: f"date → {r.get('normalized') or 'not normalised'}"),
        ("relations", "relation",
         lambda r: f"{idx.entity_name(r.get('subject')) or '?'} {r.get('predicate') or ''} "
                   f"{idx.entity_name(r.get('object')) or '?'}"),
    ]
    for key, kind, label in labelled:
        for row in records(export, key):
            span = _span(row, kind, label(row))
            if span is not None:
                idx.add_spans(row.get("document"), [span])
    for fact in records(export, "facts"):
        for claim in fact.get("claims") or []:
            if isinstance(claim, dict):
                span = _span(claim, "claim", f"claim · {fact.get('description') or ''}")
                if span is not None:
                    idx.add_spans(claim.get("document"), [span])


# --- overview -----------------------------------------------------------------------------------
def document_rows(idx: ReportIndex) -> list[dict[str, Any]]:
    rows = []
    for doc in idx.docs.values():
        duplicate = doc.text_of("duplicate_of")
        rows.append({
            "id": doc.id, "href": idx.doc_href(doc.id), "published": doc.text_of("published"),
            "outlet": doc.text_of("outlet"), "title": doc.text_of("title"),
            "language": doc.text_of("language"),
            "duplicate_of": idx.docs[duplicate].label if duplicate in idx.docs else duplicate,
            "duplicate_href": idx.doc_href(duplicate) if duplicate else None,
        })
    return sorted(rows, key=lambda r: (r["published"] or NO_DATE, r["outlet"] or "", r["title"] or "", r["id"]))


def counts(idx: ReportIndex) -> list[dict[str, Any]]:
    export = idx.export
    outlets = {doc.text_of("outlet") for doc in idx.docs.values()} - {None}
    table = [
        ("documents", len(idx.docs), "#documents"), ("outlets", len(outlets), "#overview"),
        ("failures", len(records(export, "failures")), "#failures"),
        ("entities", len(idx.entities), "#actors"), ("quotes", len(records(export, "quotes")), "#quotes"),
        ("quantities", len(records(export, "quantities")), "#quantities"),
        ("facts", len(records(export, "facts")), "#facts"),
    ]
    return [{"label": label, "count": n, "href": href} for label, n, href in table]


def stories(idx: ReportIndex) -> list[dict[str, Any]]:
    result = []
    for story in records(idx.export, "stories"):
        docs = [str(d) for d in story.get("documents") or []]
        result.append({
            "id": str(story.get("id")), "label": story.get("label") or str(story.get("id")),
            "documents": [{"label": idx.docs[d].label if d in idx.docs else d, "href": idx.doc_href(d),
                           "published": idx.docs[d].text_of("published") if d in idx.docs else None}
                          for d in docs],
        })
    return sorted(result, key=lambda s: (-len(s["documents"]), s["label"], s["id"]))


# --- facts --------------------------------------------------------------------------------------
def facts(idx: ReportIndex) -> list[dict[str, Any]]:
    result = []
    for fact in records(idx.export, "facts"):
        status = str(fact.get("status") or "single")
        claims = []
        for claim in fact.get("claims") or []:
            if not isinstance(claim, dict):
                continue
            start = idx.locate(claim.get("document"), claim.get("start"), claim.get("text"))
            end = as_int(claim.get("end"))
            if end is None and start is not None:
                end = start + len(str(claim.get("text") or ""))
            cite = idx.cite(claim.get("document"), start, end, claim.get("outlet"), claim.get("published"))
            claims.append({
                "text": claim.get("text") or "", "value": value_text(claim),
                "qualifier": claim.get("qualifier"), "cite": cite,
                # the chart reads the claim's own figures and its document's date and outlet
                "point": {**claim, "published": cite.published, "outlet": cite.outlet,
                          "href": cite.href or cite.doc_href},
            })
        claims.sort(key=lambda c: (c["cite"].published or NO_DATE, c["cite"].outlet or "", c["cite"].doc_id or ""))
        result.append({
            "id": str(fact.get("id")), "anchor": f"fact-{slug(fact.get('id'))}",
            "description": fact.get("description") or "", "status": status,
            "values": sorted({c["value"] for c in claims if c["value"]}), "claims": claims,
            "chart": timeline_svg([c["point"] for c in claims], status, href=lambda p: p["href"])
            if len(claims) > 1 else "",
        })
    return sorted(result, key=lambda f: (status_rank(f["status"]), -len(f["claims"]), f["description"], f["id"]))


# --- actors -------------------------------------------------------------------------------------
def actors(idx: ReportIndex) -> list[dict[str, Any]]:
    by_entity: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for row in records(idx.export, "mentions"):
        by_entity[str(row.get("entity"))][str(row.get("document"))].append(_position(row))
    quoted = Counter(str(q.get("speaker")) for q in records(idx.export, "quotes") if q.get("speaker"))
    result = []
    for entity_id, entity in idx.entities.items():
        per_doc = by_entity.get(entity_id, {})
        doc_ids = sorted(set(map(str, entity.get("documents") or [])) | set(per_doc),
                         key=lambda d: (idx.docs[d].text_of("published") or NO_DATE if d in idx.docs else NO_DATE, d))
        docs = []
        for doc_id in doc_ids:
            first = min((p for p in per_doc.get(doc_id, []) if p >= 0), default=None)
            cite = idx.cite(doc_id, first, first)
            docs.append({"label": idx.docs[doc_id].label if doc_id in idx.docs else doc_id,
                         "href": cite.href or idx.doc_href(doc_id), "count": len(per_doc.get(doc_id, []))})
        name = str(entity.get("name") or entity_id)
        aliases = sorted({str(a) for a in entity.get("aliases") or []}, key=lambda a: (a.lower(), a))  # ties by case, not set order
        result.append({
            "id": entity_id, "anchor": f"ent-{slug(entity_id)}", "name": name,
            "type": str(entity.get("type") or "OTHER"), "aliases": aliases, "documents": docs,
            "mentions": sum(len(v) for v in per_doc.values()), "quoted": quoted.get(entity_id, 0),
            "reasons": [str(r) for r in entity.get("reasons") or []],
            "filter": " ".join([name, *aliases, str(entity.get("type") or "")]).lower(),
        })
    return sorted(result, key=lambda a: (-len(a["documents"]), -a["mentions"], a["name"].lower(), a["id"]))


def relations(idx: ReportIndex) -> list[dict[str, Any]]:
    result = []
    for row in records(idx.export, "relations"):
        result.append({
            "subject": idx.entity_name(row.get("subject")) or str(row.get("subject")),
            "subject_href": idx.entity_href(row.get("subject")), "predicate": row.get("predicate") or "",
            "object": idx.entity_name(row.get("object")) or str(row.get("object")),
            "object_href": idx.entity_href(row.get("object")),
            "cite": idx.cite(row.get("document"), row.get("start"), row.get("end")), "pos": _position(row),
        })
    return sorted(result, key=lambda r: (r["subject"].lower(), r["predicate"], r["object"].lower(),
                                         r["cite"].doc_id or "", r["pos"]))


# --- quotes, quantities, timeline -----------------------------------------------------------------
def quotes(idx: ReportIndex) -> list[dict[str, Any]]:
    result = []
    for row in records(idx.export, "quotes"):
        name = idx.entity_name(row.get("speaker"))
        result.append({
            "speaker": name, "speaker_href": idx.entity_href(row.get("speaker")),
            "speaker_text": row.get("speaker_text"), "role": row.get("speaker_role"),
            "kind": row.get("kind") or "direct", "text": row.get("text") or "",
            "cite": idx.cite(row.get("document"), row.get("start"), row.get("end")), "pos": _position(row),
        })
    # Named speakers first, alphabetically, then descriptions; each speaker's quotes in time order.
    return sorted(result, key=lambda q: (q["speaker"] is None, (q["speaker"] or q["speaker_text"] or "~").lower(),
                                         q["cite"].published or NO_DATE, q["cite"].doc_id or "", q["pos"]))


def quantities(idx: ReportIndex) -> list[dict[str, Any]]:
    result = []
    for row in records(idx.export, "quantities"):
        result.append({
            "text": row.get("text") or "", "value": value_text(row), "qualifier": row.get("qualifier"),
            "counted": row.get("counted"), "pos": _position(row),
            "cite": idx.cite(row.get("document"), row.get("start"), row.get("end")),
        })
    return sorted(result, key=lambda q: (q["cite"].published or NO_DATE, q["cite"].doc_id or "", q["pos"]))


def timeline(idx: ReportIndex) -> list[dict[str, Any]]:
    """Dates mentioned in the articles plus each article's publication, in date order."""
    entries = []
    for row in records(idx.export, "dates"):
        entries.append({
            "normalized": row.get("normalized"), "kind": "mentioned", "text": row.get("text") or "",
            "cite": idx.cite(row.get("document"), row.get("start"), row.get("end")), "pos": _position(row),
        })
    for doc in idx.docs.values():
        if doc.text_of("published"):
            entries.append({"normalized": doc.text_of("published"), "kind": "published", "text": doc.text_of("title") or "",
                            "cite": idx.cite(doc.id, None, None), "pos": -1})
    return sorted(entries, key=lambda e: (str(e["normalized"] or NO_DATE), e["kind"] != "published",
                                          e["cite"].published or NO_DATE, e["cite"].doc_id or "", e["pos"]))


# --- documents and failures ---------------------------------------------------------------------
def _removed_line(line: object) -> dict[str, str | None]:
    if isinstance(line, dict):
        return {"text": str(line.get("text") or ""), "reason": line.get("reason")}
    return {"text": str(line), "reason": None}


def documents(idx: ReportIndex) -> list[dict[str, Any]]:
    story_of: dict[str, list[str]] = defaultdict(list)
    for story in records(idx.export, "stories"):
        for doc_id in story.get("documents") or []:
            story_of[str(doc_id)].append(str(story.get("label") or story.get("id")))
    kinds = Counter((doc_id, s.kind) for doc_id, doc in idx.docs.items() for s in doc.spans)
    result = []
    for row in document_rows(idx):
        doc = idx.docs[row["id"]]
        result.append({
            **row, "anchor": f"doc-{doc.key}", "source": doc.text_of("source"), "segments": doc.segments,
            "removed": [_removed_line(x) for x in doc.record.get("removed_lines") or []],
            "stories": sorted(story_of.get(doc.id, [])), "chars": len(doc.body),
            "counts": {k: kinds[(doc.id, k)] for k in ("mention", "quote", "quantity", "date")},
        })
    return result


def failures(idx: ReportIndex) -> list[dict[str, str]]:
    rows = [{"source": str(f.get("source") or ""), "reason": str(f.get("reason") or "")}
            for f in records(idx.export, "failures")]
    return sorted(rows, key=lambda f: (f["source"], f["reason"]))



# --- actor network --------------------------------------------------------------------------------
NETWORK_NODES = 60  # the actors drawn: those in the most documents


def network(idx: ReportIndex, actor_rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The biggest actors and the ties between them (named in one document; a stated relation),
    shaped like the web app's ``/api/network`` so one script draws both."""
    top = actor_rows[:NETWORK_NODES]
    keep = {a["id"] for a in top}
    nodes = [{"id": a["id"], "name": a["name"], "type": a["type"], "documents": len(a["documents"]),
              "mentions": a["mentions"], "href": f"#{a['anchor']}"} for a in top]
    per_doc: dict[str, set[str]] = defaultdict(set)
    for row in records(idx.export, "mentions"):
        if str(row.get("entity")) in keep:
            per_doc[str(row.get("document"))].add(str(row.get("entity")))
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for members in per_doc.values():
        ordered = sorted(members)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                edge = edges.setdefault((a, b), {"source": a, "target": b, "comentions": 0, "relations": []})
                edge["comentions"] += 1
    for row in records(idx.export, "relations"):
        s, o = str(row.get("subject")), str(row.get("object"))
        if s in keep and o in keep and s != o:
            key = (min(s, o), max(s, o))
            edge = edges.setdefault(key, {"source": key[0], "target": key[1], "comentions": 0, "relations": []})
            edge["relations"].append({"subject": s, "predicate": str(row.get("predicate") or ""), "object": o})
    return {"nodes": nodes, "edges": [edges[k] for k in sorted(edges)]}
