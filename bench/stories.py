"""Story grouping on a mixed corpus: the sample story plus real BBC articles of other topics.

    python bench/stories.py --bbc 200 [--json-out docs/bench/stories.json]

Gold: the six sample-corpus articles about the dam collapse are one story; the unrelated
sample article and every BBC article are not in it. Pairwise precision/recall/F1 over pairs
that involve at least one sample-corpus article (whether BBC articles group among themselves
is not judged: the corpus has no story labels), plus the count of BBC articles pulled into the
sample story. Chaining among the BBC articles themselves is measured by their categories
(business, politics, sport, tech, entertainment): a story that mixes categories chained
unrelated articles. ``--db PATH`` keeps the built store (or reuses it when it exists, then
only the resolve stage runs again). One run: build, export, score."""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from itertools import combinations
from pathlib import Path

from storyline.export.contract import build_export
from storyline.pipeline import build
from storyline.resolution import resolve
from storyline.store.db import Store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_STORY = ("01_", "02_", "03_", "04_", "05_", "06_")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bbc", type=int, default=200, help="number of BBC articles mixed in")
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "bbc-news-2004-2005.jsonl")
    ap.add_argument("--json-out", type=Path)
    ap.add_argument("--db", type=Path, help="keep the built store here (reused, re-resolved, when it exists)")
    args = ap.parse_args(argv)
    with args.corpus.open(encoding="utf-8") as fh:
        lines = [line for _, line in zip(range(args.bbc), fh)]
    category = {f"bbc.jsonl#{n}": json.loads(line).get("category") for n, line in enumerate(lines, 1)}
    with tempfile.TemporaryDirectory() as tmp:
        db = str(args.db or Path(tmp) / "mixed.db")
        if args.db and args.db.exists():
            resolve(Store(db, create=False), full=True)
        else:
            bbc = Path(tmp) / "bbc.jsonl"
            bbc.write_text("".join(lines), encoding="utf-8")
            build([str(ROOT / "examples" / "articles"), str(bbc)], db)
        export = build_export(Store(db, create=False))
    story_of = {d: s["id"] for s in export["stories"] for d in s["documents"]}
    name = {d["id"]: Path(d["source"].split("#")[0]).name for d in export["documents"]}
    sample = [d for d in story_of if not name[d].startswith("bbc")]
    gold = {d: name[d].startswith(SAMPLE_STORY) for d in story_of}
    tp = fp = fn = 0
    for a, b in combinations(sorted(story_of), 2):
        if a not in sample and b not in sample:
            continue  # BBC-BBC pairs: no gold
        same_gold = gold[a] and gold[b]
        same_pred = story_of[a] == story_of[b]
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    main_story = {story_of[d] for d in story_of if gold[d]}
    pulled = sum(1 for d in story_of if story_of[d] in main_story and not gold[d])
    cats = [{category.get(Path(d["source"]).name) for d in export["documents"] if d["id"] in s["documents"]}
            - {None} for s in export["stories"]]
    bbc_sizes = [sum(1 for d in s["documents"] if name[d].startswith("bbc")) for s in export["stories"]]
    result = {"bbc_articles": args.bbc, "documents": len(story_of), "stories": len(export["stories"]),
              "pair_precision": round(p, 3), "pair_recall": round(r, 3), "pair_f1": round(f, 3),
              "sample_story_split_into": len(main_story), "others_pulled_into_sample_story": pulled,
              "stories_mixing_bbc_categories": sum(1 for c in cats if len(c) > 1),
              "largest_bbc_story": max(bbc_sizes, default=0),
              "bbc_articles_in_groups": sum(n for n in bbc_sizes if n > 1)}
    print(json.dumps(result, indent=1))
    if args.json_out:
        args.json_out.parent.mkdir(parents=True, exist_ok=True)
        args.json_out.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
