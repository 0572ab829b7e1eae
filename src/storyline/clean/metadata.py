"""Clean stage: publication date and outlet when the source did not give them.

The date is taken, in this order, from the RawArticle's fields (the record's metadata), the
page (HTML meta; a "Published ..." line; a plain stamp in the header; a credit line with a
date; a dateline), the URL (a /YYYY/MM/DD/ or YYYYMMDD path, ``raw.url`` or a URL line in the
text) and last an "Updated ..." stamp. The
outlet from the record, else the page, else the URL's domain. Only unambiguous values are
returned; otherwise None: an unknown date stays unknown, never guessed.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from storyline.clean.cues import URL
from storyline.ingest.dates import find_dates

# Host prefixes that name a server, not the outlet (www.x.example and m.x.example are x.example).
HOST_PREFIXES: tuple[str, ...] = ("www.", "www2.", "m.", "amp.", "mobile.", "edition.")
# /2026/03/14/, /2026-03-14-slug, /20260314/, /20260314_01/, -20260314-: a date in the path.
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})(?=[/\-_.]|$)"
                       r"|(?<=[/_-])((?:19|20)\d\d)(\d\d)(\d\d)(?=[/_-]|\.html?$|$)")
DATELINE_CHARS = 80  # a dateline date sits at the very start of a lead paragraph
HEAD_UNITS = 6  # how far from the top an unlabelled timestamp line still dates the article
PUBLISHED_WORDS = re.compile(r"\b(?:published|posted|first published|publi[ée]|ver[öo]ffentlicht|publicado|"
                             r"pubblicato|gepubliceerd)\b")
UPDATED_WORDS = re.compile(r"\b(?:updated?|last update|modified|aktualisiert|mis à jour|actualizado|aggiornato|"
                           r"bijgewerkt|atualizado)\b")
# A removed credit line that is an outlet or place and a date: "The Coast Post, May 4, 2026".
_DATED_CREDIT = re.compile(r"^(?:[A-Z][\w.&'’-]*\s+){0,4}[A-Z][\w.&'’-]*\s*[,|–—-]\s*[^|]{0,30}\d{4}\s*$")
_DATELINE_END = re.compile(r"\s(?:--|—|–|-)\s|:\s|\(|/")


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


def _stamp_kind(text: str) -> str:
    """"published" for a labelled publication stamp, "updated" for an update stamp, else "plain"."""
    lowered = text.lower()
    if PUBLISHED_WORDS.search(lowered):
        return "published"
    first_date = find_dates(lowered)
    update = UPDATED_WORDS.search(lowered)
    if update and not (first_date and first_date[0][0] < update.start()):
        return "updated"
    return "plain"


def _dateline(first: str) -> str | None:
    """The date of a dateline: written before the separator that ends it ("HALBERG, Jan. 8,
    2026 --", "ANKARA, March 4, 2026 (Agency)"), never a date inside the lead's sentence."""
    end = _DATELINE_END.search(first[:DATELINE_CHARS])
    if not end:
        return None
    found = [d for _, e, d in find_dates(first) if e <= end.start() + 1]
    return found[0] if found else None


def date_from_page(texts: Sequence[str], reasons: Sequence[str | None]) -> str | None:
    """The publication date the page prints: the earliest date on a "Published ..." line, else
    on a plain stamp near the top, else a dateline. "Updated ..." stamps are left to
    ``date_from_updates``: an update is not the publication."""
    stamps = [(i, t) for i, t in enumerate(texts) if reasons[i] == "timestamp"]
    published = [d for _, t in stamps if _stamp_kind(t) == "published" for _, _, d in find_dates(t)]
    if published:
        return min(published)
    first = next((i for i, r in enumerate(reasons) if r is None), len(texts))
    head = max(HEAD_UNITS, first)  # the header: the top lines, or all lines above the lead
    plain = [d for i, t in stamps if i < head and _stamp_kind(t) == "plain" for _, _, d in find_dates(t)]
    if plain:
        return min(plain)
    credits = [d for t, r in zip(texts, reasons) if r is not None and _DATED_CREDIT.match(t)
               for _, _, d in find_dates(t)]
    if credits:
        return min(credits)
    return _dateline(texts[first]) if first < len(texts) else None


def date_from_updates(texts: Sequence[str], reasons: Sequence[str | None]) -> str | None:
    """The earliest date on an "Updated ..." stamp: the last resort, the article is no newer."""
    found = [d for i, t in enumerate(texts) if reasons[i] == "timestamp" and _stamp_kind(t) == "updated"
             for _, _, d in find_dates(t)]
    return min(found) if found else None
