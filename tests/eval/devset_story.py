"""Build and score one development-set story the way a crawl would feed it.

Each article of ``../shared/devset/<story>/articles.json`` becomes one JSON record (text, url,
outlet, published) in a temporary folder, as ``../shared/eval/devset.sh`` does; the folder is
built into a fresh knowledge base, exported, and scored with the shared scorer."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from storyline.export.contract import build_export, write_json
from storyline.pipeline import build
from storyline.store.db import Store

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "eval" / "score.py"
DEVSET = SHARED / "devset"


def require_shared() -> None:
    """The gates need ../shared beside the checkout: without it they fail, never skip."""
    missing = [str(p) for p in (SCORER, DEVSET) if not p.exists()]
    if missing:
        raise AssertionError(f"missing {', '.join(missing)}: the quality gates read ../shared beside the "
                             f"checkout ({SHARED}); clone or copy it there")


def stories() -> list[str]:
    """Every story folder of the development set (an empty list when it is missing)."""
    if not DEVSET.is_dir():
        return []
    return sorted(p.name for p in DEVSET.iterdir() if (p / "articles.json").is_file())


def write_records(story_dir: Path, dst: Path) -> list[Path]:
    """One JSON record per article, named by the article's id (what the scorer pairs on)."""
    dst.mkdir(parents=True, exist_ok=True)
    out = []
    for a in json.loads((story_dir / "articles.json").read_text(encoding="utf-8")):
        text = (story_dir / a["file"]).read_text(encoding="utf-8")
        rec = {"text": text, "url": a.get("url"), "outlet": a.get("outlet"), "published": a.get("published")}
        path = dst / f"{a['id']}.json"
        path.write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
        out.append(path)
    return out


def score_story(story: str, work: Path) -> dict[str, float]:
    """Build, export and score one story; the scorer's metrics as a dict."""
    story_dir = DEVSET / story
    records = write_records(story_dir, work / "in")
    db = str(work / "kb.db")
    build([str(p) for p in records], db)
    export = work / "export.json"
    write_json(build_export(Store(db, create=False)), export)
    out = subprocess.run([sys.executable, str(SCORER), "--articles", str(story_dir / "articles"),
                          "--gold", str(story_dir / "gold"), "--pred", str(export), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)
