"""Ingest stage (shared with clean): dates as sources write them -> ``YYYY-MM-DD``.

``parse_date`` reads one metadata value (ISO 8601, RFC 2822, "14 March 2026", epoch seconds);
``find_dates`` finds every unambiguous calendar date inside a line of text. Numeric dates with
slashes are read day-first or month-first only when one reading is impossible (a part > 12);
dotted numeric dates (14.03.2026) are day-first, the only convention that writes them.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timezone
from email.utils import parsedate_to_datetime

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
DATE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"\b{_YEAR}-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)\b"),  # ISO
    re.compile(rf"\b(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.{_YEAR}\b"),  # 14.03.2026
    re.compile(rf"\b(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/{_YEAR}\b"),  # 14/03/2026 or 03/14/2026
    re.compile(rf"(?<![\d-])(?P<a>[0-3]?\d)-(?P<b>[0-3]?\d)-{_YEAR}\b"),  # 14-03-2026, read like slashes
    # 14 March 2026, 14 March,2026 (a scraper's lost space)
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,\s*|\s+){_YEAR}\b", re.I),
    re.compile(rf"\b{_MONTH}\s+{_DAY}(?:,\s*|\s+){_YEAR}\b", re.I),  # March 14, 2026
)
_EPOCH_MS = 10**11  # epoch values above this are milliseconds


# letters a case-insensitive pattern equates with ASCII ones ("aprıl" matches April under re.I)
_CASE_TWINS = str.maketrans({"ı": "i", "ſ": "s", "\u212a": "k", "\u0307": None})


def month_number(name: str) -> int | None:
    """'March', 'mar.', 'APRİL', 'aprıl' -> the month; None for anything else."""
    key = name.lower().rstrip(".")
    return MONTHS.get(key) or MONTHS.get(key.translate(_CASE_TWINS))


def _valid(year: int, month: int | None, day: int) -> str | None:
    if month is None:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _from_match(m: re.Match[str]) -> str | None:
    groups = m.groupdict()
    year = int(groups["year"])
    if groups.get("month"):
        return _valid(year, month_number(groups["month"]), int(groups["day"]))
    if groups.get("m"):
        return _valid(year, int(groups["m"]), int(groups["d"]))
    a, b = int(groups["a"]), int(groups["b"])
    if a > 12 >= b:
        return _valid(year, b, a)
    if b > 12 >= a:
        return _valid(year, a, b)
    return _valid(year, a, b) if a == b else None  # 03/04/2026 is ambiguous


def find_dates(text: str) -> list[tuple[int, int, str]]:
    """Every unambiguous date in ``text`` as (start, end, YYYY-MM-DD), in text order."""
    found: list[tuple[int, int, str]] = []
    for pattern in DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e, _ in found):
                continue
            iso = _from_match(m)
            if iso:
                found.append((m.start(), m.end(), iso))
    return sorted(found)


def parse_date(value: object) -> str | None:
    """A metadata value (str, int epoch, date/datetime) -> YYYY-MM-DD, or None when unreadable."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        seconds = value / 1000 if value > _EPOCH_MS else value
        try:
            return datetime.fromtimestamp(seconds, tz=timezone.utc).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    found = find_dates(text)
    return found[0][2] if found else None
