"""Fuzzed cleaning and extraction. Properties: the cleaner never fails by exception and never drops a
line it does not list as removed; nothing invisible or unencodable reaches a body; every extractor
runs without error and every offset it reports lies inside the body, the text at it being the
stored span."""
from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from fuzz_strategies import budget, counted, hostile_text, html_pages, news_text
from storyline.analyze.numbers import digit_value
from storyline.analyze.runner import analyze_documents
from storyline.clean.article import PARAGRAPH_SEPARATOR, clean_article
from storyline.clean.normalize import repair, squash
from storyline.ingest.sanitize import INVISIBLE, storable, storable_record
from storyline.model import CleanDocument, Failure, RawArticle

ISO = re.compile(r"^\d{4}(-\d\d(-\d\d)?)?(/\d{4})?$")


def _clean(raw: RawArticle) -> CleanDocument | Failure:
    result = clean_article(storable_record(raw))  # as the build does: ingest makes text storable first
    assert isinstance(result, (CleanDocument, Failure))
    if isinstance(result, Failure):
        assert "cleaning failed" not in result.reason, result.reason  # an exception, caught at the boundary
        assert result.reason.strip() and raw.source in result.reason
    else:
        for text in (result.body, result.title or "", result.outlet or ""):
            text.encode("utf-8")
            assert not set(text) & INVISIBLE and "\x00" not in text
        assert result.body.strip() and all(p.strip() for p in result.body.split(PARAGRAPH_SEPARATOR))
    return result


@budget(40)
@given(hostile_text(120) | news_text(), st.none() | hostile_text(8))
@counted
def test_text_cleaning_keeps_or_lists_every_line(text: str, title: str | None) -> None:
    raw = RawArticle(source="fuzzed.txt", content=text, format="text", title=title)
    result = _clean(raw)
    if isinstance(result, Failure):
        return
    removed = [squash(r.text) for r in result.removed_lines]
    for line in repair(storable(text)).split("\n"):
        line = squash(line)
        assert not line or line in result.body or any(line in r for r in removed), line


@budget(20)
@given(html_pages(), st.integers(0, 400), st.sampled_from(("div", "p", "span", "blockquote", "li", "table")))
@counted
def test_html_cleaning_on_random_and_deeply_nested_markup(page: str, depth: int, tag: str) -> None:
    nested = page.replace("<body>", "<body>" + f"<{tag}>" * depth, 1)
    _clean(RawArticle(source="fuzzed.html", content=nested, format="html"))


def _spans_hold(body: str, start: int | None, end: int | None, text: str | None = None) -> None:
    assert start is not None and end is not None and 0 <= start <= end <= len(body), (start, end, len(body))
    if text is not None:
        assert body[start:end] == text, (body[start:end], text)


@budget(10)
@given(news_text(), st.none() | st.dates().map(lambda d: d.isoformat()))
@counted
def test_extractors_run_and_every_offset_points_at_its_text(nlp, text: str, published: str | None) -> None:
    doc = _clean(RawArticle(source="fuzzed.txt", content=text, format="text", published=published))
    if isinstance(doc, Failure):
        return
    (analysis,) = analyze_documents(nlp, [doc])
    body = doc.body
    assert analysis.errors == (), analysis.errors
    for s in analysis.sentences:
        _spans_hold(body, s.start, s.end)
    for m in analysis.mentions:
        _spans_hold(body, m.start, m.end, m.text)
    for q in analysis.quantities:
        _spans_hold(body, q.start, q.end, q.text)
    for d in analysis.dates:
        _spans_hold(body, d.start, d.end, d.text)
        assert d.normalized is None or ISO.match(d.normalized), d
    for q in analysis.quotes:
        _spans_hold(body, q.start, q.end)
        assert q.text in body[q.start:q.end]
        if q.speaker_start is not None:
            _spans_hold(body, q.speaker_start, q.speaker_end)
    for r in analysis.relations:
        for start, end in ((r.subject_start, r.subject_end), (r.object_start, r.object_end), (r.start, r.end)):
            _spans_hold(body, start, end)


@budget(100)
@given(st.one_of(hostile_text(3), st.from_regex(r"\A[0-9.,]{1,30}(m|mn|bn|k|tn)?\Z"),
                 st.integers(0, 10**30).map(lambda n: f"{n:,}")))
@counted
def test_number_parser_gives_a_number_or_none(text: str) -> None:
    value = digit_value(text)
    assert value is None or isinstance(value, float)
