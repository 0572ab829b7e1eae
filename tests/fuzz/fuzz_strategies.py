"""Generators of hostile input for the property tests: news-like text salted with the characters
that break text handling, markup nested deep, feeds, JSON with escaped surrogates, damaged bytes.

``budget(n)``: hypothesis settings for a property worth ``n`` examples in `make test`
(STORYLINE_FUZZ_SCALE multiplies it for `make fuzz`). ``counted`` tallies examples per property.
"""
from __future__ import annotations

import functools
import html
import json
import os
from collections import Counter
from collections.abc import Callable
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st

SCALE = max(1, int(os.environ.get("STORYLINE_FUZZ_SCALE", "1")))
COUNTS: Counter[str] = Counter()


def budget(examples: int) -> settings:
    return settings(max_examples=examples * SCALE)


def counted(test: Callable[..., Any]) -> Callable[..., Any]:
    """Count the examples a property runs (shown at the end of the session)."""
    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> Any:
        COUNTS[test.__name__.removeprefix("test_")] += 1
        return test(*args, **kwargs)
    return run


# Characters that have broken text pipelines: controls, NUL, bidi overrides and isolates, zero-width
# characters, BOM, soft hyphen, combining marks, RTL letters and marks, line/paragraph separators,
# a private-use character, astral emoji with ZWJ, and lone surrogates.
HOSTILE = ("\x00", "\x01", "\x1b", "\x7f", "\x85", "\x9d", "\t", "\r", "\r\n", "\v", "\f", "\u2028", "\u2029",
           "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
           "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\u2060", "\ufeff", "\u00ad",
           "\u0301", "\u0327\u0308", "e\u0301", "\u0627\u0644\u0633\u0644\u0627\u0645", "\u05e9\u05dc\u05d5\u05dd",
           "\ue000", "\U0001f469\u200d\U0001f4bb", "\ufffd", "\ud800", "\udfff", "\udbff\udc00", "\u0085",
           "Ã©", "â€™", "\uff21", "\u00a0", "\u3000", "ﬁ", "İ", "ß")
WORDS = ("The", "council", "said", "on", "Monday", "12", "May", "2026", "3.5", "million", "euros", "per", "cent",
         "\u201c", "\u201d", '"', "'", "\u2018", "\u2019", "Ana", "Petrova", "of", "the", "Harbour", "Authority",
         "(HA)", "about", "between", "and", "1,200", "workers", "last", "week", "2019-2021", "\u00bd", "%", "$",
         "\u20ac40m", "-", "\u2014", ":", ".", ",", "told", "reporters", "according", "to", "Dr", "Mr", "Ltd",
         "1990s", "spring", "ago", "years", "three", "twenty-five", "dozens", "Reuters", "Tuesday", "03/04/2026",
         "2026-02-30", "31 June", "at", "least", "nearly", "1.2bn", "5m", "10,000,000,000,000", "1e309", "said:",
         "\u00abIt", "is", "over\u00bb", "\u2039", "\u203a", "\u300c", "\u300d", "http://news.example/a?b=1",
         "www.example.org", "\u00a9", "Share", "this", "Subscribe", "Advertisement", "(", ")", "[", "]", "&amp;", "<b>")


def hostile_text(max_words: int = 80) -> st.SearchStrategy[str]:
    """News-like words, hostile characters and random Unicode, in lines and paragraphs."""
    piece = st.one_of(st.sampled_from(WORDS), st.sampled_from(WORDS), st.sampled_from(HOSTILE),
                      st.text(max_size=4), st.text(alphabet=st.characters(codec="utf-8"), max_size=6))
    sep = st.sampled_from((" ", " ", " ", "", "\n", "\n\n", "  ", "\t"))
    return st.lists(st.tuples(piece, sep), max_size=max_words).map(lambda ps: "".join(p + s for p, s in ps))


def surrogate_free(text: str) -> str:
    return text.encode("utf-8", "replace").decode("utf-8")


_TAGS = ("div", "p", "span", "article", "main", "section", "b", "i", "a", "li", "ul", "table", "tr", "td",
         "blockquote", "h1", "h2", "script", "style", "nav", "footer", "header", "svg", "iframe", "form", "pre",
         "font", "center", "x-widget", "br", "img", "meta", "title", "head", "body", "html", "!--", "?xml")


def _element(children: list[str], tag: str, attrs: str, close: bool) -> str:
    if tag == "!--":
        return "<!--" + "".join(children) + "-->"
    if tag == "?xml":
        return '<?xml version="1.0" encoding="latin-1"?>' + "".join(children)
    return f"<{tag}{attrs}>" + "".join(children) + (f"</{tag}>" if close else "")


def html_pages(max_leaves: int = 30) -> st.SearchStrategy[str]:
    """Random markup: nested elements (closed or not), attributes, entities, hostile text."""
    text = hostile_text(12).map(lambda t: html.escape(t, quote=False))
    attrs = st.sampled_from(("", ' class="story"', ' id="main"', " onclick=\"x()\"", ' href="javascript:1"',
                             ' dir="rtl"', " data-x='\u202e'", ' style="display:none"', " a=b c"))
    entity = st.sampled_from(("&#x202e;", "&#8203;", "&#0;", "&#xD800;", "&nbsp;", "&amp;", "&bogus;", "&#1114112;"))
    leaf = st.one_of(text, entity)
    tree = st.recursive(leaf, lambda kids: st.builds(_element, st.lists(kids, max_size=4), st.sampled_from(_TAGS),
                                                     attrs, st.booleans()), max_leaves=max_leaves)
    return st.builds(lambda body, head: f"<html><head><title>{head}</title></head><body>{body}</body></html>",
                     tree, text)


def json_value(text: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), text)
    return st.recursive(scalar, lambda kids: st.lists(kids, max_size=3) | st.dictionaries(text, kids, max_size=3),
                        max_leaves=8)


def article_records() -> st.SearchStrategy[Any]:
    """JSON values as scrapers write them (and some they should not): objects with text fields."""
    text = hostile_text(40)
    keys = st.sampled_from(("text", "body", "content", "html", "title", "headline", "url", "date", "published",
                            "outlet", "source", "meta", "author"))
    record = st.dictionaries(keys, st.one_of(text, json_value(text), st.integers(), st.none()), max_size=6)
    return st.one_of(record, record, json_value(text))


def dumps(value: Any, ascii_only: bool) -> str:
    """JSON text; a str holding a lone surrogate is written as its escape (what json.dumps does)."""
    return json.dumps(value, ensure_ascii=True) if ascii_only else json.dumps(value, ensure_ascii=False)


def news_text(min_sentences: int = 3, max_sentences: int = 12) -> st.SearchStrategy[str]:
    """Sentence-shaped text (words of ``WORDS`` with hostile characters mixed in), in paragraphs:
    long enough that the cleaner keeps it and the extractors have names, numbers, dates, quotes."""
    word = st.one_of(*[st.sampled_from(WORDS)] * 6, st.sampled_from(HOSTILE), st.text(max_size=3))
    sentence = st.lists(word, min_size=5, max_size=25).map(lambda ws: " ".join(ws) + ".")
    paragraph = st.lists(sentence, min_size=1, max_size=4).map(" ".join)
    return st.lists(paragraph, min_size=min_sentences, max_size=max_sentences).map("\n\n".join)
