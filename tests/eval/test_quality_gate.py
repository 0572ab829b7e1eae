"""Quality gate: the shared scorer on the seed articles and on our sample corpus, with floors.

A change that drops a score below its floor fails CI. Floors sit a little under the scores
measured when they were pinned (docs/quality.md); raise them when quality improves."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from storyline.export.contract import build_export, write_json
from storyline.pipeline import build
from storyline.store.db import Store

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "eval" / "score.py"

FLOORS = {
    "seeds": {
        "boilerplate_f1": 0.98, "body_line_recall": 0.99, "entity_f1": 0.95, "entity_type_acc": 0.96,
        "quote_f1": 0.98, "quote_speaker_acc": 0.98, "quantity_f1": 0.98, "quantity_value_acc": 0.98,
        "quantity_qualifier_acc": 0.98, "date_f1": 0.98, "date_normalized_acc": 0.98,
        "alias_pair_f1": 0.94, "fact_grouping_r": 0.98, "fact_status_acc": 0.98, "story_pair_f1": 1.0,
    },
    "examples": {
        "boilerplate_f1": 0.98, "body_line_recall": 0.99, "entity_f1": 0.93, "entity_type_acc": 0.90,
        "quote_f1": 0.98, "quote_speaker_acc": 0.91, "quantity_f1": 0.98, "quantity_value_acc": 0.98,
        "quantity_qualifier_acc": 0.98, "date_f1": 0.98, "date_normalized_acc": 0.88,
        "alias_pair_f1": 0.85, "fact_grouping_r": 0.89, "fact_status_acc": 0.88, "story_pair_f1": 1.0,
    },
}
CORPORA = {"seeds": (SHARED / "seeds", SHARED / "seeds" / "gold"),
           "examples": (ROOT / "examples" / "articles", ROOT / "examples" / "gold")}


def score(name: str, tmp_path: Path) -> dict[str, float]:
    articles, gold = CORPORA[name]
    files = sorted(str(p) for p in articles.iterdir() if p.suffix in (".txt", ".html"))
    db = str(tmp_path / f"{name}.db")
    build(files, db)
    export = tmp_path / f"{name}.json"
    write_json(build_export(Store(db, create=False)), export)
    out = subprocess.run([sys.executable, str(SCORER), "--articles", str(articles), "--gold", str(gold),
                          "--pred", str(export), "--json"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_scores_stay_above_their_floors(name, tmp_path, nlp):
    assert SCORER.exists(), f"shared scorer not found at {SCORER}: the gate reads ../shared beside the checkout"
    assert CORPORA[name][0].exists(), f"{CORPORA[name][0]} not found"
    metrics = score(name, tmp_path)
    below = {k: round(metrics.get(k, 0.0), 3) for k, floor in FLOORS[name].items() if metrics.get(k, 0.0) < floor}
    assert not below, f"{name}: below floor: {below}"
