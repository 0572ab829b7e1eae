"""Text that can be stored and shown as it reads: no lone surrogates, no NULs, no invisible reordering.

Two rules, applied where text enters storyline (ingest) and where its body is assembled (clean):

- ``storable``: a lone UTF-16 surrogate (``"\\ud800"`` from a JSON escape, or a file name that is
  not UTF-8) cannot be encoded, so ids, SQLite and PostgreSQL would fail on it: it becomes U+FFFD.
  NUL becomes nothing (PostgreSQL text cannot hold it). Nothing else changes.
- ``visible``: characters that change how text is displayed without being displayed themselves
  are removed, so the text a reader sees is the text stored and cited: the bidirectional
  embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069, the "Trojan Source" set),
  zero-width space, word joiner, invisible operators, soft hyphen and a BOM inside the text.
  Kept on purpose: ZWNJ/ZWJ (U+200C/U+200D: Persian and Indic spelling, emoji sequences) and the
  direction marks LRM/RLM/ALM (U+200E/U+200F/U+061C), which only place neutral characters in
  right-to-left news copy and cannot reverse a run of text.
"""
from __future__ import annotations

import dataclasses
import html
import re
import unicodedata
from collections import Counter
from typing import TypeVar, overload

_SURROGATE = re.compile("[\ud800-\udfff]")
INVISIBLE: frozenset[str] = frozenset(
    "\u202a\u202b\u202c\u202d\u202e"  # bidi embeddings and overrides
    "\u2066\u2067\u2068\u2069"  # bidi isolates
    "\u200b\u2060\u2061\u2062\u2063\u2064\ufeff\u180e\u00ad")  # zero-width and invisible characters
_INVISIBLE = re.compile("[" + "".join(sorted(INVISIBLE)) + "]")
REMOVED_REASON = "invisible formatting characters removed"
T = TypeVar("T")


def storable(text: str) -> str:
    """``text`` with lone surrogates replaced by U+FFFD and NULs removed."""
    if text.isascii():
        return text.replace("\x00", "")
    return _SURROGATE.sub("\ufffd", text).replace("\x00", "")


@overload
def visible(text: str) -> str: ...
@overload
def visible(text: None) -> None: ...
def visible(text: str | None) -> str | None:
    """``text`` without the characters in ``INVISIBLE`` (None stays None)."""
    if text is None or text.isascii():
        return text
    return _INVISIBLE.sub("", text)


def invisible_summary(text: str, markup: bool = False) -> str | None:
    """"U+202E RIGHT-TO-LEFT OVERRIDE x2, ..." for the invisible characters in ``text``, else None;
    ``markup``: ``text`` is HTML, whose character references (``&#x202e;``) count too."""
    if markup and "&" in text:
        text = html.unescape(text)
    if text.isascii():
        return None
    found = Counter(_INVISIBLE.findall(text))
    if not found:
        return None
    return ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, 'UNNAMED')} x{n}" for ch, n in sorted(found.items()))


def storable_record(record: T) -> T:
    """A frozen dataclass of plain values (RawArticle, Failure) with every str field ``storable``."""
    changes = {name: fixed for name, value in vars(record).items()
               if isinstance(value, str) and (fixed := storable(value)) != value}
    return dataclasses.replace(record, **changes) if changes else record  # type: ignore[type-var]
