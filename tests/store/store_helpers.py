"""Store test helpers: the sample corpus and export comparison."""
from __future__ import annotations

from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"


def comparable(export: dict) -> dict:
    """An export without the moment it was generated."""
    return {**export, "meta": {k: v for k, v in export["meta"].items() if k != "generated"}}
