"""Fuzzed ingest: the decoder and every reader (txt, html, json, jsonl, rss/atom, warc) on generated
input. Properties: nothing raises; every input ends as articles or failures whose one-line reason
names it; what comes out of ingest is storable (encodes as UTF-8, no NUL)."""
from __future__ import annotations

import io
from datetime import date

from hypothesis import example, given
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from fuzz_strategies import article_records, budget, counted, dumps, hostile_text, html_pages, surrogate_free
from storyline.ingest.dates import find_dates, parse_date
from storyline.ingest.decode import NotText, decode_bytes
from storyline.ingest.feeds import read_feed
from storyline.ingest.files import read_bytes
from storyline.ingest.sanitize import INVISIBLE, storable, storable_record, visible
from storyline.ingest.warc import iter_warc
from storyline.model import Failure, RawArticle

LABEL = "fuzzed/input"
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252", "latin-1", "shift_jis", "koi8-r", "gb18030")


def _assert_outcome(items: list, label: str = LABEL) -> None:
    """Each item is an article or a failure with a one-line reason naming the input; all storable."""
    assert items, "an input produced nothing: neither a document nor a recorded failure"
    for item in items:
        assert isinstance(item, (RawArticle, Failure)), item
        item = storable_record(item)
        if isinstance(item, Failure):
            assert item.reason.strip() and "\n" not in item.reason, item
            assert storable(label) in item.source and storable(label) in item.reason, item
        else:
            assert item.format in ("text", "html") and item.content.strip(), item
            assert item.source.startswith(storable(label))
        for value in vars(item).values():
            if isinstance(value, str):
                value.encode("utf-8")
                assert "\x00" not in value


def _encoded(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="surrogatepass" if encoding.startswith("utf-8") else "replace")


raw_bytes = st.one_of(
    st.binary(max_size=600),
    st.builds(_encoded, hostile_text(), st.sampled_from(ENCODINGS)),
    st.builds(lambda a, b: a + b, st.builds(_encoded, hostile_text(), st.sampled_from(ENCODINGS)),  # mixed
              st.builds(_encoded, hostile_text(), st.sampled_from(ENCODINGS))),
    st.builds(lambda t, cut: t.encode("utf-8", "surrogatepass")[:cut], html_pages(), st.integers(0, 4000)),
)


@budget(50)
@given(raw_bytes)
@example(b"\xef\xbb\xbf")  # found by this property: a lone BOM decoded to "" instead of "empty file"
@counted
def test_decoder_returns_text_or_says_why_not(data: bytes) -> None:
    try:
        text = decode_bytes(data)
    except NotText as exc:
        assert str(exc).strip()
        return
    assert isinstance(text, str) and text


def _records(values: list, ascii_only: bool, lines: bool, cut: int | None) -> bytes:
    text = "\n".join(dumps(v, ascii_only) for v in values) if lines else dumps(values, ascii_only)
    data = text.encode("utf-8", "surrogatepass")
    return data[:cut] if cut is not None else data


@budget(40)
@given(st.lists(article_records(), max_size=6), st.booleans(), st.booleans(),
       st.none() | st.integers(0, 3000), st.sampled_from((".json", ".jsonl", ".ndjson", "", ".txt", ".xml")))
@counted
def test_json_and_jsonl_readers_account_for_every_record(values, ascii_only, lines, cut, ext) -> None:
    data = _records(values, ascii_only, lines, cut)
    items = list(read_bytes(LABEL, data, ext, max_bytes=1_000_000))
    _assert_outcome(items)
    whole_file_failed = len(items) == 1 and items[0].source == LABEL  # undecodable, empty: one failure
    if ext == ".jsonl" and not whole_file_failed:  # else one outcome per non-blank line, in order
        lines = [n for n, line in enumerate(decode_bytes(data).splitlines(), 1) if line.strip()]
        assert [item.source for item in items] == [f"{LABEL}#{n}" for n in lines]


@budget(40)
@given(st.one_of(raw_bytes, html_pages().map(lambda t: t.encode("utf-8", "surrogatepass"))),
       st.sampled_from((".txt", ".html", ".htm", ".md", "", ".xml", ".rss", ".atom", ".pdf", ".json")))
@example(b"<>&#xD800;", ".rss")  # found by this property: feedparser raised UnicodeEncodeError
@example(b"<rss version='2.0'><channel><item><title>&#55296;</title><description>Port reopens.</description>"
         b"</item></channel></rss>", ".xml")
@counted
def test_every_reader_ends_in_articles_or_named_failures(data: bytes, ext: str) -> None:
    _assert_outcome(list(read_bytes(LABEL, data, ext, max_bytes=1_000_000)))


