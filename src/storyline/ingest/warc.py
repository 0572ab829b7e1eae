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
WARC_SUFFIXES: tuple[str, ...] = (".warc", ".warc.gz")
GZIP_MAGIC = b"\x1f\x8b"
SNIFF_BYTES = 512
CHUNK = 65536
# A record that inflates past BOMB_FLOOR bytes and more than BOMB_RATIO times what it took from
# the file is a compression bomb: reading stops there (skipping it would mean inflating it all).
BOMB_FLOOR = 50_000_000
BOMB_RATIO = 100
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


class _Broken(Exception):
    """The archive stops short: the message says where."""


class _Bomb(_Broken):
    """A record inflates far beyond its compressed size."""


def _drain(record: Any, stream: BinaryIO, start: int) -> None:
    """Read the rest of the record (discarding it) and fail when the archive ends inside it or
    inflates like a compression bomb."""
    inflated = 0
    while chunk := record.raw_stream.read(CHUNK):
        inflated += len(chunk)
        if inflated > BOMB_FLOOR and inflated > BOMB_RATIO * max(1, stream.tell() - start):
            raise _Bomb(f"record inflates to more than {inflated:,} bytes from {stream.tell() - start:,}: "
                        "a compression bomb")
    missing = getattr(record.raw_stream, "limit", 0)  # bytes the header promised but the file lacks
    if missing:
        raise _Broken(f"record ends {missing:,} bytes short of its declared length")


def _starts_as_warc(stream: BinaryIO) -> bool:
    head = stream.read(SNIFF_BYTES)
    stream.seek(0)
    if head.startswith(GZIP_MAGIC):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
        except zlib.error:
            return False
    return head.startswith(b"WARC/")


def _tail_left(stream: BinaryIO, end: int) -> bool:
    """True when bytes other than blank lines follow the last complete record."""
    stream.seek(end)
    return bool(stream.read(SNIFF_BYTES).strip())


def iter_warc(label: str, stream: BinaryIO, max_bytes: int = MAX_PAGE_BYTES) -> Iterator[RawArticle | Failure]:
    """Articles of the archive read from the seekable ``stream``; a damaged archive ends with one Failure."""
    if not _starts_as_warc(stream):
        yield Failure(label, f"{label}: not a WARC file (no WARC/1.x record header at the start)")
        return
    records = ArchiveIterator(stream)
    number = found = 0
    start = 0  # byte offset (in the file, compressed) where the current record starts
    in_record = False
    try:
        for record in records:
            number += 1
            start, in_record = records.offset, True
            if not record.rec_type:  # warcio yields a headerless record for a cut-off gzip member
                raise _Broken("archive ends inside a record header")
            item = _article(record, label, number, max_bytes)
            _drain(record, stream, start)
            in_record = False
            if item is not None:
                found += 1
                yield item
        start = records.offset
        if _tail_left(stream, start):
            number += 1
            raise _Broken("archive ends inside a record header")
    except (_Broken, *CORRUPT_ERRORS) as exc:
        if not isinstance(exc, _Broken) and not in_record:
            number += 1  # warcio failed reading the next record's header
            start = records.offset
        problem = (" ".join(str(exc).split())[:160] if isinstance(exc, (_Broken, ArchiveLoadFailed, zlib.error))
                   else f"unreadable record: {type(exc).__name__}")
        what = "stopped reading the WARC" if isinstance(exc, _Bomb) else "corrupt or truncated WARC"
        yield Failure(label, f"{label}: {what} at record {number}, byte offset {start} ({problem})")
        return
    if not found:
        yield Failure(label, f"{label}: WARC holds no archived HTML pages (status 200) among {number} records")


def read_warc(path: str, max_bytes: int = MAX_PAGE_BYTES) -> Iterator[RawArticle | Failure]:
    """One WARC file (any size: it is streamed) -> its articles; ``max_bytes`` caps each page."""
    try:
        with open(path, "rb") as handle:
            yield from iter_warc(path, handle, max_bytes)
    except OSError as exc:
        yield Failure(path, f"{path}: unreadable ({exc.strerror or exc.__class__.__name__})")
