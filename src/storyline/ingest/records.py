"""Ingest stage: JSON and JSON Lines files -> one RawArticle (or Failure) per record.

Scrapers name their fields differently; ``DEFAULT_FIELDS`` lists the names we recognise for
each RawArticle field, first match wins. A ``field_map`` ({our field: their key}, dotted keys
reach into nested objects) overrides the defaults field by field.
"""
from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from storyline.ingest.dates import parse_date
from storyline.model import Failure, RawArticle

DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "maintext", "article_text", "full_text"),
    "html": ("html", "raw_html", "page_html"),
    "title": ("title", "headline"),
    "url": ("url", "link", "canonical_url", "source_url"),
    "published": ("date", "published", "published_at", "publishedAt", "pubdate", "pubDate", "date_publish",
                  "publish_date", "published_date", "date_published", "datePublished", "pub_date",
                  "article:published_time", "metadata.published", "meta.published"),
    "outlet": ("outlet", "source", "site", "site_name", "sitename", "publisher", "source_domain"),
}
FieldMap = Mapping[str, str]


def _lookup(record: Mapping[str, Any], key: str) -> Any:
    value: Any = record
    for part in key.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def _field(record: Mapping[str, Any], name: str, field_map: FieldMap | None) -> str | None:
    keys = (field_map[name],) if field_map and name in field_map else DEFAULT_FIELDS[name]
    for key in keys:
        value = _lookup(record, key)
        if isinstance(value, Mapping):  # e.g. "source": {"name": "..."} in news API dumps
            value = value.get("name") or value.get("title")
        if isinstance(value, list):
            value = "\n\n".join(str(v) for v in value if v)
        if value is not None and str(value).strip():
            return value if name == "published" else str(value).strip()
    return None


def record_to_article(record: Any, source: str, field_map: FieldMap | None = None) -> RawArticle | Failure:
    """One decoded JSON value -> RawArticle, or a Failure naming ``source``."""
    if not isinstance(record, Mapping):
        return Failure(source, f"{source}: record is a JSON {type(record).__name__}, not an object")
    text = _field(record, "text", field_map)
    html = None if text else _field(record, "html", field_map)
    if not text and not html:
        wanted = field_map.get("text") if field_map and "text" in field_map else "/".join(DEFAULT_FIELDS["text"])
        return Failure(source, f"{source}: record has no article text (looked for {wanted} and html)")
    published = _field(record, "published", field_map)
    return RawArticle(
        source=source,
        content=str(text or html),
        format="text" if text else "html",
        title=_field(record, "title", field_map),
        url=_field(record, "url", field_map),
        published=parse_date(published),
        outlet=_field(record, "outlet", field_map),
    )


def read_jsonl(label: str, text: str, field_map: FieldMap | None = None) -> Iterator[RawArticle | Failure]:
    """One article per non-blank line; the record's source is ``label#LINE`` (1-based line)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        source = f"{label}#{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Failure(source, f"{label} line {number}: malformed JSON ({exc.msg})")
            continue
        yield record_to_article(record, source, field_map)


def read_json(label: str, text: str, field_map: FieldMap | None = None) -> Iterator[RawArticle | Failure]:
    """One object, or a list of objects (source ``label#N``, 1-based)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Failure(label, f"{label}: malformed JSON ({exc.msg} at line {exc.lineno})")
        return
    if isinstance(data, list):
        if not data:
            yield Failure(label, f"{label}: empty JSON list, no records")
        for number, record in enumerate(data, start=1):
            yield record_to_article(record, f"{label}#{number}", field_map)
    else:
        yield record_to_article(data, label, field_map)
