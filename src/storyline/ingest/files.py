"""Ingest stage: files, folders, stdin, URLs, feeds and WARC archives -> RawArticle | Failure.

Every input ends as an article or a Failure whose reason names it; nothing raises. Formats are
chosen by extension: WARC archives are streamed (``warc.py``), feeds read as bytes
(``feeds.py``), the rest decoded and handed to ``READERS``; unknown extensions and ``.xml`` are
sniffed: a feed when the text starts with an RSS/Atom root, HTML when it starts with markup, else
plain text. http(s) URLs among the paths and in URL list files are fetched (``web.py``),
consecutive ones concurrently; results always come back in input order.
"""
from __future__ import annotations

import codecs
import fnmatch
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence

from storyline.ingest.decode import NotText, decode_bytes
from storyline.ingest.feeds import read_feed
from storyline.ingest.fetch import Fetcher, FetchOptions, is_url
from storyline.ingest.pages import looks_like_feed
from storyline.ingest.records import FieldMap, read_json, read_jsonl, record_to_article
from storyline.ingest.limits import over_limit
from storyline.ingest.sanitize import storable_record
from storyline.ingest.warc import is_warc, read_warc
from storyline.ingest.web import read_url_list, read_urls
from storyline.model import Failure, RawArticle

Reader = Callable[[str, str, "FieldMap | None"], Iterator["RawArticle | Failure"]]
STDIN = "-"
STDIN_LABEL = "<stdin>"


def _read_text(label: str, text: str, field_map: FieldMap | None = None) -> Iterator[RawArticle | Failure]:
    yield RawArticle(source=label, content=text, format="text")


def _read_html(label: str, text: str, field_map: FieldMap | None = None) -> Iterator[RawArticle | Failure]:
    yield RawArticle(source=label, content=text, format="html")


_MARKUP_START = re.compile(r"\A\s*<(?:!doctype|html|head|body|\?xml|!--|[a-z][a-z0-9]*[\s>/])", re.I)


def _read_sniffed(label: str, text: str, field_map: FieldMap | None = None) -> Iterator[RawArticle | Failure]:
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        # Looks like JSON: a single object/list, else one record per line.
        first_line = stripped.split("\n", 1)[0].strip()
        is_lines = first_line.startswith("{") and first_line.endswith("}") and "\n" in stripped.strip()
        yield from (read_jsonl if is_lines else read_json)(label, text, field_map)
    elif _MARKUP_START.match(text):
        yield from _read_html(label, text)
    else:
        yield from _read_text(label, text)


READERS: dict[str, Reader] = {
    ".txt": _read_text, ".text": _read_text, ".md": _read_text,
    ".html": _read_html, ".htm": _read_html, ".xhtml": _read_html,
    ".json": read_json, ".jsonl": read_jsonl, ".ndjson": read_jsonl,
}
# Formats we recognise but cannot read (yet); failing with the name beats sniffing garbage.
UNSUPPORTED: dict[str, str] = {
    ".pdf": "PDF", ".doc": "Word", ".docx": "Word", ".odt": "OpenDocument", ".rtf": "RTF",
    ".zip": "zip archive", ".gz": "gzip archive", ".tar": "tar archive", ".png": "image",
    ".jpg": "image", ".jpeg": "image", ".gif": "image", ".webp": "image",
}
FEED_EXTENSIONS: frozenset[str] = frozenset({".rss", ".atom"})
# JSON lines are streamed: the file may be any size, each line (record) at most max_bytes.
JSONL_EXTENSIONS: frozenset[str] = frozenset({".jsonl", ".ndjson"})
_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)  # UTF-16/32: lines cannot be split as bytes
_SNIFF = 65536
_SKIP_CHUNK = 1 << 20


def _size_label(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n:,} bytes"


