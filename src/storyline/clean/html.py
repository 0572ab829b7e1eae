"""Clean stage: main text and metadata out of an HTML page.

trafilatura does the real work (main text, title, date, author, site name). When it finds
nothing, a simpler extractor reads the paragraphs of <article>/<main>/<body> with lxml, after
dropping scripts, menus, headers and footers. The text blocks of the page that neither kept are
reported as removed lines, so the audit trail covers HTML as well as plain text.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

import lxml.html
import trafilatura
from lxml import etree

from storyline.clean.normalize import squash
from storyline.ingest.dates import parse_date

# Elements whose text is never article text.
DROP_TAGS: tuple[str, ...] = ("script", "style", "noscript", "template", "svg", "iframe", "form",
                              "nav", "header", "footer", "aside", "button", "select")
BLOCK_TAGS: tuple[str, ...] = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote",
                               "pre", "figcaption", "dd", "dt", "td", "th")
MAX_AUDIT_LINES = 500  # removed-line audit for a huge page stays bounded

logging.getLogger("trafilatura").setLevel(logging.ERROR)  # it logs every empty page as a warning


@dataclass(frozen=True)
class HtmlText:
    paragraphs: tuple[str, ...]
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    author: str | None = None
    page_blocks: tuple[str, ...] = ()  # every text block of the page, for the audit


def _parse(html: str) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.document_fromstring(html)
    except ValueError:  # a str with an XML encoding declaration must be parsed as bytes
        pass
    except etree.ParserError:
        return None
    try:
        parser = lxml.html.HTMLParser(encoding="utf-8")
        return lxml.html.document_fromstring(html.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError):
        return None


def _blocks(root: lxml.html.HtmlElement) -> list[str]:
    """Text of the block elements under ``root`` (innermost blocks only, to avoid repeats)."""
    out: list[str] = []
    for el in root.iter(*BLOCK_TAGS):
        if any(child.tag in BLOCK_TAGS for child in el.iterdescendants()):
            continue
        text = squash(el.text_content())
        if text:
            out.append(text)
    return out


def _fallback(root: lxml.html.HtmlElement) -> list[str]:
    # Mutates ``root``: called last, after the page's blocks were read for the audit.
    for tag in DROP_TAGS:
        for el in root.xpath(f"//{tag}"):
            el.drop_tree()
    main = (root.xpath("//article") or root.xpath("//main") or root.xpath("//body") or [root])[0]
    paragraphs = _blocks(main)
    if not paragraphs:
        text = main.text_content()
        paragraphs = [squash(line) for line in text.split("\n") if squash(line)]
    return paragraphs


def extract_html(html: str, url: str | None = None) -> HtmlText | None:
    """The article in ``html``, or None when the page holds no article text at all."""
    root = _parse(html)
    if root is None:
        return None
    page = tuple(_blocks(root)[:MAX_AUDIT_LINES])
    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                          include_tables=False)
    except Exception:  # trafilatura raises assorted errors on broken markup; fall back instead
        doc = None
    text = getattr(doc, "text", None) if doc is not None else None
    paragraphs = [squash(p) for p in (text or "").split("\n") if squash(p)]
    if not paragraphs:
        paragraphs = _fallback(root)
    if not paragraphs:
        return None
    return HtmlText(
        paragraphs=tuple(paragraphs),
        title=squash(doc.title) if doc is not None and doc.title else _page_title(root),
        published=parse_date(doc.date) if doc is not None and doc.date else None,
        outlet=(doc.sitename or None) if doc is not None else None,
        author=(doc.author or None) if doc is not None else None,
        page_blocks=page,
    )


def _page_title(root: lxml.html.HtmlElement) -> str | None:
    found = root.xpath("//h1") or root.xpath("//title")
    return squash(found[0].text_content()) or None if found else None
