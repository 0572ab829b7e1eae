"""Ingest stage: a WARC archive (.warc, .warc.gz) -> one RawArticle per archived HTML page.

Only ``response`` records with HTTP status 200 and an HTML (or plain-text) body are articles;
requests, metadata, redirects, images and scripts are skipped, not failed: they were never
articles. A corrupt or truncated archive yields a Failure naming the file and the byte offset of
the record where reading broke, after the pages read before it. The source of a page is
``PATH#N`` (N = 1-based record number in the archive); its url is WARC-Target-URI and its date
the page's own date markup, else the capture date (WARC-Date).
"""
from __future__ import annotations

import logging
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from htmldate import find_date  # installed with trafilatura; reads only the page's date markup here
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from storyline.ingest.dates import parse_date
from storyline.ingest.decode import NotText, decode_bytes
from storyline.model import Failure, RawArticle

ARTICLE_TYPES: dict[str, str] = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text"}
MAX_PAGE_BYTES = 10_000_000
WARC_SUFFIXES: tuple[str, ...] = (".warc", ".warc.gz", ".arc", ".arc.gz")
# What a damaged archive raises inside warcio (gzip, parsing, premature end of data).
CORRUPT_ERRORS: tuple[type[Exception], ...] = (ArchiveLoadFailed, zlib.error, EOFError, OSError, ValueError,
                                               IndexError, AttributeError)

logging.getLogger("htmldate").setLevel(logging.ERROR)


def is_warc(path: str) -> bool:
    return path.lower().endswith(WARC_SUFFIXES)


def _media(record: Any) -> tuple[str, str | None]:
    header = record.http_headers.get_header("Content-Type") or ""
    parts = [p.strip() for p in header.split(";")]
    charset = next((p.split("=", 1)[1].strip("\"' ") for p in parts[1:] if p.lower().startswith("charset=")), None)
    return parts[0].lower(), charset


def _decode(data: bytes, charset: str | None) -> str:
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data)


def _page_date(text: str, url: str | None) -> str | None:
    try:
        return parse_date(find_date(text, extensive_search=False, original_date=True, url=url))
    except Exception:  # htmldate's parser can choke on odd markup; the capture date is the fallback
        return None


def _article(record: Any, label: str, number: int, max_bytes: int) -> RawArticle | Failure | None:
    """The record as an article, a Failure for an undecodable page, or None when it is no article."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    if record.http_headers.get_statuscode() != "200":
        return None
    media, charset = _media(record)
    fmt = ARTICLE_TYPES.get(media)
    if fmt is None:
        return None
    source = f"{label}#{number}"
    url = record.rec_headers.get_header("WARC-Target-URI")
    data = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        return Failure(source, f"{source} ({url}): archived page too big (limit {max_bytes:,} bytes)")
    try:
        text = _decode(data, charset)
    except NotText as exc:
        return Failure(source, f"{source} ({url}): {exc}")
    if not text.strip():
        return Failure(source, f"{source} ({url}): archived page is empty")
    published = _page_date(text, url) if fmt == "html" else None
    published = published or parse_date(record.rec_headers.get_header("WARC-Date"))
    return RawArticle(source=source, content=text, format=fmt, url=url, published=published)


def iter_warc(label: str, stream: BinaryIO, max_bytes: int = MAX_PAGE_BYTES) -> Iterator[RawArticle | Failure]:
    """Articles of the archive read from ``stream``; a damaged archive ends with one Failure."""
    records = ArchiveIterator(stream, arc2warc=True)
    number = 0  # records started so far; the one that broke is the last started or the next
    found = 0
    in_record = False
    try:
        for record in records:
            number += 1
            in_record = True
            item = _article(record, label, number, max_bytes)
            in_record = False
            if item is not None:
                found += 1
                yield item
    except CORRUPT_ERRORS as exc:
        offset = _offset(records)
        broken = number if in_record else number + 1
        where = f" at record {broken}" + (f", byte offset {offset}" if offset is not None else "")
        problem = " ".join(str(exc).split())[:160] or type(exc).__name__
        yield Failure(label, f"{label}: corrupt or truncated WARC{where} ({problem})")
        return
    if not found:
        yield Failure(label, f"{label}: WARC holds no archived HTML pages (status 200) among {number} records")


def _offset(records: ArchiveIterator) -> int | None:
    try:
        return int(records.get_record_offset())
    except Exception:
        return None


def read_warc(path: str, max_bytes: int = MAX_PAGE_BYTES) -> Iterator[RawArticle | Failure]:
    """One WARC file (any size: it is streamed) -> its articles; ``max_bytes`` caps each page."""
    try:
        with open(path, "rb") as handle:
            yield from iter_warc(path, handle, max_bytes)
    except OSError as exc:
        yield Failure(path, f"{path}: unreadable ({exc.strerror or exc.__class__.__name__})")
