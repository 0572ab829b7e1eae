"""Ingest stage: URLs (named on the command line or listed in a file) -> RawArticle | Failure.

A URL list is a text file, one URL per line; blank lines and ``#`` comments are ignored, and a
line that is not an http(s) URL is a Failure naming the file and line. Fetched pages become
articles by content type: HTML and plain text are articles, a feed gives one article per entry,
anything else fails with its type. The source of a page is its URL as given.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence

from storyline.ingest.feeds import read_feed
from storyline.ingest.fetch import Fetched, Fetcher, is_url
from storyline.ingest.pages import decoded, kind_of, page_article, readable_type, unsupported
from storyline.model import Failure, RawArticle

COMMENT = "#"
MAX_LIST_BYTES = 5_000_000  # a URL list larger than this is not a URL list
FETCH_WINDOW = 32  # URLs fetched (and held) at once; results are yielded before the next window


def parse_url_list(label: str, text: str) -> list[str | Failure]:
    """URLs of a list file's text in order, with a Failure for each line that is not a URL."""
    out: list[str | Failure] = []
    for number, line in enumerate(text.splitlines(), start=1):
        entry = line.strip()
        if not entry or entry.startswith(COMMENT):
            continue
        if is_url(entry) and len(entry.split()) == 1:
            out.append(entry)
        else:
            shown = entry if len(entry) <= 80 else entry[:80] + "..."
            out.append(Failure(f"{label}#{number}", f"{label} line {number}: not an http(s) URL: {shown}"))
    return out


def read_url_list(path: str) -> list[str | Failure]:
    """The URL list file at ``path``; an unreadable or URL-less file is a single Failure."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_LIST_BYTES + 1)
    except OSError as exc:
        return [Failure(path, f"{path}: URL list unreadable ({exc.strerror or exc.__class__.__name__})")]
    if len(data) > MAX_LIST_BYTES:
        return [Failure(path, f"{path}: URL list too big (limit {MAX_LIST_BYTES:,} bytes)")]
    items = parse_url_list(path, data.decode("utf-8", errors="replace"))
    return items or [Failure(path, f"{path}: URL list has no URLs")]


def fetched_articles(source: str, result: Fetched | Failure, fetcher: Fetcher) -> Iterator[RawArticle | Failure]:
    """One fetch result -> its article(s) or a Failure naming ``source``."""
    if isinstance(result, Failure):
        yield result
        return
    if not readable_type(result):
        yield unsupported(result, source)
        return
    text = decoded(result, source)
    if isinstance(text, Failure):
        yield text
        return
    kind = kind_of(result, text)
    if kind == "feed":
        yield from read_feed(source, result.data, fetcher)
    elif kind in ("html", "text"):
        yield page_article(result, source, kind, text)
    else:
        yield unsupported(result, source)


def read_urls(items: Sequence[str | Failure], fetcher: Fetcher) -> Iterator[RawArticle | Failure]:
    """URLs (Failures pass through, keeping their place) fetched concurrently, results in order.

    Fetched in windows of ``FETCH_WINDOW`` so a long URL list never holds every page in memory.
    """
    for begin in range(0, len(items), FETCH_WINDOW):
        window = items[begin:begin + FETCH_WINDOW]
        results = iter(fetcher.fetch_all([i for i in window if isinstance(i, str)]))
        for item in window:
            if isinstance(item, Failure):
                yield item
            else:
                yield from fetched_articles(item, next(results), fetcher)
