"""The clean stage's HTML path on the golden pages: never worse than trafilatura's own output."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "html_clean.py"


def _bench():
    spec = importlib.util.spec_from_file_location("html_clean_bench", BENCH)
    assert spec and spec.loader
    module = sys.modules.get(spec.name) or importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


def test_storyline_body_f1_at_least_trafilatura_on_golden_set() -> None:
    bench = _bench()
    results = bench.run()
    assert len(results) - 1 >= 6  # every golden page has its body file
    trafilatura_overall, storyline_overall = results["overall"]
    assert storyline_overall.f1 >= trafilatura_overall.f1
    assert storyline_overall.recall >= 0.98  # no article text is lost on the way
    # Reader comments are the classic leak: they must not reach the body.
    _, comments = results["comments_school"]
    assert comments.precision >= 0.95


def test_bag_of_words_score_counts_repeats() -> None:
    bench = _bench()
    s = bench.score("the port the port strike", "The port strike ended")
    assert (s.matched, s.extracted, s.gold) == (3, 5, 4)
