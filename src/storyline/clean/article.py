"""Clean stage: RawArticle -> CleanDocument | Failure.

The body is the kept paragraphs, whitespace inside each squashed to single spaces, joined by
blank lines ("\\n\\n"). Text is repaired (NFC, mojibake) before the body is assembled, so the
offsets later stages cite never shift. ``clean_articles`` adds one corpus signal: short lines
that sit at the edges of several unrelated documents in the same batch (an outlet's footer).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import islice

from storyline.clean.boilerplate import canonical, detect, edge_flags, is_title_copy, word_count
from storyline.clean.html import extract_html
from storyline.clean.language import detect_language
from storyline.clean.headline import clean_title, fallback_title
from storyline.clean.metadata import (date_from_page, date_from_updates, date_from_url, outlet_from_url,
                                       url_in_lines)
from storyline.clean.normalize import Unit, repair, split_units, squash
from storyline.ids import document_id
from storyline.ingest.limits import body_too_long
from storyline.ingest.sanitize import REMOVED_REASON, invisible_summary, visible
from storyline.model import CleanDocument, Failure, RawArticle, RemovedLine

PARAGRAPH_SEPARATOR = "\n\n"
BATCH_SIZE = 256  # documents held at once by clean_articles: bounds memory on any corpus
SHARED_MIN_DOCS = 3  # an edge line in this many unrelated documents is site furniture
SHARED_MAX_WORDS = 30
RELATED_OVERLAP = 0.5  # documents sharing half their lines are reprints, not separate evidence


def clean_article(raw: RawArticle, shared: Collection[str] = ()) -> CleanDocument | Failure:
    """Clean one article; never raises (an unexpected error becomes a Failure naming the input)."""
    try:
        if raw.format == "html":
            return _clean_html(raw)
        return _clean_text(raw, shared)
    except Exception as exc:  # the one boundary where a bad input must not stop the batch
        return Failure(raw.source, f"{raw.source}: cleaning failed ({type(exc).__name__}: {exc})")


def _document(raw: RawArticle, units: Sequence[Unit], reasons: Sequence[str | None], title: str | None,
              published: str | None, outlet: str | None, url: str | None) -> CleanDocument | Failure:
    kept = [u.text for u, r in zip(units, reasons) if r is None]
    if not kept:
        return Failure(raw.source, f"{raw.source}: no article text left after removing "
                                   f"{len(units)} boilerplate line(s)")
    body = PARAGRAPH_SEPARATOR.join(kept)
    if refused := body_too_long(raw.source, body):  # longer than the analysis can take (ingest/limits.py)
        return refused
    # No headline printed: the URL's words or the lead name the article, never its id.
    title = title or fallback_title(url, body)
    removed = tuple(RemovedLine(u.raw.strip(), r) for u, r in zip(units, reasons) if r is not None)
    hidden = invisible_summary(raw.content, markup=raw.format == "html")  # stripped by repair(): audited here
    removed += (RemovedLine(hidden, REMOVED_REASON),) if hidden else ()
    return CleanDocument(id=document_id(raw.content), source=raw.source, body=body, title=visible(title),
                         outlet=visible(outlet), published=published, language=detect_language(body),
                         removed_lines=removed)


@lru_cache(maxsize=BATCH_SIZE)
def _text_units(content: str) -> tuple[Unit, ...]:
    """The repaired paragraphs of a text article. Read twice per article, by the batch's
    shared edge lines and by its cleaning: the second time (same process) comes from here."""
    return tuple(split_units(repair(content)))


def _clean_text(raw: RawArticle, shared: Collection[str]) -> CleanDocument | Failure:
    units = list(_text_units(raw.content))
    if not units:
        return Failure(raw.source, f"{raw.source}: no text")
    given_title = squash(repair(raw.title)) if raw.title else None
    title, reasons = detect(units, title=given_title, shared=shared, url=raw.url)
    texts = [u.text for u in units]
    # A URL on a removed line ("url", "visit www.x.example") names the page or its outlet.
    url = raw.url or url_in_lines([t for t, r in zip(texts, reasons) if r == "url"]) \
        or url_in_lines([t for t, r in zip(texts, reasons) if r is not None])
    published = (raw.published or date_from_page(texts, reasons) or date_from_url(url)
                 or date_from_updates(texts, reasons))
    outlet = raw.outlet or outlet_from_url(url)
    return _document(raw, units, reasons, title, published, outlet, url)


def _clean_html(raw: RawArticle) -> CleanDocument | Failure:
    page = extract_html(raw.content, raw.url)
    if page is None:
        return Failure(raw.source, f"{raw.source}: no article text found in HTML")
    paragraphs = [squash(repair(p)) for p in page.paragraphs]
    units = [Unit(p, p, i) for i, p in enumerate(paragraphs) if p]
    given_title = squash(repair(raw.title)) if raw.title else clean_title(page.title) if page.title else None
    # The extractor already cut the page to its main content: only cues and title copies apply.
    title, reasons = detect(units, title=given_title, positional=False, url=raw.url)
    extracted = {canonical(u.text) for u in units}
    audit = [Unit(b, b, -1) for b in dict.fromkeys(squash(repair(b)) for b in page.page_blocks)
             if canonical(b) not in extracted]
    units = units + audit
    reasons = reasons + ["repeated headline" if title and is_title_copy(u.text, title)
                         else "outside main content" for u in audit]
    texts = [u.text for u in units]
    published = (raw.published or page.published or date_from_page(texts, reasons) or date_from_url(raw.url)
                 or date_from_updates(texts, reasons))
    outlet = raw.outlet or page.outlet or outlet_from_url(raw.url)
    return _document(raw, units, reasons, title, published, outlet, raw.url)


def shared_edge_lines(raws: Sequence[RawArticle]) -> frozenset[str]:
    """Canonical forms of short lines found at the edges of >= SHARED_MIN_DOCS unrelated texts."""
    lines_of: list[set[str]] = []
    holders: dict[str, list[int]] = defaultdict(list)
    for index, raw in enumerate(raws):
        if raw.format != "text":
            lines_of.append(set())
            continue
        units = _text_units(raw.content)
        lines_of.append({canonical(u.text) for u in units})
        for unit, edge in zip(units, edge_flags(len(units))):
            key = canonical(unit.text)
            if edge and key and word_count(unit.text) <= SHARED_MAX_WORDS and index not in holders[key][-1:]:
                holders[key].append(index)
    shared = set()
    for key, docs in holders.items():
        if len(docs) >= SHARED_MIN_DOCS and _unrelated(docs, lines_of) >= SHARED_MIN_DOCS:
            shared.add(key)
    return frozenset(shared)


def _unrelated(docs: Sequence[int], lines_of: Sequence[set[str]]) -> int:
    """How many of ``docs`` are pairwise not reprints of each other (greedy)."""
    picked: list[set[str]] = []
    for d in docs:
        lines = lines_of[d]
        if all(len(lines & p) / max(1, len(lines | p)) < RELATED_OVERLAP for p in picked):
            picked.append(lines)
    return len(picked)


def clean_articles(raws: Iterable[RawArticle], batch_size: int = BATCH_SIZE) -> Iterator[CleanDocument | Failure]:
    """Clean a stream of articles in order, ``batch_size`` at a time (memory stays bounded)."""
    iterator = iter(raws)
    while batch := list(islice(iterator, batch_size)):
        shared = shared_edge_lines(batch)
        for raw in batch:
            yield clean_article(raw, shared)
