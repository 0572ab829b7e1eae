"""Quality gate on the development set (../shared/devset): every story built as JSON records,
scored by the shared scorer, each metric held above its floor in devset_floors.json.

Floors are the figures measured when they were pinned minus a small margin (docs/quality.md);
raise them when quality improves (``python tests/eval/pin_floors.py`` writes the measured figures less the margin).
Without ../shared the gate fails with a message saying where it should be."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from devset_story import require_shared, score_story, stories

FLOORS = json.loads((Path(__file__).with_name("devset_floors.json")).read_text(encoding="utf-8"))
PER_DOCUMENT = ("boilerplate_f1", "body_line_recall", "entity_f1", "entity_type_acc", "quote_f1",
                "quote_speaker_acc", "quantity_f1", "date_normalized_acc")
CROSS_DOCUMENT = ("alias_pair_f1", "alias_pair_p", "fact_grouping_r", "fact_status_acc", "story_pair_f1")


@pytest.fixture(scope="module")
def scores(tmp_path_factory) -> dict[str, dict[str, float]]:
    require_shared()
    names = stories()
    assert names, "../shared/devset holds no story folder with an articles.json"
    return {name: score_story(name, tmp_path_factory.mktemp(name)) for name in names}


def below_floors(scores: dict[str, dict[str, float]], metrics: tuple[str, ...]) -> list[str]:
    """'story: metric measured < floor' for every metric under its floor."""
    out = []
    for story, got in scores.items():
        floors = FLOORS.get(story)
        assert floors is not None, f"no floors pinned for dev-set story {story!r} in devset_floors.json"
        for metric in metrics:
            value = got.get(metric, 0.0)
            if value < floors[metric]:
                out.append(f"{story}: {metric} {value:.3f} < floor {floors[metric]:.3f}")
    return out


def test_every_floor_names_a_known_metric():
    for story, floors in FLOORS.items():
        assert set(floors) == set(PER_DOCUMENT + CROSS_DOCUMENT), story


def test_per_document_metrics_hold_their_floors(scores):
    assert not below_floors(scores, PER_DOCUMENT), "\n".join(below_floors(scores, PER_DOCUMENT))


def test_cross_document_metrics_hold_their_floors(scores):
    assert not below_floors(scores, CROSS_DOCUMENT), "\n".join(below_floors(scores, CROSS_DOCUMENT))


def test_a_missing_shared_folder_fails_and_says_where(monkeypatch, tmp_path):
    import devset_story

    monkeypatch.setattr(devset_story, "DEVSET", tmp_path / "nowhere" / "devset")
    with pytest.raises(AssertionError, match="nowhere/devset"):
        devset_story.require_shared()
