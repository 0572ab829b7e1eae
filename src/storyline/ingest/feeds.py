"""Ingest stage: an RSS/Atom/RDF feed -> one RawArticle (or Failure) per entry.

feedparser reads every feed dialect. An entry's text is its full content (content:encoded, Atom
<content>) or else its summary, kept as HTML. Feeds that carry only a teaser or nothing at all
link to the article: those links are fetched (when fetching is allowed) and the page becomes the
article, with the entry's title, date and the feed's title as outlet. Each entry's source is
``LABEL#N`` (N = 1-based entry number).
"""
from __future__ import annotations

import html
import io
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import feedparser

from storyline.ingest.dates import parse_date
from storyline.ingest.fetch import Fetched, Fetcher
from storyline.ingest.pages import decoded, kind_of, page_article, readable_type, unsupported
from storyline.model import Failure, RawArticle

# A summary shorter than this is a teaser ("Read more..."), not the article: fetch the link.
TEASER_WORDS = 60
_TAG = re.compile(r"<[^>]+>")
# A character reference to a UTF-16 surrogate (&#xD800;, &#55296;) names no character: feedparser
# raises on it, so it is replaced by U+FFFD's reference before parsing.
_CHAR_REF = re.compile(rb"&#([xX][0-9a-fA-F]{1,8}|[0-9]{1,10});")


@dataclass(frozen=True)
class Entry:
    source: str
    title: str | None
    link: str | None
    published: str | None
    text: str
    format: str  # "html" | "text"
    full: bool  # the text is the entry's full content, not a summary


def _words(text: str, fmt: str) -> int:
    plain = html.unescape(_TAG.sub(" ", text)) if fmt == "html" else text
    return len(plain.split())


def _date(entry: Any) -> str | None:
    for key in ("published", "updated", "created"):
        found = parse_date(entry.get(key))
        if found:
            return found
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if isinstance(parsed, time.struct_time):
            return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday).isoformat()
    return None


def _text(entry: Any) -> tuple[str, str, bool]:
    """(text, format, full): the longest full-content block, else the summary."""
    blocks = [c for c in entry.get("content") or [] if str(c.get("value") or "").strip()]
    if blocks:
        best = max(blocks, key=lambda c: len(c.get("value") or ""))
        value, kind = str(best.get("value")), str(best.get("type") or "text/html")
    else:
        detail = entry.get("summary_detail") or {}
        value, kind = str(entry.get("summary") or ""), str(detail.get("type") or "text/html")
    return value.strip(), ("text" if kind == "text/plain" else "html"), bool(blocks)


def _no_surrogate(ref: re.Match[bytes]) -> bytes:
    digits = ref.group(1)
    code = int(digits[1:], 16) if digits[:1] in (b"x", b"X") else int(digits)
    return b"&#xFFFD;" if 0xD800 <= code <= 0xDFFF else ref.group(0)


def parse_entries(label: str, data: bytes) -> tuple[str | None, list[Entry]] | Failure:
    """(feed title, entries) of the feed in ``data``, or a Failure naming ``label``."""
    try:  # a stream, so feedparser never treats it as a URL
        parsed = feedparser.parse(io.BytesIO(_CHAR_REF.sub(_no_surrogate, data)))
    except Exception as exc:  # feedparser's own bugs on hostile markup: this feed fails, the run goes on
        return Failure(label, f"{label}: not a readable RSS/Atom feed (parser error {type(exc).__name__})")
    if not parsed.entries:
        if not parsed.get("version"):  # feedparser names the dialect only when it found a feed root
            problem = parsed.get("bozo_exception") if parsed.get("bozo") else "no RSS/Atom root element"
            return Failure(label, f"{label}: not a readable RSS/Atom feed ({' '.join(str(problem).split())})")
        return Failure(label, f"{label}: feed has no entries")
    feed_title = " ".join(str(parsed.feed.get("title") or "").split()) or None
    entries = []
    for number, entry in enumerate(parsed.entries, start=1):
        text, fmt, full = _text(entry)
        title = " ".join(str(entry.get("title") or "").split()) or None
        link = str(entry.get("link") or "").strip() or None
        entries.append(Entry(f"{label}#{number}", title, link, _date(entry), text, fmt, full))
    return feed_title, entries


def _needs_page(entry: Entry) -> bool:
    # Full content is the article however short; a summary below teaser length only points to it.
    return entry.link is not None and not entry.full and _words(entry.text, entry.format) < TEASER_WORDS


def _from_page(entry: Entry, result: Fetched | Failure, outlet: str | None) -> RawArticle | Failure:
    if isinstance(result, Failure):
        return Failure(entry.source, f"{entry.source}: entry link {result.reason}")
    if not readable_type(result):
        return unsupported(result, entry.source)
    text = decoded(result, entry.source)
    if isinstance(text, Failure):
        return text
    kind = kind_of(result, text)
    if kind not in ("html", "text"):
        return unsupported(result, entry.source)
    return page_article(result, entry.source, kind, text, title=entry.title, published=entry.published,
                        outlet=outlet)


def read_feed(label: str, data: bytes, fetcher: Fetcher | None = None) -> Iterator[RawArticle | Failure]:
    """Each entry of the feed in ``data`` as a RawArticle or a Failure naming ``label#N``.

    With a ``fetcher`` whose fetching is enabled, entries without full text have their link fetched
    (all such links at once, concurrently); without one, a teaser is kept as the text and an entry
    with no text at all fails.
    """
    result = parse_entries(label, data)
    if isinstance(result, Failure):
        yield result
        return
    outlet, entries = result
    online = fetcher is not None and fetcher.options.enabled
    wanted = [e for e in entries if online and _needs_page(e)]
    pages = dict(zip((e.source for e in wanted), fetcher.fetch_all([e.link or "" for e in wanted]))) if wanted else {}
    for entry in entries:
        if entry.source in pages:
            yield _from_page(entry, pages[entry.source], outlet)
        elif entry.text:
            yield RawArticle(source=entry.source, content=entry.text, format=entry.format, title=entry.title,
                             url=entry.link, published=entry.published, outlet=outlet)
        else:
            why = "fetching is turned off" if entry.link else "and no link to fetch"
            yield Failure(entry.source, f"{entry.source}: feed entry has no text ({why})")
