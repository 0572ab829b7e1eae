"""Export stage: the contract JSON (../shared/contract/export.md), read from the store.

Extra keys beyond the contract: ``sentences`` (sentence boundaries, for citing), ``meta``,
entity ``reasons`` (why names were merged) and ``mentions_count``, claim ``start``/``end``/
``qualifier``/``published``/``outlet``, relation ``sentence``."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from storyline import __version__
from storyline.store.read import tables
from storyline.store.db import Store, now

CONTRACT_KEYS = ("documents", "entities", "mentions", "quotes", "quantities", "dates", "relations",
                 "facts", "stories", "failures")


def build_export(store: Store) -> dict[str, Any]:
    run = store.last_run() or {}
    return {
        "documents": tables.documents(store),
        "entities": tables.entities(store),
        "mentions": tables.mentions(store),
        "quotes": tables.quotes(store),
        "quantities": tables.quantities(store),
        "dates": tables.dates(store),
        "relations": tables.relations(store),
        "facts": tables.facts(store),
        "stories": tables.stories(store),
        "failures": tables.failures(store),
        "sentences": tables.sentences(store),
        "meta": {"generated": now(), "storyline_version": __version__, "model": run.get("model")},
    }


def write_json(export: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(export, ensure_ascii=False, indent=1), encoding="utf-8")
