"""Clean stage: language identification with py3langid (its model ships in the package)."""
from __future__ import annotations

from itertools import islice

import py3langid

MIN_LETTERS = 20  # below this the identifier guesses; better to say nothing
SAMPLE_CHARS = 5000  # the first few paragraphs decide; keeps long documents cheap


def detect_language(body: str) -> str | None:
    """ISO 639-1 code of ``body``'s language, or None for too little text."""
    sample = body[:SAMPLE_CHARS]
    if not _has_letters(sample, MIN_LETTERS):
        return None
    code, _score = py3langid.classify(sample)
    return str(code)


def _has_letters(text: str, count: int) -> bool:
    """At least ``count`` letters; stops counting there (the sample may run to 5000 characters)."""
    letters = (ch for ch in text if ch.isalpha())
    return sum(1 for _ in islice(letters, count)) >= count
