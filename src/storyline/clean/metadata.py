"""Clean stage: publication date and outlet when the source did not give them.

Taken, in this order, from the RawArticle's fields, a URL (``raw.url`` or a URL line in the
text: the domain names the outlet, a /YYYY/MM/DD/ path dates it) and the timestamp or dateline
lines near the top of the text. Only unambiguous values are returned; otherwise None.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from storyline.clean.cues import URL
from storyline.ingest.dates import find_dates

# Host prefixes that name a server, not the outlet (www.x.example and m.x.example are x.example).
HOST_PREFIXES: tuple[str, ...] = ("www.", "www2.", "m.", "amp.", "mobile.", "edition.")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})(?=[/\-_.]|$)|/((?:19|20)\d\d)(\d\d)(\d\d)(?=/)")
DATELINE_CHARS = 80  # a dateline date sits at the very start of a lead paragraph
HEAD_UNITS = 6  # how far from the top a timestamp line still dates the article


def _host(url: str) -> str | None:
    if "://" not in url:
        url = "http://" + url
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    return host or None


def outlet_from_url(url: str | None) -> str | None:
    """``https://www.valleytribune.example/x`` -> ``valleytribune.example``."""
    host = _host(url) if url else None
    if not host or "." not in host or host.replace(".", "").isdigit():
        return None
    for prefix in HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            return host[len(prefix):]
    return host


def date_from_url(url: str | None) -> str | None:
    if not url:
        return None
    path = url.split("://", 1)[-1]
    m = _URL_DATE.search(path[path.find("/"):] if "/" in path else "")
    if not m:
        return None
    year, month, day = (int(g) for g in (m.groups()[:3] if m.group(1) else m.groups()[3:]))
    found = find_dates(f"{year:04d}-{month:02d}-{day:02d}")
    return found[0][2] if found else None


def url_in_lines(lines: Sequence[str]) -> str | None:
    for line in lines:
        m = URL.search(line)
        if m:
            return m.group(0).rstrip(".,;)")
    return None


def date_from_head(texts: Sequence[str], reasons: Sequence[str | None]) -> str | None:
    """Earliest date on a timestamp line near the top (published precedes updated), else a
    date at the start of the first kept paragraph (a dateline)."""
    stamps = [d for i, t in enumerate(texts[:HEAD_UNITS]) if reasons[i] == "timestamp"
              for _, _, d in find_dates(t)]
    if stamps:
        return min(stamps)
    first = next((t for t, r in zip(texts, reasons) if r is None), None)
    if first:
        found = [d for s, _, d in find_dates(first) if s < DATELINE_CHARS]
        return found[0] if found else None
    return None
