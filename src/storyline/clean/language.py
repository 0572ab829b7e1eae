"""Clean stage: language identification with py3langid (its model ships in the package)."""
from __future__ import annotations

import py3langid

MIN_LETTERS = 20  # below this the identifier guesses; better to say nothing
SAMPLE_CHARS = 5000  # the first few paragraphs decide; keeps long documents cheap


def detect_language(body: str) -> str | None:
    """ISO 639-1 code of ``body``'s language, or None for too little text."""
    sample = body[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None
    code, _score = py3langid.classify(sample)
    return str(code)
