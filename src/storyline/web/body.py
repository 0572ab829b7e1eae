"""Web stage: a document body cut into highlighted, linked pieces for the document and compare views.

The cutting is the report's (``storyline.present.highlight``): every extraction boundary and
sentence boundary cuts the body, so overlapping extractions never produce broken HTML and the
pieces' texts concatenate back to the body. On top of that each piece gets the page it links to
(the actor behind a mention, the fact behind a claim). Nothing here produces HTML: templates
render the pieces, so escaping stays with Jinja2.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from storyline.present.highlight import Span, segment_body
from storyline.present.numbers import value_text
from storyline.present.sentences import SentenceIndex


@dataclass(frozen=True)
class LinkedPiece:
    text: str
    start: int
    kinds: tuple[str, ...]
    title: str
    href: str | None
    anchor: str | None


@dataclass(frozen=True)
class LinkedSegment:
    sentence: bool
    pieces: tuple[LinkedPiece, ...]


@dataclass(frozen=True)
class Link:
    start: int
    end: int
    href: str
    rank: int  # lower wins where links overlap: the narrowest, most specific item


def _label(kind: str, row: dict, names: dict[str, dict]) -> str:
    if kind == "mention":
        ent = names.get(row.get("entity_id") or "", {})
        return f"{ent.get('name') or row['text']} · {ent.get('type') or row.get('label') or 'entity'}"
    if kind == "quote":
        who = names.get(row.get("speaker_entity") or "", {}).get("name") or row.get("speaker_text") or "unattributed"
        return f"{row.get('kind') or 'quote'} quote · {who}"
    if kind == "quantity":
        return " ".join(x for x in (row.get("qualifier") or "", value_text(row), "·", row.get("counted") or "") if x)
    if kind == "date":
        return f"date → {row.get('normalized') or 'not normalised'}"
    if kind == "claim":
        return f"{row.get('status')} fact · {row.get('description') or ''}"
    return kind


def document_spans(doc: dict[str, Any]) -> tuple[list[Span], list[Link]]:
    """Spans to paint and links to follow for one document as ``Reader.document`` returns it."""
    names = doc["entities"]
    spans: list[Span] = []
    links: list[Link] = []
    for key, kind in (("quotes", "quote"), ("mentions", "mention"), ("quantities", "quantity"), ("dates", "date"),
                      ("claims", "claim")):
        for row in doc[key]:
            spans.append(Span(row["start"], row["end"], kind, _label(kind, row, names)))
    for m in doc["mentions"]:
        if m.get("entity_id"):
            links.append(Link(m["start"], m["end"], f"/entities/{m['entity_id']}", 0))
    for c in doc["claims"]:
        links.append(Link(c["start"], c["end"], f"/facts/{c['fact_id']}", 1))
    return spans, links


def link_segments(body: str, doc_id: str, spans: list[Span], links: list[Link],
                  sentences: list[tuple[int, int]], anchor: Callable[[int], str] | None = None) -> list[LinkedSegment]:
    """Cut ``body`` and attach to each piece the most specific link covering it."""
    index = SentenceIndex(body, sentences or None)
    ordered = sorted(links, key=lambda k: (k.rank, k.end - k.start, k.start))
    out: list[LinkedSegment] = []
    for seg in segment_body(body, doc_id, spans, index):
        pieces = []
        for p in seg.pieces:
            href = next((k.href for k in ordered if k.start <= p.start < k.end), None) if p.kinds else None
            pieces.append(LinkedPiece(p.text, p.start, p.kinds, " | ".join(p.labels), href,
                                      anchor(p.start) if anchor and p.anchor else None))
        out.append(LinkedSegment(seg.sentence, tuple(pieces)))
    return out


def document_segments(doc: dict[str, Any]) -> list[LinkedSegment]:
    spans, links = document_spans(doc)
    body = doc["document"]["body"]
    sentences = [(s["start"], s["end"]) for s in doc["sentences"]]
    return link_segments(body, doc["document"]["id"], spans, links, sentences, anchor=lambda s: f"at-{s}")


def compare_segments(doc: dict[str, Any], verdict: dict[str, str], shared_entities: set[str]) -> list[LinkedSegment]:
    """A body painted by what the other document does with each item: shared, conflicting, unique."""
    spans: list[Span] = []
    links: list[Link] = []
    names = doc["entities"]
    for c in doc["claims"]:
        v = verdict.get(c["fact_id"], "unique")
        spans.append(Span(c["start"], c["end"], f"cmp-{v}", f"{v} fact · {c['description']}"))
        links.append(Link(c["start"], c["end"], f"/facts/{c['fact_id']}", 1))
    for m in doc["mentions"]:
        if not m.get("entity_id"):
            continue
        shared = m["entity_id"] in shared_entities
        name = names.get(m["entity_id"], {}).get("name") or m["text"]
        spans.append(Span(m["start"], m["end"], "cmp-actor-shared" if shared else "cmp-actor-unique",
                          f"{name} · {'in both' if shared else 'only here'}"))
        links.append(Link(m["start"], m["end"], f"/entities/{m['entity_id']}", 0))
    body = doc["document"]["body"]
    sentences = [(s["start"], s["end"]) for s in doc["sentences"]]
    return link_segments(body, doc["document"]["id"], spans, links, sentences)
