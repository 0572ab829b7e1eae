"""Helpers that read a rendered report back with the standard-library HTML parser."""
from __future__ import annotations

from html.parser import HTMLParser


class PageScan(HTMLParser):
    """Collects element ids, hrefs, srcs, script/style counts and the text of each ``div.body``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.tags: list[str] = []
        self.bodies: list[str] = []
        self._body_depth = 0  # >0 while inside a div.body; counts nested elements

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        self.tags.append(tag)
        if attr.get("id"):
            self.ids.append(attr["id"] or "")
        if "href" in attr:
            self.hrefs.append(attr["href"] or "")
        if "src" in attr:
            self.srcs.append(attr["src"] or "")
        if self._body_depth:
            self._body_depth += 1
        elif tag == "div" and "body" in (attr.get("class") or "").split():
            self._body_depth = 1
            self.bodies.append("")

    def handle_endtag(self, tag: str) -> None:
        if self._body_depth:
            self._body_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._body_depth:
            self.bodies[-1] += data


def scan(html: str) -> PageScan:
    parser = PageScan()
    parser.feed(html)
    parser.close()
    return parser