def read_bytes(label: str, data: bytes, ext: str, max_bytes: int, field_map: FieldMap | None = None,
               fetcher: Fetcher | None = None) -> Iterator[RawArticle | Failure]:
    """Decode and parse one input's bytes; ``ext`` (lower case, with dot) picks the reader.

    ``fetcher`` fetches the links of feed entries that carry no full text (None: no fetching).
    """
    if ext in UNSUPPORTED:
        yield Failure(label, f"{label}: unsupported format: {UNSUPPORTED[ext]}")
        return
    if len(data) > max_bytes:
        yield Failure(label, f"{label}: too big ({_size_label(len(data))}, limit {_size_label(max_bytes)})")
        return
    try:
        text = decode_bytes(data)
    except NotText as exc:
        yield Failure(label, f"{label}: {exc}")
        return
    if not text.strip():
        yield Failure(label, f"{label}: file has only whitespace")
        return
    # .xml, .rdf, stdin and unknown extensions may hold a feed: the root element tells.
    if ext in FEED_EXTENSIONS or (ext not in READERS and looks_like_feed(text)):
        yield from read_feed(label, data, fetcher)
        return
    yield from READERS.get(ext, _read_sniffed)(label, text, field_map)


def read_file(path: str, max_bytes: int, field_map: FieldMap | None = None,
              fetcher: Fetcher | None = None) -> Iterator[RawArticle | Failure]:
    """One file path -> its articles/failures. Size is checked before reading (WARC: per page)."""
    if is_warc(path):
        yield from read_warc(path, max_bytes)
        return
    ext = os.path.splitext(path)[1].lower()
    if ext in JSONL_EXTENSIONS and not _wide_text(path):
        yield from read_jsonl_file(path, max_bytes, field_map)
        return
    try:
        size = os.path.getsize(path)
        if size > max_bytes:
            yield Failure(path, f"{path}: too big ({_size_label(size)}, limit {_size_label(max_bytes)})")
            return
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        yield Failure(path, f"{path}: unreadable ({exc.strerror or exc.__class__.__name__})")
        return
    yield from read_bytes(path, data, ext, max_bytes, field_map, fetcher)


