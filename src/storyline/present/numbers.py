"""Numbers as a reader writes them, for every view that shows a figure."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def format_number(value: object) -> str:
    """Numbers as a reader writes them: 2000 -> "2,000", 2000.0 -> "2,000", 0.5 -> "0.5",
    40000000 -> "40 million", 1300000 -> "1.3 million"."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "" if value is None else str(value)
    for size, word in _SCALES:
        if abs(value) >= size and (value / size * 100).is_integer():
            return f"{value / size:,.6g} {word}"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.6g}"


def value_text(row: Mapping[str, Any]) -> str:
    """A claim's or quantity's number: "1,600–2,000" for a range, "2,000" for a point."""
    low, high = row.get("low"), row.get("high")
    if low is not None and high is not None:
        lo, hi = format_number(low), format_number(high)
        if lo.split(" ")[1:] == hi.split(" ")[1:] and " " in lo:  # "40–60 million", not "40 million–60 million"
            return f"{lo.split(' ')[0]}–{hi}"
        return f"{lo}–{hi}"
    if row.get("value") is not None:
        return format_number(row.get("value"))
    return ""