def _feed(kind: str, title: str, entries: list[tuple[str, str, str]], cut: int | None) -> bytes:
    esc = lambda t: html_escape(surrogate_free(t))  # noqa: E731
    if kind == "rss":
        items = "".join(f"<item><title>{esc(t)}</title><link>https://news.example/{i}</link><pubDate>{esc(d)}"
                        f"</pubDate><description>{esc(b)}</description></item>" for i, (t, b, d) in enumerate(entries))
        doc = f'<?xml version="1.0"?><rss version="2.0"><channel><title>{esc(title)}</title>{items}</channel></rss>'
    else:
        items = "".join(f"<entry><title>{esc(t)}</title><updated>{esc(d)}</updated><content type=\"html\">"
                        f"{esc(b)}</content></entry>" for t, b, d in entries)
        doc = f'<feed xmlns="http://www.w3.org/2005/Atom"><title>{esc(title)}</title>{items}</feed>'
    data = doc.encode("utf-8")
    return data[:cut] if cut is not None else data


def html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


dates_text = st.one_of(hostile_text(6), st.datetimes().map(lambda d: d.strftime("%a, %d %b %Y %H:%M:%S +0000")),
                       st.sampled_from(("2026-02-30", "Tue, 31 Jun 2026 25:61:00 GMT", "yesterday", "")))


@budget(25)
@given(st.sampled_from(("rss", "atom")), hostile_text(8),
       st.lists(st.tuples(hostile_text(8), st.one_of(hostile_text(70), html_pages(8)), dates_text), max_size=4),
       st.none() | st.integers(0, 2000))
@counted
def test_feed_reader_on_generated_and_truncated_feeds(kind, title, entries, cut) -> None:
    _assert_outcome(list(read_feed(LABEL, _feed(kind, title, entries, cut), None)))


def _warc(pages: list[tuple[str, str, bool]], gzip: bool) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    for i, (body, media, ok) in enumerate(pages):
        http = StatusAndHeaders("200 OK" if ok else "404 Not Found", [("Content-Type", media)], protocol="HTTP/1.1")
        payload = body.encode("utf-8", "surrogatepass")
        writer.write_record(writer.create_warc_record(f"https://news.example/{i}", "response",
                                                      payload=io.BytesIO(payload), http_headers=http))
    return out.getvalue()


@budget(20)
@given(st.lists(st.tuples(st.one_of(html_pages(10), hostile_text(40)),
                          st.sampled_from(("text/html; charset=utf-8", "text/plain", "text/html; charset=bogus",
                                           "image/png", "text/html; charset=utf-16")), st.booleans()),
                min_size=1, max_size=4),
       st.booleans(), st.none() | st.integers(0, 5000),
       st.none() | st.tuples(st.integers(0, 5000), st.integers(0, 255)))
@counted
def test_warc_reader_on_generated_truncated_and_corrupted_archives(pages, gzip, cut, flip) -> None:
    data = bytearray(_warc(pages, gzip))
    if flip is not None and data:
        data[flip[0] % len(data)] = flip[1]
    if cut is not None:
        data = data[:cut]
    _assert_outcome(list(iter_warc(LABEL, io.BytesIO(bytes(data)), max_bytes=1_000_000)))


@budget(100)
@given(st.one_of(hostile_text(12), st.integers(-10**20, 10**20), st.floats(), st.datetimes(), st.dates(),
                 st.none(), st.booleans(), st.builds(lambda d: d.isoformat(), st.datetimes()),
                 st.datetimes().map(lambda d: d.strftime("%d %B %Y")),
                 st.datetimes().map(lambda d: d.strftime("%m/%d/%Y"))))
@counted
def test_date_parser_gives_a_real_date_or_none(value) -> None:
    found = parse_date(value)
    assert found is None or date.fromisoformat(found).isoformat() == found


@budget(100)
@given(hostile_text(30))
@counted
def test_dates_found_in_text_point_inside_it(text: str) -> None:
    last_end = 0
    for start, end, iso in find_dates(text):
        assert 0 <= start < end <= len(text) and start >= last_end
        last_end = end
        date.fromisoformat(iso)


@budget(100)
@given(st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=60) | hostile_text(20))
@counted
def test_storable_and_visible_text(text: str) -> None:
    stored = storable(text)
    stored.encode("utf-8")
    assert "\x00" not in stored and storable(stored) == stored
    shown = visible(stored)
    assert not set(shown) & INVISIBLE and visible(shown) == shown
    assert len(shown) <= len(stored) <= len(text)
