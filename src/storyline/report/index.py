"""Report stage: index an export dict by document and entity, and cite items to their sentence.

The export is untrusted, loosely shaped input (optional keys may be missing, offsets may be out of
range); everything the templates need is normalised here so the sections never guess. Documents are
highlighted first, so a citation links to a body anchor only when that anchor really exists.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from storyline.present.highlight import Segment, Span, anchor_id, emitted_anchors, segment_body
from storyline.present.sentences import SentenceIndex

Record = Mapping[str, Any]

# Characters allowed verbatim in an element id / URL fragment; anything else becomes "_".
_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_.:-]")


def slug(value: object) -> str:
    """A fragment-safe form of an id, so hrefs never need URL-encoding."""
    return _UNSAFE_ID.sub("_", str(value))


def records(export: Record, key: str) -> list[Record]:
    """The list under ``key``, keeping only mapping rows (robust to missing or malformed keys)."""
    value = export.get(key)
    if not isinstance(value, list):
        return []
    return [row for row in value if isinstance(row, Mapping)]


def as_int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@dataclass(frozen=True)
class Citation:
    """Where an item sits: its document and, when resolvable, its sentence split around the item."""

    doc_id: str | None
    doc_href: str | None
    outlet: str | None
    published: str | None
    title: str | None
    href: str | None = None
    before: str = ""
    match: str = ""
    after: str = ""


@dataclass
class DocView:
    """One document prepared for rendering."""

    id: str
    key: str
    record: Record
    body: str
    sentences: SentenceIndex
    spans: list[Span] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)

    def text_of(self, name: str) -> str | None:
        value = self.record.get(name)
        return str(value) if value not in (None, "") else None

    @property
    def label(self) -> str:
        return self.text_of("outlet") or self.text_of("title") or self.id


class ReportIndex:
    """Lookup tables over one export plus the citation helper used by every section."""

    def __init__(self, export: Record) -> None:
        self.export = export
        self.entities: dict[str, Record] = {str(e.get("id")): e for e in records(export, "entities")}
        sentences = defaultdict(list)
        for row in records(export, "sentences"):
            start, end = as_int(row.get("start")), as_int(row.get("end"))
            if start is not None and end is not None:
                sentences[str(row.get("document"))].append((start, end))
        self.docs: dict[str, DocView] = {}
        for row in records(export, "documents"):
            doc_id = str(row.get("id"))
            body = row.get("body") if isinstance(row.get("body"), str) else ""
            given = sentences.get(doc_id)
            self.docs[doc_id] = DocView(doc_id, slug(doc_id), row, body, SentenceIndex(body, given))

    def entity_name(self, entity_id: object) -> str | None:
        entity = self.entities.get(str(entity_id)) if entity_id is not None else None
        return str(entity.get("name")) if entity and entity.get("name") else None

    def entity_href(self, entity_id: object) -> str | None:
        if entity_id is None or str(entity_id) not in self.entities:
            return None
        return f"#ent-{slug(entity_id)}"

    def doc_href(self, doc_id: object) -> str | None:
        return f"#doc-{slug(doc_id)}" if str(doc_id) in self.docs else None

    def add_spans(self, doc_id: object, spans: Iterable[Span]) -> None:
        doc = self.docs.get(str(doc_id))
        if doc is not None:
            doc.spans.extend(spans)

    def highlight(self) -> None:
        """Segment every body; call once, after all spans are added and before citing."""
        for doc in self.docs.values():
            doc.segments = segment_body(doc.body, doc.key, doc.spans, doc.sentences)
            doc.anchors = emitted_anchors(doc.segments)

    def locate(self, doc_id: object, start: object, text: object) -> int | None:
        """The item's start offset: given, or else the first place its text occurs in the body."""
        doc = self.docs.get(str(doc_id))
        if doc is None:
            return None
        offset = as_int(start)
        if offset is not None and 0 <= offset < len(doc.body):
            return offset
        if not isinstance(text, str) or not text:
            return None
        # Prefer an extraction with exactly this text ("19" the quantity, not "19" inside "2019").
        for span in sorted(doc.spans, key=lambda s: (s.kind != "quantity", s.start)):
            if doc.body[span.start:span.end] == text:
                return span.start
        found = doc.body.find(text)
        return found if found >= 0 else None

    def cite(self, doc_id: object, start: object, end: object, outlet: object = None,
             published: object = None) -> Citation:
        """Cite an item: its document, the link to its body anchor and its sentence in three parts."""
        doc = self.docs.get(str(doc_id)) if doc_id is not None else None
        outlet_text = str(outlet) if outlet else (doc.text_of("outlet") if doc else None)
        date_text = str(published) if published else (doc.text_of("published") if doc else None)
        base = Citation(
            doc_id=str(doc_id) if doc_id is not None else None,
            doc_href=self.doc_href(doc_id),
            outlet=outlet_text,
            published=date_text,
            title=doc.text_of("title") if doc else None,
        )
        first, last = as_int(start), as_int(end)
        if doc is None or first is None or not 0 <= first < len(doc.body):
            return base
        last = first if last is None else max(first, min(last, len(doc.body)))
        anchor = anchor_id(doc.key, first)
        # An item between sentences (a heading, say) is shown on its own.
        bounds = doc.sentences.around(first) or (first, last)
        return replace(
            base,
            href=f"#{anchor}" if anchor in doc.anchors else None,
            before=doc.body[bounds[0]:first],
            match=doc.body[first:min(last, bounds[1])],
            after=doc.body[min(last, bounds[1]):bounds[1]],
        )
