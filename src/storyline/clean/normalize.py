"""Clean stage: text repair and the units the boilerplate detector judges.

Repair (NFC + ftfy mojibake fixing) happens once, before any offset exists. Typography is
left alone (curly quotes stay curly) so quotes in the body read as the outlet wrote them.
A unit is one line, except inside a hard-wrapped block (an email-style text wrapped at a fixed
width), where the wrapped lines of one paragraph are joined back into one unit.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import ftfy

from storyline.ingest.sanitize import visible

_FTFY = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False, unescape_html=False,
                             normalization="NFC")
_SPACE = re.compile(r"\s+")
# A block counts as hard-wrapped when most of its lines fill the same width: calibrated for the
# 60-80 column wraps of mailing lists and text dumps; shorter widths are poems or lists.
_WRAP_MIN_WIDTH = 50
_WRAP_MAX_WIDTH = 100
_WRAP_FILL = 0.8
_WRAP_SHARE = 0.6


def repair(text: str) -> str:
    """Unicode NFC + mojibake repair; line breaks normalised to ``\\n``; invisible characters
    that could make displayed text differ from stored text removed (ingest/sanitize.py)."""
    text = ftfy.fix_text(visible(text), _FTFY)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    return unicodedata.normalize("NFC", text)


def squash(text: str) -> str:
    """All whitespace runs -> one space, ends stripped (the body's in-paragraph form)."""
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class Unit:
    """A candidate paragraph: its squashed text and the raw lines it came from."""

    text: str
    raw: str
    block: int  # index of the blank-line-separated block it belongs to


def _blocks(text: str) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.strip():
            blocks[-1].append(line.rstrip())
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _is_wrapped(lines: list[str]) -> tuple[bool, int]:
    if len(lines) < 3:
        return False, 0
    width = max(len(line) for line in lines)
    if not _WRAP_MIN_WIDTH <= width <= _WRAP_MAX_WIDTH:
        return False, width
    full = [i for i, line in enumerate(lines) if len(line) >= _WRAP_FILL * width]
    # Wrapping cuts sentences mid-way, so the line after a full one usually goes on in lower case;
    # a stack of equal-length headlines or list items does not.
    continued = sum(1 for i in full if i + 1 < len(lines) and lines[i + 1].lstrip()[:1].islower())
    return len(full) >= _WRAP_SHARE * len(lines) and continued >= len(full) / 3, width


def split_units(text: str) -> list[Unit]:
    """Repaired text -> units in reading order (see module docstring)."""
    units: list[Unit] = []
    blocks = _blocks(text)
    # Wrapping is a property of the whole file: judge it on all lines of multi-line blocks, so
    # a two-line paragraph of a wrapped file is joined too.
    wrapped, width = _is_wrapped([line for b in blocks if len(b) > 1 for line in b])
    for index, lines in enumerate(blocks):
        if not wrapped or len(lines) == 1:
            units.extend(Unit(squash(line), line.strip(), index) for line in lines)
            continue
        current: list[str] = []
        for line in lines:
            current.append(line)
            if len(line) < _WRAP_FILL * width:  # a short line ends its paragraph
                units.append(Unit(squash(" ".join(current)), "\n".join(current).strip(), index))
                current = []
        if current:
            units.append(Unit(squash(" ".join(current)), "\n".join(current).strip(), index))
    return [u for u in units if u.text]
