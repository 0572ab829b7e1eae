"""The progress callback: every long stage reports steps that advance to their total."""
from __future__ import annotations

from pathlib import Path

from storyline import pipeline

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"


def test_documents_and_resolution_report_progress_to_the_end(tmp_path):
    seen: dict[str, list[tuple[int, int | None]]] = {}
    pipeline.build([str(EXAMPLES)], str(tmp_path / "kb.db"), workers=1,
                   progress=lambda stage, done, total: seen.setdefault(stage, []).append((done, total)))
    documents, resolve = seen["documents"], seen["resolve"]
    files = len(list(EXAMPLES.iterdir()))
    assert documents[0][0] == 0 and documents[-1] == (files, files)
    assert [done for done, _ in resolve] == list(range(len(resolve)))  # one step at a time, in order
    assert resolve[-1][0] == resolve[-1][1] > 2  # near-duplicates and each resolution step
