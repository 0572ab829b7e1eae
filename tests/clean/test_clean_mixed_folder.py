"""Ingest + clean on a folder of good and bad inputs: nothing crashes, nothing is dropped."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from storyline.clean import clean_articles
from storyline.ingest import iter_inputs
from storyline.model import CleanDocument, Failure, RawArticle

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "clean"


def test_documents_plus_failures_equal_inputs(tmp_path: Path) -> None:
    for name in ("valley_flood.txt", "harbour_strike.html"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blob.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "latin.txt").write_bytes(bytes(range(128, 256)) * 3)
    (tmp_path / "big.txt").write_text("flood " * 5000)
    (tmp_path / "app.html").write_text("<html><body><script>render()</script></body></html>")
    (tmp_path / "feed.jsonl").write_text("\n".join([
        json.dumps({"title": "Bridge closes", "text": "Bridge closes\n\nThe old bridge closed on Monday for repairs, "
                    "the council said, and will reopen in June."}),
        "{not json",
        json.dumps({"title": "No body here"}),
    ]))
    # inputs: 2 fixtures + 5 single files + 3 records = 10
    raws = list(iter_inputs([str(tmp_path)], max_bytes=20_000))
    assert len(raws) == 10
    articles = [r for r in raws if isinstance(r, RawArticle)]
    out = list(clean_articles(articles))
    docs = [d for d in out if isinstance(d, CleanDocument)]
    failures = [r for r in raws if isinstance(r, Failure)] + [d for d in out if isinstance(d, Failure)]
    assert len(docs) + len(failures) == 10
    assert sorted(Path(d.source).name for d in docs) == ["feed.jsonl#1", "harbour_strike.html", "valley_flood.txt"]
    reasons = {Path(f.source).name: f.reason for f in failures}
    assert set(reasons) == {"empty.txt", "blob.txt", "latin.txt", "big.txt", "app.html", "feed.jsonl#2", "feed.jsonl#3"}
    for name, reason in reasons.items():
        assert name.split("#")[0] in reason and "\n" not in reason
