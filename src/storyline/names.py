"""Name helpers shared by the analyze and resolve stages (no spaCy here)."""
from __future__ import annotations

from storyline.resources.names import TITLES


def strip_titles(name: str) -> str:
    """'Mr. Hamron' -> 'Hamron', 'Russian President Vladimir Putin' keeps 'Vladimir Putin'."""
    words = name.split()
    while len(words) > 1 and (words[0].lower() in TITLES or words[0].lower().rstrip(".") in TITLES):
        words = words[1:]
    return " ".join(words)