def _wide_text(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(4).startswith(_WIDE_BOMS)
    except OSError:
        return False  # the reader below reports it


def _lines(handle, cap: int) -> Iterator[bytes | None]:
    """The file's lines (split on b"\\n" only); None for a line longer than ``cap``, never held whole."""
    while line := handle.readline(cap + 1):
        if len(line) > cap and not line.endswith(b"\n"):
            while (rest := handle.readline(_SKIP_CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield line


def read_jsonl_file(path: str, max_bytes: int, field_map: FieldMap | None = None) -> Iterator[RawArticle | Failure]:
    """A JSON-lines file of any size, streamed: one article or Failure (``PATH#LINE``) per non-blank line."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(_SNIFF)
            if not head.strip():
                yield Failure(path, f"{path}: {'empty file' if not head else 'file has only whitespace'}")
                return
            if b"\x00" in head:
                yield Failure(path, f"{path}: binary file, not text")
                return
            handle.seek(0)
            for number, line in enumerate(_lines(handle, max_bytes), start=1):
                yield from _jsonl_record(path, number, line, max_bytes, field_map)
    except OSError as exc:
        yield Failure(path, f"{path}: unreadable ({exc.strerror or exc.__class__.__name__})")


def _jsonl_record(path: str, number: int, line: bytes | None, max_bytes: int, field_map: FieldMap | None
                  ) -> Iterator[RawArticle | Failure]:
    source = f"{path}#{number}"
    if line is None:
        yield Failure(source, f"{path} line {number}: record too big (limit {_size_label(max_bytes)})")
        return
    if not line.strip():
        return
    try:
        record = json.loads(decode_bytes(line.removeprefix(codecs.BOM_UTF8) if number == 1 else line))
    except NotText as exc:
        yield Failure(source, f"{path} line {number}: {exc}")
        return
    except json.JSONDecodeError as exc:
        yield Failure(source, f"{path} line {number}: malformed JSON ({exc.msg})")
        return
    yield record_to_article(record, source, field_map)


def _matches(name: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatch(name, p) for p in patterns)


def walk_folder(folder: str, include: Sequence[str] = (), exclude: Sequence[str] = (),
                skip: frozenset[str] = frozenset()) -> Iterator[str]:
    """Files under ``folder``, recursive, sorted; hidden files/folders skipped; globs on names;
    ``skip``: absolute paths never read (the knowledge base a build writes, when it sits in an
    input folder, with its journal and lock files)."""
    for root, dirs, files in os.walk(folder, onerror=None):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            if include and not _matches(name, include):
                continue
            if exclude and _matches(name, exclude):
                continue
            path = os.path.join(root, name)
            if skip and os.path.abspath(path) in skip:
                continue
            yield path


def iter_inputs(paths: Sequence[str], include: Sequence[str] = (), exclude: Sequence[str] = (),
                max_bytes: int = 10_000_000, field_map: FieldMap | None = None, urls: Sequence[str] = (),
                fetch: FetchOptions | None = None, skip: frozenset[str] = frozenset()
                ) -> Iterator[RawArticle | Failure]:
    """Every input named by ``paths`` and ``urls`` as RawArticle or Failure, in input order.

    ``paths`` are files, folders, ``-`` for stdin, or http(s) URLs. Folders are walked recursively
    in sorted order and filtered by ``include``/``exclude`` globs on file names; files named
    explicitly are always read. ``urls`` are URLs or files listing URLs (one per line), read after
    ``paths``. ``fetch`` sets timeouts, size cap, retries and concurrency for every download,
    feed entry links included (``FetchOptions(enabled=False)`` for an offline run). ``field_map``
    maps RawArticle fields to JSON keys, e.g. ``{"text": "story", "published": "meta.date"}``.
    Every text field is made storable (sanitize.py): a lone surrogate or a NUL never reaches ids or the store;
    an article asking for more work than limits.py allows becomes a Failure saying so.
    """
    for item in _inputs(paths, include, exclude, max_bytes, field_map, urls, fetch, skip):
        yield storable_record(over_limit(item) or item)


def _inputs(paths: Sequence[str], include: Sequence[str], exclude: Sequence[str], max_bytes: int,
            field_map: FieldMap | None, urls: Sequence[str], fetch: FetchOptions | None,
            skip: frozenset[str] = frozenset()) -> Iterator[RawArticle | Failure]:
    with Fetcher(fetch or FetchOptions()) as fetcher:
        pending: list[str | Failure] = []  # consecutive URLs, fetched together
        for path in paths:
            if is_url(path):
                pending.append(path.strip())
                continue
            if pending:
                yield from read_urls(pending, fetcher)
                pending = []
            yield from _local_inputs(path, include, exclude, max_bytes, field_map, fetcher, skip)
        for item in urls:
            pending.extend([item.strip()] if is_url(item) else read_url_list(item))
        if pending:
            yield from read_urls(pending, fetcher)


def _local_inputs(path: str, include: Sequence[str], exclude: Sequence[str], max_bytes: int,
                  field_map: FieldMap | None, fetcher: Fetcher, skip: frozenset[str] = frozenset()
                  ) -> Iterator[RawArticle | Failure]:
    if path == STDIN:
        data = sys.stdin.buffer.read(max_bytes + 1)
        yield from read_bytes(STDIN_LABEL, data, "", max_bytes, field_map, fetcher)
    elif os.path.isdir(path):
        for file_path in walk_folder(path, include, exclude, skip):
            yield from read_file(file_path, max_bytes, field_map, fetcher)
    elif os.path.exists(path):
        yield from read_file(path, max_bytes, field_map, fetcher)
    else:
        yield Failure(path, f"{path}: no such file or folder")
