"""Ingest stage: what a fetched body is (HTML page, plain text, feed, or unsupported) and its text.

The server's content type decides; generic XML types and a missing type are settled by looking
at the first bytes (a feed's root element, markup, or plain text).
"""
from __future__ import annotations

import re

from storyline.ingest.decode import NotText, decode_bytes
from storyline.ingest.fetch import Fetched
from storyline.model import Failure, RawArticle

HTML_TYPES: frozenset[str] = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES: frozenset[str] = frozenset({"text/plain"})
FEED_TYPES: frozenset[str] = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml",
                                        "application/x-rss+xml", "application/feed+xml"})
XML_TYPES: frozenset[str] = frozenset({"application/xml", "text/xml"})  # a feed, a page, or neither: sniff
SNIFF_CHARS = 4096
# A feed's root element after the XML declaration, comments and processing instructions.
_FEED_ROOT = re.compile(r"\A(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*<(?:rss|feed|rdf:RDF)[\s>]", re.I | re.S)
_MARKUP = re.compile(r"\A(?:\s|<\?.*?\?>|<!--.*?-->)*<(?:!doctype\s+html|html|head|body)[\s>]", re.I | re.S)


def looks_like_feed(text: str) -> bool:
    """True when ``text`` starts with an RSS, Atom or RDF root element."""
    return bool(_FEED_ROOT.match(text[:SNIFF_CHARS]))


def looks_like_html(text: str) -> bool:
    return bool(_MARKUP.match(text[:SNIFF_CHARS]))


def decode_page(fetched: Fetched) -> str:
    """The body as text: the server's charset when it names one that works, else detection."""
    if fetched.charset:
        try:
            return fetched.data.decode(fetched.charset)
        except (LookupError, UnicodeDecodeError):
            pass  # servers lie about charsets; detection is the fallback
    return decode_bytes(fetched.data)


def readable_type(fetched: Fetched) -> bool:
    """False when the server says the body is something storyline never reads (image, PDF...)."""
    media = fetched.content_type
    return not media or media in FEED_TYPES | HTML_TYPES | TEXT_TYPES | XML_TYPES


def kind_of(fetched: Fetched, text: str) -> str | None:
    """"html" | "text" | "feed", or None when the content type is not something storyline reads."""
    media = fetched.content_type
    if media in FEED_TYPES:
        return "feed"
    if media in HTML_TYPES:
        return "html"
    if media in TEXT_TYPES:
        return "feed" if looks_like_feed(text) else "text"
    if media in XML_TYPES or not media:
        if looks_like_feed(text):
            return "feed"
        if looks_like_html(text):
            return "html"
        return "text" if not media else None
    return None


def page_article(fetched: Fetched, source: str, kind: str, text: str, title: str | None = None,
                 published: str | None = None, outlet: str | None = None) -> RawArticle:
    """A fetched HTML or text page as a RawArticle; ``url`` is where the page really was."""
    return RawArticle(source=source, content=text, format=kind, title=title, url=fetched.final_url,
                      published=published, outlet=outlet)


def decoded(fetched: Fetched, source: str) -> str | Failure:
    """The page's text, or a Failure naming ``source`` and the URL."""
    if not fetched.data.strip():
        return Failure(source, f"{_name(source, fetched)}: empty response")
    try:
        text = decode_page(fetched)
    except NotText as exc:
        return Failure(source, f"{_name(source, fetched)}: {exc}")
    if not text.strip():
        return Failure(source, f"{_name(source, fetched)}: response has only whitespace")
    return text


def unsupported(fetched: Fetched, source: str) -> Failure:
    return Failure(source, f"{_name(source, fetched)}: unsupported content type {fetched.content_type or 'unknown'}")


def _name(source: str, fetched: Fetched) -> str:
    return source if fetched.url in source else f"{source} ({fetched.url})"
